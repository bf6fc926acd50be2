using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>What the management API refuses before and while saving: repeated keys, oversized bodies, over-long and multi-line one-line fields; nothing is stored then.</summary>
public sealed class ManagementLimitsTests
{
    /// <summary>A body whose length is not known in advance, so it is sent without Content-Length.</summary>
    private sealed class Unsized(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private sealed record Setup(PromoSiteFactory App, AdminClient Editor, string Url, string ETag);

    private static async Task<Setup> StartAsync(DatabaseProvider provider, Dictionary<string, string>? settings = null)
    {
        var app = await PromoSiteFactory.StartWithFixtureAsync(provider, settings);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var url = $"/api/v1/manage/ocop-products/{await app.ItemIdAsync("buoi-tan-trieu")}";
        var read = await editor.Http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return new Setup(app, editor, url, read.Headers.ETag!.ToString());
    }

    private static HttpRequestMessage Put(string url, string json, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }

    private static async Task<int> RevisionsAsync(PromoSiteFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Revisions.CountAsync();
    }

    private static async Task<(HttpStatusCode Status, JsonObject Problem)> SendAsync(Setup setup, string json)
    {
        using var response = await setup.Editor.Http.SendAsync(Put(setup.Url + "/en", json, setup.ETag));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_repeated_key_at_any_depth_is_400_naming_the_key_and_nothing_is_saved(DatabaseProvider provider)
    {
        var setup = await StartAsync(provider);
        await using var app = setup.App;
        var before = await RevisionsAsync(app);

        var (topStatus, top) = await SendAsync(setup, """{"fields":{"title":"Pomelo","summary":"Sweet."},"status":"draft","status":"published"}""");
        var (nestedStatus, nested) = await SendAsync(setup, """{"fields":{"title":"Pomelo","summary":"Sweet.","title":"Other"},"status":"draft"}""");

        Assert.Equal(HttpStatusCode.BadRequest, topStatus);
        Assert.Contains("status", (string?)top["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nestedStatus);
        Assert.Contains("title", (string?)nested["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await RevisionsAsync(app));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_body_over_the_json_limit_is_413_and_nothing_is_saved(DatabaseProvider provider)
    {
        var setup = await StartAsync(provider, new() { ["Cms:MaxJsonBodyBytes"] = "65536" });
        await using var app = setup.App;
        var before = await RevisionsAsync(app);
        var body = new JsonObject { ["fields"] = new JsonObject { ["title"] = "Pomelo", ["summary"] = "Sweet.", ["body"] = new string('a', 70_000) }, ["status"] = "draft" }.ToJsonString();

        var (status, problem) = await SendAsync(setup, body);
        using var chunked = Put(setup.Url + "/en", body, setup.ETag);
        chunked.Content = new StreamContent(new Unsized(Encoding.UTF8.GetBytes(body))); // no Content-Length: read until the limit
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var chunkedResponse = await setup.Editor.Http.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("65536", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);
        Assert.Equal(before, await RevisionsAsync(app));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_default_json_limit_refuses_a_25_mb_body_and_takes_an_ordinary_save(DatabaseProvider provider)
    {
        var setup = await StartAsync(provider);
        await using var app = setup.App;
        var huge = new JsonObject { ["fields"] = new JsonObject { ["title"] = "Pomelo", ["summary"] = new string('a', 25 * 1024 * 1024) }, ["status"] = "draft" }.ToJsonString();

        var (hugeStatus, _) = await SendAsync(setup, huge);
        var (okStatus, _) = await SendAsync(setup, """{"fields":{"title":"Tan Trieu pomelos","summary":"Sweet."},"status":"draft"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeStatus);
        Assert.Equal(HttpStatusCode.OK, okStatus);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_line_break_in_a_title_is_400_naming_the_field_and_nothing_is_saved(DatabaseProvider provider)
    {
        var setup = await StartAsync(provider);
        await using var app = setup.App;
        var before = await RevisionsAsync(app);

        var (status, problem) = await SendAsync(setup, """{"fields":{"title":"Tan Trieu\npomelo","summary":"Sweet."},"status":"published"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("title", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("single line", problem["errors"]!["title"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await RevisionsAsync(app));
        var live = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/v1/en/ocop-products/tan-trieu-pomelo");
        Assert.Equal("Tan Trieu pomelo", (string?)live!["title"]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_100000_character_seo_title_is_400_naming_the_field(DatabaseProvider provider)
    {
        var setup = await StartAsync(provider);
        await using var app = setup.App;
        var before = await RevisionsAsync(app);
        var body = new JsonObject { ["fields"] = new JsonObject { ["title"] = "Pomelo", ["summary"] = "Sweet." }, ["status"] = "draft", ["seoTitle"] = new string('x', 100_000) }.ToJsonString();

        var (status, problem) = await SendAsync(setup, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("200", problem["errors"]!["seoTitle"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await RevisionsAsync(app));
    }
}
