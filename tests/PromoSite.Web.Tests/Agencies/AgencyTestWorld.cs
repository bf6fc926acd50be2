using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Agencies;

/// <summary>
/// The fixture content with two agencies: the OCOP office owns the ocop section (buoi-tan-trieu,
/// hat-dieu, chom-chom), the heritage office the heritage section (mo-co-hang-gon).
/// </summary>
internal static class AgencyTestWorld
{
    public const string Agencies = """
        - key: van-phong-ocop
          vi: Văn phòng OCOP
          en: OCOP Office
          phone: "+84 251 000 0000"
          sections: [ocop]
        - key: ban-di-san
          vi: Ban Di sản
          en: Heritage Office
          sections: [heritage]
        """;

    public static ContentFolder Content(string? agencies = Agencies)
    {
        var content = ContentFolder.Fixture();
        if (agencies is not null)
        {
            File.WriteAllText(Path.Combine(content.Path, AgencySeed.FileName), agencies.ReplaceLineEndings("\n"));
        }

        return content;
    }

    /// <summary>A signed-in user of this role, in these agencies (by key), for these languages.</summary>
    public static async Task<AdminClient> UserAsync(PromoSiteFactory app, string email, Role role, string[] agencies, params string[] locales)
    {
        var client = await AdminClient.ForNewUserAsync(app, email, role, locales);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var directory = scope.ServiceProvider.GetRequiredService<AgencyDirectory>();
        var (ids, unknown) = await directory.ResolveAsync(agencies);
        Assert.Empty(unknown);
        await directory.SetMembershipAsync(userId, ids);
        await db.SaveChangesAsync();
        return client;
    }

    public static async Task<string?> EtagAsync(AdminClient client, string type, long id) =>
        (await client.Http.GetAsync(new Uri($"/api/v1/manage/{type}/{id}", UriKind.Relative))).Headers.ETag?.ToString();

    /// <summary>Saves one language through the management API, as a script would.</summary>
    public static async Task<HttpResponseMessage> PutAsync(AdminClient client, string type, long id, string locale, string status, JsonObject? shared = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/{type}/{id}/{locale}")
        {
            Content = JsonContent.Create(new { fields = new JsonObject { ["title"] = $"Tiêu đề {locale} {status}", ["summary"] = "Tóm tắt." }, status, shared }),
        };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(client, type, id) ?? "\"0\""));
        return await client.Http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> TrashAsync(AdminClient client, string type, long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/manage/{type}/{id}");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(client, type, id) ?? "\"0\""));
        return await client.Http.SendAsync(request);
    }

    /// <summary>Posts the edit form by hand (as a forger would, whatever the page offered), with the user's own antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostEditAsync(PromoSiteFactory app, AdminClient client, string type, long id, string locale, string action)
    {
        var (_, page) = await client.GetAsync("/admin/password");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        int version;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            version = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Id == id).Select(i => i.Version).SingleAsync();
        }

        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["action"] = action,
            ["version"] = version.ToString(CultureInfo.InvariantCulture),
            ["f.title"] = "Tiêu đề đã sửa",
            ["f.summary"] = "Tóm tắt đã sửa.",
        };
        return await client.Http.PostAsync(new Uri($"/admin/content/{type}/{id}/{locale}/edit", UriKind.Relative), new FormUrlEncodedContent(fields));
    }
}
