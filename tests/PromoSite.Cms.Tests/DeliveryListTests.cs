using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

/// <summary>
/// Lists are filtered and sorted on the snapshot's values and only the page asked for is delivered (issue 18); these pin
/// that the pages, and the one-pass list a sitemap reads, are what delivering every item and sorting it would give.
/// </summary>
public sealed class DeliveryListTests
{
    // 230 products: more than two pages of a hundred. Every third has no rating (sorts last either way), many share a
    // rating and some share a title (the title, then the id, breaks ties), every fourth has no English version
    // (it shows in English as a Vietnamese fallback), every fifth is a beverage (the filter).
    private static async Task<CmsHarness> CatalogueAsync(DatabaseProvider provider)
    {
        var cms = await CmsHarness.CreateAsync(provider);
        await cms.EditAsync(async (editor, _) =>
        {
            for (var n = 0; n < 230; n++)
            {
                var shared = new JsonObject { ["category"] = n % 5 == 0 ? "beverage" : "food" };
                if (n % 3 != 0)
                {
                    shared["stars"] = 3 + n % 3;
                }

                var title = $"Sản phẩm {n % 40:D2}";
                var created = await editor.CreateAsync(OcopProduct.Key, $"p{n:D3}", shared,
                    new LocalizationInput("vi", new JsonObject { ["title"] = title, ["summary"] = "Tóm tắt." }, LocalizationStatus.Published), "tester");
                Assert.True(created.Succeeded, string.Join("; ", created.Errors));
                if (n % 4 != 0)
                {
                    var english = await editor.SaveAsync(created.Item!.Id, null, null,
                        new LocalizationInput("en", new JsonObject { ["title"] = $"Product {n % 40:D2}", ["summary"] = "Summary." }, LocalizationStatus.Published), "tester");
                    Assert.True(english.Succeeded, string.Join("; ", english.Errors));
                }
            }

            return 0;
        });
        return cms;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_page_of_a_list_is_the_slice_of_one_sorted_list_and_the_one_pass_list_is_all_of_them(DatabaseProvider provider)
    {
        await using var cms = await CatalogueAsync(provider);
        foreach (var query in new[]
        {
            new ContentQuery("en", OcopProduct.Key),
            new ContentQuery("en", OcopProduct.Key, Sort: "-stars"),
            new ContentQuery("en", OcopProduct.Key, Sort: "stars"),
            new ContentQuery("vi", OcopProduct.Key, Sort: "-title"),
            new ContentQuery("en", OcopProduct.Key, new Dictionary<string, string> { ["category"] = "beverage" }, Sort: "-stars"),
        })
        {
            var all = await cms.Delivery.ListAllAsync(query);
            var paged = new List<DeliveredItem>();
            for (var page = 1; page <= 3; page++)
            {
                var result = await cms.Delivery.ListAsync(query with { Page = page, PageSize = 100 });
                Assert.Equal(all.Count, result.TotalItems);
                paged.AddRange(result.Items);
            }

            Assert.Equal(all.Select(i => i.Id), paged.Select(i => i.Id));
            Assert.Equal(query.Filters is null ? 230 : 46, all.Count);
            Assert.Equal(Expected(all, query.Sort ?? "title").Select(i => i.Id), all.Select(i => i.Id));
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_listed_item_is_delivered_whole_in_its_own_language_or_as_a_marked_fallback(DatabaseProvider provider)
    {
        await using var cms = await CatalogueAsync(provider);
        var all = await cms.Delivery.ListAllAsync(new ContentQuery("en", OcopProduct.Key));
        var fallback = Assert.Single(all, i => i.Key == "p004");
        Assert.True(fallback.IsFallback);
        Assert.Equal("vi", fallback.ResolvedLocale);
        Assert.Equal("Sản phẩm 04", fallback.Title);
        var own = Assert.Single(all, i => i.Key == "p005");
        Assert.False(own.IsFallback);
        Assert.Equal("Product 05", own.Title);
        Assert.Equal(5, own.Fields["stars"]!.GetValue<int>());
        Assert.Equal("beverage", own.Fields["category"]!.GetValue<string>());
        Assert.Equal(["en", "vi"], own.Alternates.Select(a => a.Locale).Order());
        Assert.Equal("Summary.", own.Summary);
    }

    /// <summary>The order the contract promises, worked out from the delivered items themselves.</summary>
    private static IEnumerable<DeliveredItem> Expected(List<DeliveredItem> items, string sort)
    {
        var name = sort.TrimStart('-');
        var descending = sort.StartsWith('-');
        IComparable? Key(DeliveredItem i) => name == "title" ? i.Title : i.Fields[name]?.GetValue<int>();
        return items
            .OrderBy(i => Key(i) is null ? 1 : 0)
            .ThenBy(i => descending ? null : Key(i))
            .ThenByDescending(i => descending ? Key(i) : null)
            .ThenBy(i => i.Title, StringComparer.Ordinal)
            .ThenBy(i => i.Id);
    }
}
