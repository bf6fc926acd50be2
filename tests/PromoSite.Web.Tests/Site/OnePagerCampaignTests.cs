using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>Issue #19, finding 4: the officer chooses the short link (and so the campaign) a one-pager prints; the sheet says whom to ask.</summary>
public sealed class OnePagerCampaignTests
{
    private const string Seoul = "Seoul investment conference 2026";

    [Theory, ClassData(typeof(Providers))]
    public async Task A_one_pager_prints_the_qr_code_of_the_chosen_link_or_campaign_and_a_contact_and_refuses_unknown_choices(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        ShortLink link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (var created, _) = await scope.ServiceProvider.GetRequiredService<ShortLinkService>().CreateAsync(await app.ItemIdAsync("buoi-tan-trieu"), "ko", Seoul, "print", "officer");
            link = created!;
        }

        // /admin/links offers the one-pager of each link whose item has one.
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var (_, links) = await editor.GetAsync("/admin/links");
        Assert.NotNull(links.QuerySelector($"a[href='/s/{link.Code}/print']"));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var toPrint = await client.GetAsync(new Uri($"/s/{link.Code}/print", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, toPrint.StatusCode);
        Assert.Equal($"/ko/print/ocop/tan-trieu-pomelo?link={link.Code}", toPrint.Headers.Location?.OriginalString);

        async Task<(string? Code, string Contact)> PrintedAsync(string query)
        {
            var response = await client.GetAsync(new Uri("/ko/print/ocop/tan-trieu-pomelo" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
            return (page.QuerySelector("img.qr")!.GetAttribute("src")!.Split('/')[2], page.QuerySelector(".sheet-foot .contact")!.TextContent);
        }

        var (chosen, contact) = await PrintedAsync($"?link={link.Code.ToLowerInvariant()}");
        Assert.Equal(link.Code, chosen);
        Assert.Contains("문의처", contact, StringComparison.Ordinal);
        Assert.Contains("동나이성 투자·무역·관광진흥센터", contact, StringComparison.Ordinal); // no agency owns the fixture: the promotion contact
        Assert.Equal(link.Code, (await PrintedAsync("?campaign=" + Uri.EscapeDataString(Seoul))).Code);
        var (plain, _) = await PrintedAsync(""); // not the chosen one from the cache
        Assert.NotEqual(link.Code, plain);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ko/print/ocop/tan-trieu-pomelo?link=ZZZZZ", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ko/print/ocop/tan-trieu-pomelo?campaign=nobody-made-this", UriKind.Relative))).StatusCode);
        var other = await app.ItemIdAsync("hat-dieu");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (elsewhere, _) = await scope.ServiceProvider.GetRequiredService<ShortLinkService>().CreateAsync(other, "ko", Seoul, "print", "officer");
            // A link to another item cannot be printed on this one.
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/ko/print/ocop/tan-trieu-pomelo?link={elsewhere!.Code}", UriKind.Relative))).StatusCode);
        }

        // A scan of the printed code counts for the chosen campaign.
        var scan = await client.GetAsync(new Uri($"/s/{chosen}", UriKind.Relative));
        Assert.Contains("utm_campaign=Seoul investment conference 2026", Uri.UnescapeDataString(scan.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_parks_one_pager_prints_the_contact_of_the_agency_that_owns_it(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        var parks = await client.GetFromJsonAsync<JsonObject>("/api/v1/en/industrial-parks?pageSize=1");
        var path = new Uri((string)parks!["items"]![0]!["url"]!).AbsolutePath;
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri("/en/print" + path[3..], UriKind.Relative)));
        Assert.Contains("Đồng Nai Industrial Parks Authority", page.QuerySelector(".sheet-foot .contact")!.TextContent, StringComparison.Ordinal);
    }
}
