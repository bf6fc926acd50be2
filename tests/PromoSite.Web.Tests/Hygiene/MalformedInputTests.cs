using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>Malformed requests to the management API get a 4xx that says what is wrong, never a 500, and change nothing.</summary>
public sealed class MalformedInputTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Text_that_is_not_valid_unicode_and_bodies_that_are_not_json_are_refused_with_a_reason(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        var client = await AdminClient.ForNewUserAsync(app, "malformed.editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var etag = (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag!;

        // A lone surrogate, escaped as JSON allows but Unicode does not.
        using var surrogate = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/ko")
        {
            Content = new StringContent("""{"fields":{"title":"bad \ud800 text","summary":"S."},"status":"draft"}""", Encoding.UTF8, "application/json"),
        };
        surrogate.Headers.IfMatch.Add(etag);
        using var refused = await client.Http.SendAsync(surrogate);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("surrogate", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // Bytes that are not UTF-8 (Windows-1258 "ạ" is 0xF2, a lead byte with nothing after it): refused
        // with where they are, not turned into U+FFFD and saved.
        byte[] legacy = [.. Encoding.UTF8.GetBytes("""{"fields":{"title":"C"""), 0xF2, .. Encoding.UTF8.GetBytes(""" phê","summary":"S."},"status":"draft"}""")];
        using var notUtf8 = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/ko") { Content = new ByteArrayContent(legacy) };
        notUtf8.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        notUtf8.Headers.IfMatch.Add(etag);
        using var refusedBytes = await client.Http.SendAsync(notUtf8);
        Assert.Equal(HttpStatusCode.BadRequest, refusedBytes.StatusCode);
        Assert.Contains("not UTF-8 at line 1, byte 22", await refusedBytes.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same body as text/plain: the wrong media type, said as such.
        using var plain = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/ko")
        {
            Content = new StringContent("""{"fields":{"title":"Tiêu đề","summary":"S."},"status":"draft"}""", Encoding.UTF8, "text/plain"),
        };
        plain.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.Http.SendAsync(plain)).StatusCode);

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/manage/ocop-products") { Content = new StringContent("key=x", Encoding.UTF8, "application/x-www-form-urlencoded") };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.Http.SendAsync(create)).StatusCode);

        // Nothing changed: the version read at the start still holds.
        Assert.Equal(etag, (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag);
    }
}
