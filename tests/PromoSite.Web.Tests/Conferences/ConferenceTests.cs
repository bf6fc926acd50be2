using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Conferences;

/// <summary>Issue #21, item 2: a conference is content with a campaign, and its QR kit counts what its materials bring.</summary>
public sealed class ConferenceTests
{
    private const string RootEmail = "root@dongnai.example";
    private const string RootPassword = "river mango lantern 2026";
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private static Dictionary<string, string> Settings() => new() { ["Admin:Email"] = RootEmail, ["Admin:Password"] = RootPassword };

    private static JsonObject Shared(string campaign, string timeZone = "Asia/Seoul", string country = "KR") => new()
    {
        ["kind"] = "conference",
        ["startDate"] = "2027-04-15",
        ["endDate"] = "2027-04-16",
        ["timeZone"] = timeZone,
        ["country"] = country,
        ["spokenLanguages"] = new JsonArray("vi", "ko"),
        ["ocopProducts"] = new JsonArray("buoi-tan-trieu", "hat-dieu"),
        ["campaign"] = campaign,
    };

    private static LocalizationInput Source(string title) => new("vi", new JsonObject
    {
        ["title"] = title,
        ["summary"] = "Giới thiệu sản phẩm OCOP của Đồng Nai với nhà nhập khẩu Hàn Quốc.",
        ["city"] = "Seoul",
        ["venue"] = "Trung tâm hội nghị ở Seoul",
        ["agenda"] = "- **09:00** – Khai mạc\n- **10:00** – Giới thiệu sản phẩm",
        ["speakers"] = new JsonArray("Đại diện Trung tâm Xúc tiến"),
    }, LocalizationStatus.Published);

    private static async Task<EditOutcome> CreateAsync(PromoSiteFactory app, string key, JsonObject shared, string title = "Hội nghị xúc tiến tại Seoul")
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentEditor>().CreateAsync("conferences", key, shared, Source(title), "test");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_conference_round_trips_through_the_api_and_wrong_facts_are_refused_with_their_reason_and_nothing_saved(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, Settings());
        var created = await CreateAsync(app, "seoul-2027", Shared("xtdt-seoul-2027"));
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Message)));

        var list = JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/vi/conferences", UriKind.Relative)))!;
        var fields = list["items"]!.AsArray().Single()!["fields"]!;
        Assert.Equal("conference", (string?)fields["kind"]);
        Assert.Equal("2027-04-15", (string?)fields["startDate"]);
        Assert.Equal("Asia/Seoul", (string?)fields["timeZone"]);
        Assert.Equal("KR", (string?)fields["country"]);
        Assert.Equal(["vi", "ko"], fields["spokenLanguages"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["buoi-tan-trieu", "hat-dieu"], fields["ocopProducts"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("xtdt-seoul-2027", (string?)fields["campaign"]);
        Assert.Equal("Seoul", (string?)fields["city"]);
        Assert.Equal(["Đại diện Trung tâm Xúc tiến"], fields["speakers"]!.AsArray().Select(n => (string?)n));

        // Each wrong fact is refused with its own code; the one conference stays as it was.
        Assert.Equal(["campaignTaken"], (await CreateAsync(app, "seoul-again", Shared("xtdt-seoul-2027"))).Errors.Select(e => e.Code));
        Assert.Equal(["campaignForm"], (await CreateAsync(app, "bad-campaign", Shared("Seoul 2027!"))).Errors.Select(e => e.Code));
        Assert.Equal(["timeZone"], (await CreateAsync(app, "bad-zone", Shared("ok-1", timeZone: "Seoul"))).Errors.Select(e => e.Code));
        Assert.Equal(["countryCode"], (await CreateAsync(app, "bad-country", Shared("ok-2", country: "Korea"))).Errors.Select(e => e.Code));
        var noProduct = Shared("ok-3");
        noProduct["ocopProducts"] = new JsonArray("no-such-product");
        Assert.Equal(["missingReference"], (await CreateAsync(app, "bad-material", noProduct)).Errors.Select(e => e.Code));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Equal(["seoul-2027"], await db.Items.Where(i => i.Type == "conferences").Select(i => i.Key).ToListAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_qr_kit_makes_one_link_per_page_and_language_once_and_the_admin_page_counts_each_scan_exactly(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, Settings());
        Assert.True((await CreateAsync(app, "seoul-2027", Shared("xtdt-seoul-2027"))).Succeeded);
        var id = await app.ItemIdAsync("seoul-2027");
        var editor = await AdminClient.ForNewUserAsync(app, "officer@dongnai.example", Role.Editor);

        // Who may not: a translator, on the page and through its form alike.
        var translator = await AdminClient.ForNewUserAsync(app, "translator@dongnai.example", Role.Translator, "ko");
        Assert.NotEqual(HttpStatusCode.OK, (await translator.GetAsync($"/admin/conferences/{id}")).Response.StatusCode);

        var (made, _) = await editor.SubmitAsync($"/admin/conferences/{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Equal($"/admin/conferences/{id}?done=made&count=6", made.Headers.Location!.OriginalString); // 3 pages × vi, ko
        var (again, _) = await editor.SubmitAsync($"/admin/conferences/{id}", new Dictionary<string, string>());
        Assert.Equal($"/admin/conferences/{id}?done=complete", again.Headers.Location!.OriginalString);

        List<(long ItemId, string Locale, string Code)> links;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            links = [.. (await scope.ServiceProvider.GetRequiredService<CmsDbContext>().ShortLinks.AsNoTracking()
                .Where(l => l.Campaign == "xtdt-seoul-2027").ToListAsync()).Select(l => (l.ItemId, l.Locale, l.Code))];
        }

        Assert.Equal(6, links.Count);
        Assert.Equal(6, links.Select(l => (l.ItemId, l.Locale)).Distinct().Count());
        var products = new[] { await app.ItemIdAsync("buoi-tan-trieu"), await app.ItemIdAsync("hat-dieu") };
        Assert.Equal(new[] { id, products[0], products[1] }.Order(), links.Select(l => l.ItemId).Distinct().Order());

        var (_, before) = await editor.GetAsync($"/admin/conferences/{id}");
        Assert.Equal(6, before.QuerySelectorAll("#kit tbody tr").Length);
        Assert.All(before.QuerySelectorAll("#kit tbody tr img"), img => Assert.Matches("^/s/[A-Z0-9]+/qr.svg$", img.GetAttribute("src")!));
        var pomeloKo = links.Single(l => l.ItemId == products[0] && l.Locale == "ko").Code;
        Assert.Contains(before.QuerySelectorAll("#kit a"), a => a.GetAttribute("href") == $"/ko/print/ocop/tan-trieu-pomelo?link={pomeloKo}");
        Assert.Equal("/admin/reports?campaign=xtdt-seoul-2027", before.QuerySelector("main a[href^='/admin/reports']")!.GetAttribute("href"));
        Assert.Equal("0", before.QuerySelector("[data-figure=scans]")!.TextContent);

        // Scripted scans: the conference's ko code twice, the pomelo's ko code once, and one landing followed.
        var conferenceKo = links.Single(l => l.ItemId == id && l.Locale == "ko").Code;
        var phone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        phone.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Phone);
        foreach (var code in new[] { conferenceKo, conferenceKo, pomeloKo })
        {
            var scan = await phone.GetAsync(new Uri($"/s/{code}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.MovedPermanently, scan.StatusCode);
        }

        var landing = await phone.GetAsync(new Uri($"/s/{pomeloKo}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(landing.Headers.Location!)).StatusCode);

        var (_, after) = await editor.GetAsync($"/admin/conferences/{id}");
        Assert.Equal("4", after.QuerySelector("[data-figure=scans]")!.TextContent);
        Assert.Equal("1", after.QuerySelector("[data-figure=views]")!.TextContent);
        Assert.Equal("2", after.QuerySelector($"#kit tr[data-code='{conferenceKo}'] .scans")!.TextContent);
        Assert.Equal("2", after.QuerySelector($"#kit tr[data-code='{pomeloKo}'] .scans")!.TextContent);
        Assert.Equal(4, after.QuerySelectorAll("#kit .scans").Count(c => c.TextContent == "0"));

        var (sheet, sheetPage) = await editor.GetAsync($"/admin/conferences/{id}/sheet");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal(6, sheetPage.QuerySelectorAll(".qr-grid img").Length);
    }
}
