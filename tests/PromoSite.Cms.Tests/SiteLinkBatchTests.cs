using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

/// <summary>
/// The site's own short links made in one batch (a static export): a few pages (an incremental export after an edit) read
/// only their items' links, so these pin that what exists is found and not made twice, and that what is made gets a
/// code no other link has, whichever links were read.
/// </summary>
public sealed class SiteLinkBatchTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task A_few_pages_links_are_made_once_with_codes_no_other_link_has(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var ids = await cms.EditAsync(async (editor, _) =>
        {
            var made = new List<long>();
            for (var n = 0; n < 3; n++)
            {
                var created = await editor.CreateAsync(OcopProduct.Key, $"p{n}", new JsonObject { ["category"] = "food", ["stars"] = 4 },
                    new LocalizationInput("vi", new JsonObject { ["title"] = $"Sản phẩm {n}", ["summary"] = "Tóm tắt." }, LocalizationStatus.Published), "tester");
                Assert.True(created.Succeeded, string.Join("; ", created.Errors));
                made.Add(created.Item!.Id);
            }

            return made;
        });

        // The whole site's links first, as a full export makes them; then one more campaign of one item, as after an edit.
        Assert.Equal(6, await EnsureAsync(cms, ids.SelectMany(id => new[] { Request(id, "qr"), Request(id, "print") })));
        Assert.Equal(0, await EnsureAsync(cms, [Request(ids[1], "qr"), Request(ids[1], "print")]));
        Assert.Equal(1, await EnsureAsync(cms, [Request(ids[1], "qr"), Request(ids[1], "poster")]));
        Assert.Equal(0, await EnsureAsync(cms, [Request(ids[1], "poster")]));

        await using var db = cms.NewContext();
        var links = await db.ShortLinks.AsNoTracking().ToListAsync();
        Assert.Equal(7, links.Count);
        Assert.Equal(links.Count, links.Select(l => l.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Single(links, l => l.ItemId == ids[1] && l.Campaign == "poster");
    }

    private static SiteLinkRequest Request(long id, string campaign) => new(id, "vi", campaign, "qr");

    private static async Task<int> EnsureAsync(CmsHarness cms, IEnumerable<SiteLinkRequest> wanted)
    {
        // An empty cache each time, as in a new export process: what exists must be found in the database.
        await using var scope = cms.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var links = new ShortLinkService(services.GetRequiredService<CmsDbContext>(), services.GetRequiredService<PromoSite.Cms.Delivery.IContentDelivery>(),
            services.GetRequiredService<TimeProvider>(), new SiteLinkCache());
        return await links.EnsureSiteLinksAsync(wanted);
    }
}
