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

/// <summary>
/// Every role against every action, over HTTP, with requests made by hand (as a forger would):
/// what the server allows must be exactly what the role allows.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    public static TheoryData<Role, string> Matrix() => new()
    {
        // role, then for each action in Actions: 1 allowed, 0 refused
        { Role.Viewer,        "1 0 0 0 0 0 0 0 0 0 0 0 0 0" },
        { Role.Translator,    "1 1 0 0 0 0 0 0 0 0 0 0 0 0" },
        { Role.Reviewer,      "1 1 1 0 0 0 0 0 0 0 0 0 0 0" },
        { Role.Editor,        "1 1 1 1 1 1 1 1 0 0 0 1 1 1" },
        { Role.Administrator, "1 1 1 1 1 1 1 1 1 1 1 1 1 1" },
    };

    private static readonly string[] Actions =
    [
        "read an item", "save a Korean draft", "publish Korean", "save a Japanese draft", "publish Japanese", "change the Vietnamese source",
        "create an item", "move an item to the trash", "purge the trash", "manage users", "read the audit log", "upload to the media library",
        "read accreditation requests", "triage an accreditation request",
    ];

    [Theory, MemberData(nameof(Matrix))]
    public async Task Each_role_can_do_exactly_what_it_is_allowed(Role role, string expected)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        var email = $"{role.ToString().ToLowerInvariant()}@dongnai.example";
        var client = await AdminClient.ForNewUserAsync(app, email, role, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var trashable = await app.ItemIdAsync("hat-dieu");
        var results = new List<bool>
        {
            await ReadAsync(client, id),
            await PutAsync(client, id, "ko", "draft"),
            await PutAsync(client, id, "ko", "published"),
            await PutAsync(client, id, "ja", "draft"),
            await PutAsync(client, id, "ja", "published"),
            await PutAsync(client, id, "vi", "draft", shared: true),
            (await client.Http.PostAsJsonAsync("/api/v1/manage/ocop-products", new { key = "new-item", shared = new JsonObject { ["category"] = "food" }, source = new { fields = new JsonObject { ["title"] = "Mới", ["summary"] = "Mới." }, status = "draft" } })).StatusCode == HttpStatusCode.Created,
            await TrashAsync(client, trashable),
            await PurgeAsync(app, client, trashable),
            (await client.GetAsync("/admin/users")).Response.StatusCode == HttpStatusCode.OK,
            (await client.GetAsync("/admin/audit")).Response.StatusCode == HttpStatusCode.OK,
            await UploadMediaAsync(client),
            (await client.GetAsync("/admin/press/accreditations")).Response.StatusCode == HttpStatusCode.OK,
            await TriageAccreditationAsync(app, client),
        };

        var wanted = expected.Split(' ').Select(v => v == "1").ToList();
        var wrong = Actions.Where((_, i) => results[i] != wanted[i]).Select((a, i) => a).ToList();
        Assert.True(wrong.Count == 0, $"{role}: allowed/refused wrongly: {string.Join(", ", wrong)}");
    }

    private static async Task<bool> ReadAsync(AdminClient client, long id) =>
        (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).StatusCode == HttpStatusCode.OK;

    private static async Task<string?> EtagAsync(AdminClient client, long id) =>
        (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag?.ToString();

    private static async Task<bool> PutAsync(AdminClient client, long id, string locale, string status, bool shared = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/{locale}")
        {
            Content = JsonContent.Create(new
            {
                fields = new JsonObject { ["title"] = $"Title {locale} {status}", ["summary"] = "Summary." },
                status,
                shared = shared ? new JsonObject { ["stars"] = 4, ["category"] = "food" } : null,
            }),
        };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(client, id) ?? "\"0\""));
        var response = await client.Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<bool> TrashAsync(AdminClient client, long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/manage/ocop-products/{id}");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(client, id) ?? "\"0\""));
        return (await client.Http.SendAsync(request)).StatusCode == HttpStatusCode.NoContent;
    }

    /// <summary>Purges through the admin form with a valid token of the user's own, whether or not the page offers the button.</summary>
    private static async Task<bool> PurgeAsync(PromoSiteFactory app, AdminClient client, long id)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Make sure there is something to purge whatever the role could trash.
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.DeletedAt, DateTime.UtcNow));
        }

        var (_, page) = await client.GetAsync("/admin/password");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await client.Http.PostAsync(new Uri("/admin/trash?handler=Purge", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        await using var check = app.Services.CreateAsyncScope();
        return !await check.ServiceProvider.GetRequiredService<CmsDbContext>().Items.AnyAsync(i => i.Id == id);
    }

    /// <summary>A status change posted by hand (with the user's own antiforgery token), as a forger who knows the form would.</summary>
    private static async Task<bool> TriageAccreditationAsync(PromoSiteFactory app, AdminClient client)
    {
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var request = new PromoSite.Cms.Press.AccreditationRequest { Locale = "en", EventTitle = "Fair", Name = "N", MediaOutlet = "M", Email = "n@example.com", ReceivedAt = DateTime.UtcNow };
            db.Add(request);
            await db.SaveChangesAsync();
            id = request.Id;
        }

        var (_, page) = await client.GetAsync("/admin/password");
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await client.Http.PostAsync(new Uri("/admin/press/accreditations", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = "Approved" }));
        await using var check = app.Services.CreateAsyncScope();
        return await check.ServiceProvider.GetRequiredService<CmsDbContext>().Set<PromoSite.Cms.Press.AccreditationRequest>().AnyAsync(r => r.Id == id && r.Status == PromoSite.Cms.Press.AccreditationStatus.Approved);
    }

    /// <summary>A one-file upload to the library, with the user's own antiforgery token (whatever their page shows).</summary>
    private static async Task<bool> UploadMediaAsync(AdminClient client)
    {
        var (_, page) = await client.GetAsync("/admin/password");
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(TestImages.SmallPng), "uploads", "a.png" } };
        using var response = await client.Http.PostAsync(new Uri("/admin/media", UriKind.Relative), form);
        return response.StatusCode == HttpStatusCode.OK;
    }
}

/// <summary>
/// The agency half of the matrix: a member of the OCOP office (owner of the ocop section) against an
/// item of their own agency and one of the heritage office's, over the management API and the admin's
/// edit form, on both databases. Translators work across agencies in their languages; administrators
/// (who belong to no agency) everywhere.
/// </summary>
public sealed class AgencyAuthorizationMatrixTests
{
    public static TheoryData<Role, string, DatabaseProvider> Matrix()
    {
        var rows = new (Role, string)[]
        {
            // role, then for each action in Actions: 1 allowed, 0 refused
            (Role.Viewer,        "0 0 0 0 0 0 0 0"),
            (Role.Translator,    "1 1 0 0 0 0 0 0"),
            (Role.Reviewer,      "1 0 1 0 0 0 0 0"),
            (Role.Editor,        "1 0 1 0 1 0 1 0"),
            (Role.Administrator, "1 1 1 1 1 1 1 1"),
        };
        var data = new TheoryData<Role, string, DatabaseProvider>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var (role, expected) in rows)
            {
                data.Add(role, expected, provider);
            }
        }

        return data;
    }

    private static readonly string[] Actions =
    [
        "save own Korean (API)", "save other agency's Korean (API)", "publish own Korean (API)", "publish other agency's Korean (API)",
        "change own English (page)", "change other agency's English (page)", "trash own item (API)", "trash other agency's item (API)",
    ];

    [Theory, MemberData(nameof(Matrix))]
    public async Task Each_role_changes_exactly_what_its_agencies_allow(Role role, string expected, DatabaseProvider provider)
    {
        using var content = Agencies.AgencyTestWorld.Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        AdminClient client;
        if (role == Role.Administrator)
        {
            client = new AdminClient(app);
            await client.SignInAsync("root@dongnai.example", "river mango lantern 2026");
        }
        else
        {
            client = await Agencies.AgencyTestWorld.UserAsync(app, $"{role.ToString().ToLowerInvariant()}@ocop.example", role, ["van-phong-ocop"], "ko");
        }

        var own = await app.ItemIdAsync("buoi-tan-trieu");
        var other = await app.ItemIdAsync("mo-co-hang-gon");
        var ownTrash = await app.ItemIdAsync("hat-dieu");
        static bool Ok(HttpResponseMessage response) => response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent;
        static bool Saved(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/admin/content/", StringComparison.Ordinal);
        var results = new List<bool>
        {
            Ok(await Agencies.AgencyTestWorld.PutAsync(client, "ocop-products", own, "ko", "draft")),
            Ok(await Agencies.AgencyTestWorld.PutAsync(client, "heritage-sites", other, "ko", "draft")),
            Ok(await Agencies.AgencyTestWorld.PutAsync(client, "ocop-products", own, "ko", "published")),
            Ok(await Agencies.AgencyTestWorld.PutAsync(client, "heritage-sites", other, "ko", "published")),
            Saved(await Agencies.AgencyTestWorld.PostEditAsync(app, client, "ocop-products", own, "en", "draft")),
            Saved(await Agencies.AgencyTestWorld.PostEditAsync(app, client, "heritage-sites", other, "en", "draft")),
            Ok(await Agencies.AgencyTestWorld.TrashAsync(client, "ocop-products", ownTrash)),
            Ok(await Agencies.AgencyTestWorld.TrashAsync(client, "heritage-sites", other)),
        };

        var wanted = expected.Split(' ').Select(v => v == "1").ToList();
        var wrong = Actions.Where((_, i) => results[i] != wanted[i]).ToList();
        Assert.True(wrong.Count == 0, $"{role} ({provider}): allowed/refused wrongly: {string.Join(", ", wrong)}");
    }
}
