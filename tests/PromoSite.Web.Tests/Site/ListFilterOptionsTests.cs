using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// A list's free-text filter (a locality) offers the values of every published item: it offered those of the first
/// hundred only, and a value that is not offered is a 404, so past a hundred products a real locality's link broke.
/// </summary>
public sealed class ListFilterOptionsTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task A_locality_named_only_by_the_last_of_more_than_a_hundred_products_is_offered_and_its_list_answers(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        using (var scope = app.Services.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            for (var n = 0; n <= 110; n++)
            {
                var last = n == 110;
                var outcome = await editor.CreateAsync(OcopProduct.Key, $"bulk-{n:D3}",
                    new JsonObject { ["category"] = "food", ["locality"] = last ? "Xã Thử Nghiệm" : "Biên Hòa" },
                    new LocalizationInput("vi", new JsonObject { ["title"] = last ? "Zz sản phẩm cuối danh sách" : $"Sản phẩm {n:D3}", ["summary"] = "Tóm tắt." }, LocalizationStatus.Published),
                    "test");
                Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
            }
        }

        using var client = app.CreateClient();
        var parser = new HtmlParser();
        var all = parser.ParseDocument(await client.GetStringAsync(new Uri("/vi/ocop/", UriKind.Relative)));
        var offered = all.QuerySelectorAll("select[name=locality] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("Xã Thử Nghiệm", offered);
        Assert.Contains("Biên Hòa", offered);

        var response = await client.GetAsync(new Uri("/vi/ocop/?locality=" + Uri.EscapeDataString("Xã Thử Nghiệm"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var narrowed = parser.ParseDocument(await response.Content.ReadAsStringAsync());
        var card = Assert.Single(narrowed.QuerySelectorAll("ul.cards > li"));
        Assert.Contains("Zz sản phẩm cuối danh sách", card.TextContent, StringComparison.Ordinal);

        var unknown = await client.GetAsync(new Uri("/vi/ocop/?locality=" + Uri.EscapeDataString("Xã Không Có"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
