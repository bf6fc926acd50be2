using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>Delivery API errors say no more than the public page: never the title of an item that is not public.</summary>
public sealed class DeliveryErrorTests
{
    private const string Embargoed = "Nhà máy bán dẫn mới ở Long Thành";

    [Theory, ClassData(typeof(Providers))]
    public async Task A_scheduled_article_answers_404_without_its_title(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var outcome = await editor.CreateAsync(
                "articles",
                "nha-may-ban-dan",
                new JsonObject { ["date"] = "2026-12-01" },
                new LocalizationInput("vi", new JsonObject { ["title"] = Embargoed, ["summary"] = "Tin chưa công bố." }, LocalizationStatus.Published, Slug: "nha-may-ban-dan", PublishAt: DateTime.UtcNow.AddDays(30)),
                "test");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        }

        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/en/articles/nha-may-ban-dan", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(Embargoed, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nhà máy", body, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Unpublished_and_trashed_items_answer_without_their_titles(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        string[] titles = ["Tan Trieu pomelo", "Bưởi Tân Triều", "떤찌에우 자몽"];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            foreach (var locale in new[] { "ko", "en", "vi" })
            {
                var item = await db.Items.AsNoTracking().Include(i => i.Localizations).SingleAsync(i => i.Id == id);
                var localization = item.Localizations.Single(l => l.Locale == locale);
                var outcome = await editor.SaveAsync(id, item.Version, null, new LocalizationInput(locale, JsonNode.Parse(localization.FieldsJson)!.AsObject(), LocalizationStatus.Unpublished, localization.Slug), "test");
                Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
                db.ChangeTracker.Clear();
            }
        }

        var unpublished = await client.GetAsync(new Uri("/api/v1/en/ocop-products/tan-trieu-pomelo", UriKind.Relative));
        var unpublishedBody = await unpublished.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        Assert.Contains("\"unpublished\":true", unpublishedBody, StringComparison.Ordinal);
        Assert.All(titles, title => Assert.DoesNotContain(title, unpublishedBody, StringComparison.Ordinal));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentEditor>().TrashAsync(id));
        }

        var trashed = await client.GetAsync(new Uri("/api/v1/ko/ocop-products/tan-trieu-pomelo", UriKind.Relative));
        var trashedBody = await trashed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Gone, trashed.StatusCode);
        Assert.All(titles, title => Assert.DoesNotContain(title, trashedBody, StringComparison.Ordinal));
    }
}
