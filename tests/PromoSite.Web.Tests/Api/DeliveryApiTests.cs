using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Api;

public sealed class DeliveryApiTests
{
    private static async Task<JsonObject> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Korean_five_star_ocop_products_come_in_korean(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var page = await GetJsonAsync(app.CreateClient(), "/api/v1/ko/ocop-products?stars=5");

        var item = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("떤찌에우 자몽", (string?)item["title"]);
        Assert.Equal("ko", (string?)item["resolvedLocale"]);
        Assert.False((bool)item["isFallback"]!);
        Assert.Equal(5, (int)item["fields"]!["stars"]!);
        Assert.Equal("https://dongnai.example/ko/ocop/tan-trieu-pomelo", (string?)item["url"]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_missing_korean_translation_falls_back_to_english_and_says_so(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var page = await GetJsonAsync(app.CreateClient(), "/api/v1/ko/ocop-products?stars=4");

        var item = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("Salted roasted cashews", (string?)item["title"]);
        Assert.Equal(("ko", "en", true), ((string?)item["requestedLocale"], (string?)item["resolvedLocale"], (bool)item["isFallback"]!));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Drafts_never_reach_anonymous_callers(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();
        var page = await GetJsonAsync(client, "/api/v1/ja/ocop-products?stars=3");

        var item = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("vi", (string?)item["resolvedLocale"]);
        Assert.DoesNotContain("下書き", page.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(item["alternates"]!.AsArray(), a => (string?)a!["locale"] == "ja");
        var bySlug = await client.GetAsync(new Uri("/api/v1/ja/ocop-products/chom-chom-long-khanh", UriKind.Relative));
        Assert.DoesNotContain("下書き", await bySlug.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Alternates_list_every_published_translation_with_absolute_urls(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var item = await GetJsonAsync(app.CreateClient(), "/api/v1/vi/ocop-products/buoi-tan-trieu");

        var alternates = item["alternates"]!.AsArray().Select(a => ((string?)a!["locale"], (string?)a["url"])).ToList();
        Assert.Equal(
            [("vi", "https://dongnai.example/vi/ocop/buoi-tan-trieu"), ("en", "https://dongnai.example/en/ocop/tan-trieu-pomelo"), ("ko", "https://dongnai.example/ko/ocop/tan-trieu-pomelo")],
            alternates);
        Assert.Contains("<strong>", (string?)item["html"]!["body"] ?? "", StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_unchanged_resource_answers_304_to_its_etag(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();
        var first = await client.GetAsync(new Uri("/api/v1/vi/ocop-products", UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/vi/ocop-products");
        request.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/vi/ocop-products");
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_unknown_locale_is_a_400_listing_the_supported_ones(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/fr/ocop-products", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["vi", "en", "ko", "ja", "zh"], problem!["supportedLocales"]!.AsArray().Select(l => (string?)l));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_unknown_slug_is_a_404_problem(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/en/ocop-products/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/en/ocop-products?stars=many", "whole number")]
    [InlineData("/api/v1/en/ocop-products?colour=red", "filters: stars, category, locality")]
    [InlineData("/api/v1/en/ocop-products?category=weapons", "one of food")]
    [InlineData("/api/v1/en/ocop-products?pageSize=5000", "pageSize")]
    [InlineData("/api/v1/en/ocop-products?page=0", "page")]
    [InlineData("/api/v1/en/ocop-products?sort=price", "sort")]
    [InlineData("/api/v1/en/ocop-products?from=2026-01-01", "dated types")]
    [InlineData("/api/v1/en/events?from=yesterday", "yyyy-MM-dd")]
    [InlineData("/api/v1/en/recipes", "not a content type")]
    public async Task A_meaningless_query_is_a_400_or_404_that_says_what_is_wrong(string url, string message)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_old_slug_redirects_permanently_to_the_current_one(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var item = db.Items.Single(i => i.Key == "buoi-tan-trieu");
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var input = new LocalizationInput("en", new JsonObject { ["title"] = "Tan Trieu pomelo", ["summary"] = "Sweet pomelos from Tan Trieu village on the Dong Nai river.", ["body"] = "Pomelos grown on the banks of the Dong Nai river." }, LocalizationStatus.Published, Slug: "tan-trieu-pomelos");
            var outcome = await editor.SaveAsync(item.Id, null, null, input, "test");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        }

        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(new Uri("/api/v1/en/ocop-products/tan-trieu-pomelo", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/api/v1/en/ocop-products/tan-trieu-pomelos", response.Headers.Location?.ToString());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Lists_page_and_count(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var page = await GetJsonAsync(app.CreateClient(), "/api/v1/en/ocop-products?pageSize=2&page=2&sort=-stars");

        Assert.Equal((3, 2, 2), ((int)page["totalItems"]!, (int)page["totalPages"]!, (int)page["page"]!));
        Assert.Equal(3, (int)Assert.Single(page["items"]!.AsArray())!["fields"]!["stars"]!);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_delivery_routes()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var document = await GetJsonAsync(app.CreateClient(), "/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/{locale}/{type}", paths);
        Assert.Contains("/api/v1/{locale}/{type}/{slug}", paths);
        Assert.Contains("/api/v1/{locale}/publications/{series}/{issue}", paths);
    }
}
