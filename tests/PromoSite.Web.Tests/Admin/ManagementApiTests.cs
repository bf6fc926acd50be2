using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

public sealed class ManagementApiTests
{

    private static HttpRequestMessage Put(string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return request;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_write_needs_the_version_it_started_from_428_when_missing_412_when_stale(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var url = $"/api/v1/manage/ocop-products/{id}";

        var read = await editor.Http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.ToString();
        var body = new { fields = new JsonObject { ["title"] = "Tan Trieu pomelos", ["summary"] = "Sweet pomelos." }, status = "published" };

        Assert.Equal((HttpStatusCode)428, (await editor.Http.SendAsync(Put(url + "/en", body, null))).StatusCode);
        var saved = await editor.Http.SendAsync(Put(url + "/en", body, etag));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag!.ToString());
        var stale = await editor.Http.SendAsync(Put(url + "/en", new { fields = new JsonObject { ["title"] = "Overwrite", ["summary"] = "x" }, status = "published" }, etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var live = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/v1/en/ocop-products?stars=5");
        Assert.Equal("Tan Trieu pomelos", (string?)live!["items"]![0]!["title"]);
    }

    [Fact]
    public async Task The_api_applies_the_same_role_rules_as_the_admin()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var translator = await AdminClient.ForNewUserAsync(app, "ko@dongnai.example", Role.Translator, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var url = $"/api/v1/manage/ocop-products/{id}";
        var etag = (await translator.Http.GetAsync(new Uri(url, UriKind.Relative))).Headers.ETag!.ToString();
        var body = new { fields = new JsonObject { ["title"] = "자몽", ["summary"] = "자몽." }, status = "draft" };

        Assert.Equal(HttpStatusCode.Forbidden, (await translator.Http.SendAsync(Put(url + "/ja", body, etag))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.Http.SendAsync(Put(url + "/ko", body with { status = "published" }, etag))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.Http.SendAsync(Put(url + "/ko", new { fields = body.fields, status = "draft", shared = new JsonObject { ["stars"] = 3 } }, etag))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await translator.Http.SendAsync(Put(url + "/ko", body, etag))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Invalid_fields_are_a_validation_problem_naming_the_field()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var url = $"/api/v1/manage/ocop-products/{id}";
        var etag = (await editor.Http.GetAsync(new Uri(url, UriKind.Relative))).Headers.ETag!.ToString();
        var response = await editor.Http.SendAsync(Put(url + "/vi", new { fields = new JsonObject { ["title"] = "Bưởi", ["summary"] = "Ngon." }, shared = new JsonObject { ["stars"] = 9, ["category"] = "food" }, status = "published" }, etag));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(problem!["errors"]!["stars"]);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_management_routes()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var document = await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/manage/{type}/{id}/{locale}", paths);
        Assert.Contains("/api/v1/manage/{type}", paths);
    }
}
