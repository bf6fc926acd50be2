using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.FastLane;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;
using PromoSite.Testing;
using PromoSite.Web.Review;

namespace PromoSite.Web.Tests.Admin;

/// <summary>
/// The reviewer's desk: the queue per language, approving and sending back from the item page and
/// the queue, the comment thread, the notice mail in each recipient's language, the fast lane, and
/// the same operations in the management API.
/// </summary>
public sealed class ReviewDeskTests
{
    private static Dictionary<string, string> Mail(string folder) => new()
    {
        ["Enquiries:PickupFolder"] = folder,
        ["Enquiries:From"] = "no-reply@dongnai.example",
    };

    private static async Task<string> EtagAsync(AdminClient client, long id) =>
        (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag!.ToString();

    /// <summary>Saves a language through the management API as its translator would (draft or in-review).</summary>
    private static async Task<HttpResponseMessage> SaveAsync(AdminClient client, long id, string locale, string status, string title, string type = "ocop-products")
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/{type}/{id}/{locale}")
        {
            Content = JsonContent.Create(new { fields = new JsonObject { ["title"] = title, ["summary"] = title + "." }, status }),
        };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(client, id)));
        return await client.Http.SendAsync(request);
    }

    private static async Task<T> InDbAsync<T>(PromoSiteFactory app, Func<CmsDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    private static Task<ContentLocalization> LocalizationAsync(PromoSiteFactory app, long id, string locale) =>
        InDbAsync(app, db => db.Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == locale));

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> PostFormAsync(AdminClient client, string pagePath, string formSelector, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        var (_, page) = await client.GetAsync(pagePath);
        var form = (IHtmlFormElement?)page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {pagePath}");
        var values = form.QuerySelectorAll("input[type=hidden][name]")
            .Where(i => !fields.ContainsKey(i.GetAttribute("name")!) && (withToken || i.GetAttribute("name") != "__RequestVerificationToken"))
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        values.AddRange(fields);
        var response = await client.Http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), new FormUrlEncodedContent(values));
        return (response, await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(), CancellationToken.None));
    }

    private static string Item(long id, string locale) => $"/admin/content/ocop-products/{id}/{locale}";

    [Theory, ClassData(typeof(Providers))]
    public async Task A_submitted_translation_waits_in_the_queue_of_the_reviewers_of_its_language_only(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var korean = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var japanese = await AdminClient.ForNewUserAsync(app, "ja.reviewer@dongnai.example", Role.Reviewer, "ja");
        var id = await app.ItemIdAsync("buoi-tan-trieu");

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(translator, id, "ko", "in-review", "탄찌에우 자몽")).StatusCode);

        var (ok, queue) = await korean.GetAsync("/admin/review");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var row = Assert.Single(queue.QuerySelectorAll($"#review-queue tr[data-item='{id}'][data-locale='ko']"));
        Assert.Contains("ko.translator@dongnai.example", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bàn duyệt bài", queue.QuerySelector("h1")!.TextContent);

        var (_, theirs) = await japanese.GetAsync("/admin/review");
        Assert.Empty(theirs.QuerySelectorAll($"#review-queue tr[data-item='{id}']"));
        var (_, filtered) = await korean.GetAsync("/admin/review?type=heritage-sites");
        Assert.Empty(filtered.QuerySelectorAll($"#review-queue tr[data-item='{id}']"));

        var (refused, _) = await translator.GetAsync("/admin/review");
        Assert.StartsWith("http://localhost/admin/denied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_reviewer_approves_from_the_item_page_and_the_language_goes_live_exactly_as_submitted(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var reviewer = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        await SaveAsync(translator, id, "ko", "in-review", "탄찌에우 자몽");
        var (_, translatorsView) = await translator.GetAsync(Item(id, "ko"));
        Assert.Null(translatorsView.QuerySelector("[data-testid=approve]")); // a translator cannot decide

        var (approved, _) = await PostFormAsync(reviewer, Item(id, "ko"), "form[action*='handler=Approve']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.StartsWith(Item(id, "ko") + "?reviewed=approved", approved.Headers.Location!.ToString(), StringComparison.Ordinal);
        var ko = await LocalizationAsync(app, id, "ko");
        Assert.Equal(LocalizationStatus.Published, ko.Status);
        Assert.NotNull(ko.PublishedRevisionId);
        Assert.Contains("탄찌에우 자몽", ko.FieldsJson, StringComparison.Ordinal);
        var live = await app.Services.GetRequiredService<IContentDelivery>().GetByIdAsync("ko", id);
        Assert.Equal("탄찌에우 자몽", live!.Title);
        Assert.False(live.IsFallback);

        var (_, page) = await reviewer.GetAsync(Item(id, "ko"));
        Assert.Contains("đã duyệt và xuất bản", page.QuerySelector("ol.thread")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=approve]")); // decided: nothing left to approve

        // A second decision on what is no longer in review is refused, not applied again.
        using var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/manage/ocop-products/{id}/ko/approve");
        again.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(reviewer, id)));
        Assert.Equal(HttpStatusCode.Conflict, (await reviewer.Http.SendAsync(again)).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Sending_back_needs_a_note_which_the_translator_then_finds_in_their_queue_and_on_the_item(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var reviewer = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        await SaveAsync(translator, id, "ko", "in-review", "자몽");

        var (empty, refused) = await PostFormAsync(reviewer, "/admin/review", $"tr[data-item='{id}'] form[action*='handler=SendBack']", new Dictionary<string, string> { ["note"] = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("không được để trống", refused.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(LocalizationStatus.InReview, (await LocalizationAsync(app, id, "ko")).Status);

        var note = "Tên sản phẩm phải là 탄찌에우 자몽, không chỉ 자몽.";
        var (sent, _) = await PostFormAsync(reviewer, "/admin/review", $"tr[data-item='{id}'] form[action*='handler=SendBack']", new Dictionary<string, string> { ["note"] = note });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith("/admin/review?reviewed=sentBack", sent.Headers.Location!.ToString(), StringComparison.Ordinal);
        var ko = await LocalizationAsync(app, id, "ko");
        Assert.Equal(LocalizationStatus.Draft, ko.Status);
        Assert.Contains("자몽", ko.FieldsJson, StringComparison.Ordinal); // the text stays as submitted

        var (_, queue) = await translator.GetAsync("/admin/translations?assignee=me");
        var line = Assert.Single(queue.QuerySelectorAll($"#sent-back li[data-item='{id}'][data-locale='ko']"));
        Assert.Contains(note, line.TextContent, StringComparison.Ordinal);
        Assert.Empty((await editor.GetAsync("/admin/translations?assignee=me")).Page.QuerySelectorAll("#sent-back li"));

        var (_, itemPage) = await translator.GetAsync(Item(id, "ko"));
        Assert.Contains(note, itemPage.QuerySelector("ol.thread li[data-kind=SentBack]")!.TextContent, StringComparison.Ordinal);
        var (_, editPage) = await translator.GetAsync(Item(id, "ko") + "/edit");
        Assert.Contains(note, editPage.QuerySelector("ol.thread")!.TextContent, StringComparison.Ordinal);

        // Submitted again and approved: the matter is closed and leaves the queue.
        await SaveAsync(translator, id, "ko", "in-review", "탄찌에우 자몽");
        await PostFormAsync(reviewer, Item(id, "ko"), "form[action*='handler=Approve']", new Dictionary<string, string>());
        Assert.Empty((await translator.GetAsync("/admin/translations?assignee=me")).Page.QuerySelectorAll("#sent-back li"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_comment_needs_the_antiforgery_token_and_one_to_a_thousand_characters_and_keeps_a_refused_text(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        const string form = "form[action*='handler=Comment']";

        var (forged, _) = await PostFormAsync(translator, Item(id, "ko"), form, new Dictionary<string, string> { ["text"] = "Không có mã." }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var (empty, emptyPage) = await PostFormAsync(translator, Item(id, "ko"), form, new Dictionary<string, string> { ["text"] = " \n " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("admin.review.problem.textRequired", emptyPage.QuerySelector("[role=alert]")!.GetAttribute("data-problem"));

        var long1001 = new string('ạ', ReviewNote.MaxLength + 1);
        var (tooLong, tooLongPage) = await PostFormAsync(translator, Item(id, "ko"), form, new Dictionary<string, string> { ["text"] = long1001 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("tối đa 1000 ký tự", tooLongPage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(long1001, tooLongPage.QuerySelector("textarea[name=text]")!.TextContent); // nothing the person wrote is lost

        var (added, _) = await PostFormAsync(translator, Item(id, "ko"), form, new Dictionary<string, string> { ["text"] = "Từ 'bưởi' dịch là 자몽 hay 포멜로?" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(0, await InDbAsync(app, db => db.ReviewNotes.CountAsync(n => n.Text.Length == 0 || n.Text.Length > ReviewNote.MaxLength)));
        var (_, page) = await translator.GetAsync(Item(id, "ko"));
        var comment = Assert.Single(page.QuerySelectorAll("ol.thread li[data-kind=Comment]"));
        Assert.Contains("포멜로", comment.TextContent, StringComparison.Ordinal);
        Assert.Contains("ko.translator@dongnai.example", comment.TextContent, StringComparison.Ordinal);
        Assert.Empty((await translator.GetAsync(Item(id, "ja"))).Page.QuerySelectorAll("ol.thread li")); // per language version
        Assert.Null((await translator.GetAsync(Item(id, "ja"))).Page.QuerySelector(form)); // not their language

        // A Korean translator may not write in the Japanese thread, whatever the form offers.
        using var json = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/manage/ocop-products/{id}/ja/comments") { Content = JsonContent.Create(new { text = "Xin chào" }) };
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.Http.SendAsync(json)).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Notices_are_queued_in_each_recipients_admin_language_skipping_those_who_opted_out_and_the_worker_sends_them(DatabaseProvider provider)
    {
        var pickup = TestFolders.NewFolder("workflow-mail");
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, Mail(pickup));
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var vietnamese = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        await AdminClient.ForNewUserAsync(app, "en.speaker@dongnai.example", Role.Reviewer, "ko");
        var quiet = await AdminClient.ForNewUserAsync(app, "quiet@dongnai.example", Role.Reviewer, "ko");
        await AdminClient.ForNewUserAsync(app, "ja.reviewer@dongnai.example", Role.Reviewer, "ja");
        await InDbAsync(app, db => db.Users.Where(u => u.Email == "en.speaker@dongnai.example").ExecuteUpdateAsync(s => s.SetProperty(u => u.AdminLanguage, "en")));
        var (optOut, _) = await PostFormAsync(quiet, "/admin/password", "form#review-mail", new Dictionary<string, string> { ["notices"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, optOut.StatusCode);
        var id = await app.ItemIdAsync("buoi-tan-trieu");

        await SaveAsync(translator, id, "ko", "in-review", "탄찌에우 자몽");

        var queued = await InDbAsync(app, db => db.WorkflowMail.AsNoTracking().OrderBy(m => m.To).ToListAsync());
        Assert.Equal(["en.speaker@dongnai.example", "ko.reviewer@dongnai.example"], queued.Select(m => m.To));
        Assert.StartsWith("[PromoSite] To review: ", queued[0].Subject, StringComparison.Ordinal);
        Assert.Equal("en", queued[0].Language);
        Assert.StartsWith("[PromoSite] Cần duyệt: ", queued[1].Subject, StringComparison.Ordinal);
        Assert.Contains($"https://dongnai.example/admin/content/ocop-products/{id}/ko", queued[1].Body, StringComparison.Ordinal);

        await PostFormAsync(vietnamese, Item(id, "ko"), "form[action*='handler=Approve']", new Dictionary<string, string>());
        var published = Assert.Single(await InDbAsync(app, db => db.WorkflowMail.AsNoTracking().Where(m => m.To == "ko.translator@dongnai.example").ToListAsync()));
        Assert.StartsWith("[PromoSite] Đã xuất bản: ", published.Subject, StringComparison.Ordinal);

        await app.Services.GetRequiredService<WorkflowMailWorker>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, await InDbAsync(app, db => db.WorkflowMail.CountAsync(m => m.SentAt == null)));
        var files = Directory.GetFiles(pickup, "*.eml");
        Assert.Equal(3, files.Length);
        Assert.Contains(files, f => File.ReadAllText(f).Contains("To: ko.translator@dongnai.example", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Without_mail_configured_a_workflow_action_queues_nothing_and_still_succeeds(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(translator, id, "ko", "in-review", "자몽")).StatusCode);
        Assert.Equal(0, await InDbAsync(app, db => db.WorkflowMail.CountAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_fast_lane_publishes_the_vietnamese_gives_each_language_to_its_least_busy_translator_and_each_goes_live_on_approval(DatabaseProvider provider)
    {
        var pickup = TestFolders.NewFolder("fast-lane-mail");
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, Mail(pickup));
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var busy = await AdminClient.ForNewUserAsync(app, "ko.busy@dongnai.example", Role.Translator, "ko");
        var free = await AdminClient.ForNewUserAsync(app, "ko.free@dongnai.example", Role.Translator, "ko");
        foreach (var l in new[] { "en", "ja", "zh" })
        {
            await AdminClient.ForNewUserAsync(app, $"{l}.translator@dongnai.example", Role.Translator, l);
        }

        var reviewer = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var busyId = await InDbAsync(app, db => db.Users.Where(u => u.Email == "ko.busy@dongnai.example").Select(u => u.Id).SingleAsync());
        var other = await app.ItemIdAsync("hat-dieu");
        await InDbAsync(app, async db =>
        {
            db.TranslationAssignments.Add(new TranslationAssignment { ItemId = other, Locale = "ko", AssigneeId = busyId, AssignedBy = "test", AssignedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var created = await editor.Http.PostAsJsonAsync("/api/v1/manage/ocop-products", new
        {
            key = "thong-cao-khan",
            shared = new JsonObject { ["category"] = "food" },
            source = new { fields = new JsonObject { ["title"] = "Thông cáo khẩn về mùa bưởi", ["summary"] = "Thông cáo của tỉnh." }, status = "draft" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = await app.ItemIdAsync("thong-cao-khan");
        var delivery = app.Services.GetRequiredService<IContentDelivery>();
        Assert.Null(await delivery.GetByIdAsync("vi", id));

        var before = DateTime.UtcNow;
        var (started, _) = await PostFormAsync(editor, Item(id, "vi"), "form[action*='handler=FastLane']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

        Assert.Equal("Thông cáo khẩn về mùa bưởi", (await delivery.GetByIdAsync("vi", id))!.Title); // the Vietnamese goes out first
        var cells = await InDbAsync(app, db => db.FastLaneCells.AsNoTracking().Where(c => c.ItemId == id).OrderBy(c => c.Locale).ToListAsync());
        Assert.Equal(["en", "ja", "ko", "zh"], cells.Select(c => c.Locale));
        Assert.All(cells, c => Assert.InRange(c.DueAt, before.AddHours(1).AddSeconds(-5), DateTime.UtcNow.AddHours(1).AddSeconds(5)));
        var koCell = cells.Single(c => c.Locale == "ko");
        Assert.NotEqual(busyId, koCell.AssigneeId); // the translator with fewer open assignments
        Assert.Equal(4, await InDbAsync(app, db => db.TranslationAssignments.CountAsync(a => a.ItemId == id)));
        Assert.Equal(4, await InDbAsync(app, db => db.WorkflowMail.CountAsync(m => m.Subject.StartsWith("[PromoSite] Dịch khẩn"))));

        var (_, queue) = await free.GetAsync("/admin/translations?assignee=me");
        Assert.Single(queue.QuerySelectorAll($"#urgent-work li[data-item='{id}'][data-locale='ko']"));
        Assert.Empty((await busy.GetAsync("/admin/translations?assignee=me")).Page.QuerySelectorAll("#urgent-work li"));

        // The Korean page falls back to Vietnamese and says the translation follows.
        var koreanPage = (await delivery.GetByIdAsync("ko", id))!;
        Assert.True(koreanPage.IsFallback);
        Assert.True(koreanPage.TranslationFollows);
        var visitor = app.CreateClient();
        var html = await visitor.GetStringAsync(koreanPage.Path);
        Assert.Contains("data-testid=\"translations-follow\"", html, StringComparison.Ordinal);
        Assert.Contains("번역이 곧 제공됩니다", html, StringComparison.Ordinal);

        // The translator submits, the reviewer approves from the queue: Korean is live at once, the note gone.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(free, id, "ko", "in-review", "긴급 성명")).StatusCode);
        var (_, reviewQueue) = await reviewer.GetAsync("/admin/review");
        Assert.NotNull(reviewQueue.QuerySelector($"tr[data-item='{id}'] [data-urgent=true]"));
        var (approved, _) = await PostFormAsync(reviewer, "/admin/review", $"tr[data-item='{id}'] form[action*='handler=Approve']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var korean = (await delivery.GetByIdAsync("ko", id))!;
        Assert.False(korean.IsFallback);
        Assert.Equal("긴급 성명", korean.Title);
        Assert.NotNull((await InDbAsync(app, db => db.FastLaneCells.AsNoTracking().SingleAsync(c => c.ItemId == id && c.Locale == "ko"))).ClosedAt);
        Assert.DoesNotContain("translations-follow", await visitor.GetStringAsync(korean.Path), StringComparison.Ordinal);
        Assert.True((await delivery.GetByIdAsync("ja", id))!.TranslationFollows); // the others still follow
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_management_api_approves_sends_back_and_starts_the_fast_lane_only_with_a_current_if_match(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var reviewer = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var japanese = await AdminClient.ForNewUserAsync(app, "ja.reviewer@dongnai.example", Role.Reviewer, "ja");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        await SaveAsync(translator, id, "ko", "in-review", "자몽");

        var queue = await reviewer.Http.GetFromJsonAsync<JsonArray>("/api/v1/manage/review/queue?locale=ko");
        Assert.Contains(queue!, r => r!["itemId"]!.GetValue<long>() == id && r["locale"]!.GetValue<string>() == "ko");
        Assert.DoesNotContain((await japanese.Http.GetFromJsonAsync<JsonArray>("/api/v1/manage/review/queue"))!, r => r!["itemId"]!.GetValue<long>() == id);

        var url = $"/api/v1/manage/ocop-products/{id}/ko/send-back";
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await reviewer.Http.PostAsJsonAsync(url, new { note = "Sửa tên." })).StatusCode);
        using (var stale = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { note = "Sửa tên." }) })
        {
            stale.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("\"1\""));
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await reviewer.Http.SendAsync(stale)).StatusCode);
        }

        using (var notTheirs = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { note = "Sửa tên." }) })
        {
            notTheirs.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(japanese, id)));
            Assert.Equal(HttpStatusCode.Forbidden, (await japanese.Http.SendAsync(notTheirs)).StatusCode);
        }

        using (var noNote = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { note = "" }) })
        {
            noNote.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(reviewer, id)));
            Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.Http.SendAsync(noNote)).StatusCode);
        }

        using (var sendBack = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { note = "Sửa tên." }) })
        {
            sendBack.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(reviewer, id)));
            var answer = await reviewer.Http.SendAsync(sendBack);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal(await EtagAsync(reviewer, id), answer.Headers.ETag!.ToString());
        }

        var thread = await translator.Http.GetFromJsonAsync<JsonArray>($"/api/v1/manage/ocop-products/{id}/ko/comments");
        Assert.Equal("Sửa tên.", Assert.Single(thread!)!["text"]!.GetValue<string>());

        using var fastLane = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/manage/ocop-products/{id}/fast-lane") { Content = JsonContent.Create(new { }) };
        fastLane.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await EtagAsync(reviewer, id)));
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.Http.SendAsync(fastLane)).StatusCode); // handing out work is the editors'
    }
}
