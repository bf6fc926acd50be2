using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Press;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// The press room: official statements (embargo, corrections that stay visible), the room itself in
/// five languages, its Atom feed, and journalists' accreditation requests with their own inbox.
/// </summary>
public sealed class PressRoomTests
{
    /// <summary>The fixture plus a published statement in Vietnamese and English, a press officer and a coming event.</summary>
    internal static ContentFolder Content()
    {
        var folder = ContentFolder.Fixture();
        File.WriteAllText(Path.Combine(folder.Path, "agencies.yml"), Agencies.ReplaceLineEndings("\n"));
        return Statements(folder);
    }

    /// <summary>The issuing agencies the statements name by key; the Department of Industry and Trade has no Korean, Japanese or Chinese name.</summary>
    internal const string Agencies = """
        - key: ubnd-tinh
          vi: Ủy ban nhân dân tỉnh Đồng Nai
          en: Đồng Nai Provincial People's Committee
          ko: 동나이성 인민위원회
          ja: ドンナイ省人民委員会
          zh: 同奈省人民委员会
          website: https://dongnai.gov.vn
        - key: so-cong-thuong
          vi: Sở Công Thương tỉnh Đồng Nai
          en: Đồng Nai Department of Industry and Trade
        - key: so-tai-chinh
          vi: Sở Tài chính tỉnh Đồng Nai
          en: Đồng Nai Department of Finance
        """;

    private static ContentFolder Statements(ContentFolder folder) => folder.Write("statements", "thong-cao-mau", "vi", """
        ---
        title: Thông cáo về hội nghị xúc tiến đầu tư
        summary: Tỉnh tổ chức hội nghị xúc tiến đầu tư năm 2026.
        number: 01/TCBC-UBND
        date: 2026-11-20
        agency: ubnd-tinh
        priority: high
        ---
        Hội nghị giới thiệu các khu công nghiệp.
        """).Write("statements", "thong-cao-mau", "en", """
        ---
        title: Statement on the investment promotion conference
        summary: The province holds its 2026 investment promotion conference.
        ---
        The conference presents the industrial parks.
        """).Write("press-contacts", "bao-chi-ubnd", "vi", """
        ---
        title: Bộ phận báo chí
        role: Người phát ngôn
        agency: Ủy ban nhân dân tỉnh Đồng Nai
        email: baochi@dongnai.example
        phone: "+84 251 3822 000"
        ---
        """).Write("press-contacts", "bao-chi-ubnd", "en", """
        ---
        title: Press desk
        role: Spokesperson
        agency: People's Committee of Đồng Nai province
        ---
        """).Write("events", "hoi-nghi-2099", "vi", """
        ---
        title: Hội nghị xúc tiến đầu tư 2099
        summary: Hội nghị thường niên.
        startDate: 2099-03-01
        ---
        """);

    private static Dictionary<string, string> Admin() => new() { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" };

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path) =>
        await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(path, UriKind.Relative)));

    private static LocalizationInput Statement(string locale, string title, string body, string? note = null) =>
        new(locale, new JsonObject { ["title"] = title, ["summary"] = title + ".", ["body"] = body, ["correctionNote"] = note }, LocalizationStatus.Published);

    private static JsonObject Shared(DateTimeOffset? embargo = null) => new()
    {
        ["number"] = "07/TCBC-UBND", ["date"] = "2026-12-01", ["agency"] = "so-cong-thuong", ["priority"] = "urgent",
        ["embargo"] = embargo?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
    };

    [Theory, ClassData(typeof(Providers))]
    public async Task An_embargoed_statement_is_on_no_page_feed_list_sitemap_or_search_until_its_time_then_on_all(DatabaseProvider provider)
    {
        using var content = Content();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var site = new PromoSiteFactory(await TestDatabase.CreateAsync(provider), content.Path);
        await using var app = site.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        }));
        var client = app.CreateClient();
        var path = "/vi/press/statements/thong-cao-xylofon-khan";
        // What each reader would show: the title, or (a sitemap) the address. Case matters: the search echoes its lower-case query.
        var watched = new (string Page, string Marker)[]
        {
            ("/vi/press/", "Xylofon"), ("/vi/press/statements/", "Xylofon"), ("/vi/press/feed.xml", "Xylofon"), ("/en/press/feed.xml", "Xylofon"),
            ("/sitemaps/vi.xml", "thong-cao-xylofon-khan"), ("/api/v1/vi/statements", "Xylofon"), ("/api/v1/vi/search?q=xylofon", "Xylofon"),
        };
        foreach (var (page, _) in watched)
        {
            await GetAsync(client, page); // cached before the statement exists: the embargo must expire these too
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Published in both languages with no publish time of its own: only the embargo holds it back.
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var created = await editor.CreateAsync(Cms.Content.Statement.Key, "xylofon", Shared(clock.GetUtcNow().AddHours(2)), Statement("vi", "Thông cáo Xylofon khẩn", "Nội dung Xylofon."), "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            var en = await editor.SaveAsync(created.Item!.Id, null, null, Statement("en", "Urgent Xylofon statement", "Xylofon text."), "test");
            Assert.True(en.Succeeded, string.Join("; ", en.Errors));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, "/en/press/statements/urgent-xylofon-statement")).Status);
        foreach (var (page, marker) in watched)
        {
            var (_, body) = await GetAsync(client, page);
            Assert.DoesNotContain(marker, body, StringComparison.Ordinal);
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, path)).Status); // an hour before: still nothing

        clock.Advance(TimeSpan.FromHours(1));
        foreach (var (page, marker) in watched)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var (_, body) = await GetAsync(client, page);
            while (!body.Contains(marker, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                (_, body) = await GetAsync(client, page);
            }

            Assert.True(body.Contains(marker, StringComparison.Ordinal), $"{page} does not show the statement after its embargo");
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/en/press/statements/urgent-xylofon-statement")).Status);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_published_statement_changes_only_with_a_new_correction_note_and_readers_see_each_one(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var created = await editor.CreateAsync(Cms.Content.Statement.Key, "dinh-chinh", Shared(), Statement("vi", "Thông cáo đính chính", "Hội nghị ngày 5 tháng 12."), "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            id = created.Item!.Id;

            // A silent edit of what readers have seen is refused, with the field named and nothing saved.
            var silent = await editor.SaveAsync(id, null, null, Statement("vi", "Thông cáo đính chính", "Hội nghị ngày 6 tháng 12."), "test");
            Assert.False(silent.Succeeded);
            Assert.Contains(silent.Errors, e => e.Field == "correctionNote" && e.Message.Contains("correction note", StringComparison.Ordinal));

            // So is a change that repeats the previous note (no one can tell it happened).
            var first = await editor.SaveAsync(id, null, null, Statement("vi", "Thông cáo đính chính", "Hội nghị ngày 6 tháng 12.", "Sửa ngày hội nghị từ 5/12 thành 6/12."), "test");
            Assert.True(first.Succeeded, string.Join("; ", first.Errors));
            var repeated = await editor.SaveAsync(id, null, null, Statement("vi", "Thông cáo đính chính", "Hội nghị ngày 7 tháng 12.", "Sửa ngày hội nghị từ 5/12 thành 6/12."), "test");
            Assert.False(repeated.Succeeded);

            // Shared facts are part of what readers saw too.
            var sharedOnly = await editor.SaveAsync(id, null, Shared().Let(s => s["agency"] = "so-tai-chinh"), Statement("vi", "Thông cáo đính chính", "Hội nghị ngày 6 tháng 12.", "Sửa ngày hội nghị từ 5/12 thành 6/12."), "test");
            Assert.False(sharedOnly.Succeeded);
            var second = await editor.SaveAsync(id, null, null, Statement("vi", "Thông cáo đính chính", "Hội nghị ngày 6 tháng 12 tại Biên Hòa.", "Bổ sung địa điểm."), "test");
            Assert.True(second.Succeeded, string.Join("; ", second.Errors));

            // A draft needs no note: nothing public changes.
            var draft = await editor.SaveAsync(id, null, null, Statement("vi", "Thông cáo đính chính", "Bản nháp mới.") with { Status = LocalizationStatus.Draft }, "test");
            Assert.True(draft.Succeeded, string.Join("; ", draft.Errors));
        }

        var page = await PageAsync(app.CreateClient(), "/vi/press/statements/thong-cao-dinh-chinh");
        Assert.Contains("Hội nghị ngày 6 tháng 12 tại Biên Hòa.", page.QuerySelector(".body")!.TextContent, StringComparison.Ordinal);
        var log = page.QuerySelectorAll(".corrections li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, log.Count);
        Assert.Contains("Sửa ngày hội nghị từ 5/12 thành 6/12.", log[0], StringComparison.Ordinal);
        Assert.Contains("Bổ sung địa điểm.", log[1], StringComparison.Ordinal);
        Assert.Contains("Cập nhật lúc", log[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Bổ sung", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal); // the note is in the log, not among the facts
        Assert.Contains("07/TCBC-UBND", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);

        var jsonLd = page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonNode.Parse(s.TextContent)!).First(j => (string?)j["@type"] == "NewsArticle");
        Assert.Equal("Sở Công Thương tỉnh Đồng Nai", (string?)jsonLd["author"]!["name"]);
        Assert.Equal(2, jsonLd["correction"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_press_room_speaks_each_language_and_is_linked_from_every_page_and_the_sitemap()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var client = app.CreateClient();
        var titles = new Dictionary<string, string> { ["vi"] = "Phòng báo chí", ["en"] = "Press room", ["ko"] = "프레스룸", ["ja"] = "プレスルーム", ["zh"] = "新闻中心" };
        foreach (var (locale, title) in titles)
        {
            var page = await PageAsync(client, $"/{locale}/press/");
            Assert.Equal(Locales.HtmlLang(locale), page.DocumentElement.GetAttribute("lang"));
            Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
            Assert.NotNull(page.QuerySelector($"main a[href='/{locale}/press/statements/']"));
            Assert.NotNull(page.QuerySelector($"main a[href='/{locale}/press/accreditation']"));
            Assert.NotNull(page.QuerySelector($"footer a[href='/{locale}/press/']"));
            Assert.Contains("baochi@dongnai.example", page.QuerySelector("#contacts")!.ParentElement!.TextContent, StringComparison.Ordinal);
            var statement = page.QuerySelector(".cards a[href*='/press/statements/']")!;
            Assert.Equal(locale == "vi" ? "Thông cáo về hội nghị xúc tiến đầu tư" : "Statement on the investment promotion conference", statement.TextContent);
        }

        var home = await PageAsync(client, "/ko/");
        Assert.NotNull(home.QuerySelector("a[href='/ko/press/']"));
        var (_, sitemap) = await GetAsync(client, "/sitemaps/ja.xml");
        Assert.Contains("https://dongnai.example/ja/press/</loc>", sitemap, StringComparison.Ordinal);
        Assert.Contains("https://dongnai.example/ja/press/statements/", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_statements_feed_is_atom_in_the_readers_language_with_the_agency_as_author()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var response = await app.CreateClient().GetAsync(new Uri("/en/press/feed.xml", UriKind.Relative));
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal("en", (string?)feed.Root!.Attribute(System.Xml.Linq.XNamespace.Xml + "lang"));
        var entry = Assert.Single(feed.Root.Elements(atom + "entry"));
        Assert.Equal("Statement on the investment promotion conference", (string?)entry.Element(atom + "title"));
        Assert.Equal("https://dongnai.example/en/press/statements/statement-on-the-investment-promotion-conference", (string?)entry.Element(atom + "id"));
        Assert.Equal("Đồng Nai Provincial People's Committee", (string?)entry.Element(atom + "author")!.Element(atom + "name"));
    }

    internal static readonly (string, string)[] Valid =
    [
        ("Name", "Tanaka Yuki"), ("MediaOutlet", "Nikkei Asia"), ("Role", "記者"), ("Email", "yuki@nikkei.example"), ("Country", "日本"), ("Consent", "true"),
    ];

    internal static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var form = await PageAsync(client, path);
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", form.QuerySelector("form.enquiry-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!) };
        values.AddRange(fields);
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    internal static HttpClient Visitor(PromoSiteFactory app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Theory, ClassData(typeof(Providers))]
    public async Task A_japanese_accreditation_request_is_stored_with_a_reference_and_triaged_in_its_own_inbox(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Admin());
        var eventId = await app.ItemIdAsync("hoi-nghi-2099");
        var client = Visitor(app);
        var form = await PageAsync(client, "/ja/press/accreditation");
        Assert.Equal("ja", form.DocumentElement.GetAttribute("lang"));
        Assert.Contains("180 日", form.QuerySelector("label.consent")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(form.QuerySelector($"select[name=Event] option[value='{eventId}']"));

        var fields = Valid.ToDictionary(v => v.Item1, v => v.Item2);
        fields["Event"] = eventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (sent, _) = await SubmitAsync(client, "/ja/press/accreditation", fields);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var thanks = await PageAsync(client, sent.Headers.Location!.ToString());
        Assert.Matches(@"ACR-\d{4}-\d{6}", thanks.QuerySelector("[role=status]")!.TextContent);

        AccreditationRequest stored;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            stored = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AccreditationRequests.SingleAsync();
        }

        Assert.Equal(("ja", eventId, "Hội nghị xúc tiến đầu tư 2099", "Nikkei Asia", AccreditationStatus.New), (stored.Locale, stored.EventItemId, stored.EventTitle, stored.MediaOutlet, stored.Status));

        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var (inbox, page) = await editor.GetAsync("/admin/press/accreditations");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Equal("Đề nghị cấp thẻ tác nghiệp", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Tanaka Yuki", page.QuerySelector("#accreditations")!.TextContent, StringComparison.Ordinal);

        var (saved, _) = await editor.SubmitAsync($"/admin/press/accreditations?id={stored.Id}", new Dictionary<string, string> { ["status"] = "Approved", ["note"] = "Thẻ số 12" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var triaged = await db.AccreditationRequests.SingleAsync();
            Assert.Equal((AccreditationStatus.Approved, "Thẻ số 12"), (triaged.Status, triaged.Note));
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AuditActions.AccreditationStatus && a.Target == stored.Reference));
        }
    }

    [Fact]
    public async Task A_mistaken_accreditation_request_keeps_what_was_typed_robots_are_fooled_and_a_flood_is_stopped()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Enquiries:PerHourPerAddress"] = "2" });
        var client = Visitor(app);
        var mistaken = Valid.ToDictionary(v => v.Item1, v => v.Item2);
        mistaken["Email"] = "not-an-address";
        mistaken["Event"] = "other";
        var (refused, page) = await SubmitAsync(client, "/en/press/accreditation", mistaken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = page.QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("Name of the other event", errors, StringComparison.Ordinal); // "other" needs its name
        Assert.Contains("e-mail", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Nikkei Asia", page.QuerySelector("input[name=MediaOutlet]")!.GetAttribute("value")); // nothing typed is lost

        var bot = Valid.ToDictionary(v => v.Item1, v => v.Item2);
        bot["Event"] = "other";
        bot["OtherEventName"] = "Trade fair";
        bot["Website"] = "http://spam.example";
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, "/en/press/accreditation", bot)).Response.StatusCode);

        var good = Valid.ToDictionary(v => v.Item1, v => v.Item2);
        good["Event"] = "other";
        good["OtherEventName"] = "Đồng Nai trade fair";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, "/en/press/accreditation", good)).Response.StatusCode);
        }

        var (tooMany, _) = await SubmitAsync(client, "/en/press/accreditation", good);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AccreditationRequests.ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.Equal(("Đồng Nai trade fair", (long?)null), (s.EventTitle, s.EventItemId)));
    }

    [Fact]
    public async Task Accreditation_personal_data_is_erased_after_its_retention_period()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Press:AccreditationRetentionDays"] = "30" });
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        db.AccreditationRequests.AddRange(
            new AccreditationRequest { Locale = "en", EventTitle = "Old fair", Name = "Old Name", MediaOutlet = "Old Times", Email = "old@example.com", ReceivedAt = DateTime.UtcNow.AddDays(-31) },
            new AccreditationRequest { Locale = "en", EventTitle = "New fair", Name = "New Name", MediaOutlet = "New Times", Email = "new@example.com", ReceivedAt = DateTime.UtcNow.AddDays(-1) });
        await db.SaveChangesAsync();

        Assert.Equal(1, await app.Services.GetRequiredService<AccreditationRetention>().EraseExpiredAsync(CancellationToken.None));
        db.ChangeTracker.Clear();
        var all = await db.AccreditationRequests.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal((AccreditationRequest.ErasedText, AccreditationRequest.ErasedText, "Old fair"), (all[0].Name, all[0].Email, all[0].EventTitle));
        Assert.Equal("New Name", all[1].Name);
    }
}

internal static class JsonObjectTestExtensions
{
    /// <summary>Changes a JSON object in place and returns it, for one-line variations of a fixture.</summary>
    public static JsonObject Let(this JsonObject json, Action<JsonObject> change)
    {
        change(json);
        return json;
    }
}
