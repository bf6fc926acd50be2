using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Signage;

/// <summary>Issue #21, item 1: screens registered in the admin, their playlist, page and heartbeat.</summary>
public sealed class ScreenTests
{
    private static ScreenInput Input(string name = "Sảnh Trung tâm Hành chính công", string[]? locales = null, string[]? rules = null, long[]? chosen = null) =>
        new(name, "Biên Hòa, tầng 1", "Landscape", locales ?? ["vi", "en", "ko", "ja"], 8, rules ?? [PlaylistRules.OcopProducts], 6, chosen ?? []);

    private static async Task<Screen> CreateAsync(PromoSiteFactory app, ScreenInput input)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (screen, problems) = await scope.ServiceProvider.GetRequiredService<ScreenService>().CreateAsync(input, new ScreenActor("test", null));
        Assert.Empty(problems);
        return screen!;
    }

    private static async Task<T> ReadAsync<T>(PromoSiteFactory app, Func<CmsDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Administrators_register_change_and_delete_screens_and_bad_input_is_refused_in_vietnamese_with_the_form_kept(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var admin = await AdminClient.ForNewUserAsync(app, "admin2@dongnai.example", Role.Administrator);

        var (refused, page) = await admin.SubmitAsync("/admin/screens", new Dictionary<string, string>
        {
            ["Form.Name"] = "", ["Form.Place"] = "Sân bay Long Thành", ["Form.SlideSeconds"] = "2", ["Form.Locales"] = "", ["Form.ItemsPerRule"] = "mười",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var alert = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("Hãy đặt tên cho màn hình.", alert, StringComparison.Ordinal);
        Assert.Contains("Mỗi trang chiếu hiển thị từ 5 đến 300 giây.", alert, StringComparison.Ordinal);
        Assert.Contains("Hãy chọn ít nhất một ngôn ngữ trình chiếu.", alert, StringComparison.Ordinal);
        Assert.Contains("Mỗi loại nội dung đưa vào từ 1 đến 20 mục.", alert, StringComparison.Ordinal);
        Assert.Equal("Sân bay Long Thành", page.QuerySelector("input[name='Form.Place']")!.GetAttribute("value")); // nothing typed is lost
        Assert.Equal("2", page.QuerySelector("input[name='Form.SlideSeconds']")!.GetAttribute("value"));
        Assert.Equal(0, await ReadAsync(app, db => db.Screens.CountAsync()));

        var pomelo = await app.ItemIdAsync("buoi-tan-trieu");
        var (created, _) = await admin.SubmitAsync("/admin/screens", new Dictionary<string, string>
        {
            ["Form.Name"] = "Sảnh tiếp dân", ["Form.Place"] = "Sân bay Long Thành", ["Form.Orientation"] = "Portrait", ["Form.SlideSeconds"] = "15", ["Form.ChosenItems"] = pomelo.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var screen = await ReadAsync(app, db => db.Screens.SingleAsync());
        Assert.Equal(("Sảnh tiếp dân", ScreenOrientation.Portrait, 15, "vi,en,ko,ja,zh"), (screen.Name, screen.Orientation, screen.SlideSeconds, screen.Locales));
        Assert.Equal([pomelo], screen.ChosenItemIds);
        Assert.Equal(PlaylistRules.All, screen.RuleList);
        Assert.True(ScreenSettings.IsWellFormedCode(screen.Code));
        Assert.Equal($"/admin/screens/{screen.Id}?done=created", created.Headers.Location?.OriginalString);

        var (_, edit) = await admin.GetAsync($"/admin/screens/{screen.Id}");
        Assert.EndsWith($"/signage/{screen.Code}", edit.QuerySelector("#signage-address")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.True(edit.QuerySelector($"input[name='Form.ChosenItems'][value='{pomelo}']")!.HasAttribute("checked"));

        // A change that breaks a rule changes nothing; a good one is saved.
        var (badChange, changePage) = await admin.SubmitAsync($"/admin/screens/{screen.Id}", new Dictionary<string, string> { ["Form.SlideSeconds"] = "900", ["Form.Rules"] = "", ["Form.ChosenItems"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, badChange.StatusCode);
        Assert.Contains("Hãy chọn ít nhất một loại nội dung hoặc một mục", changePage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("900", changePage.QuerySelector("input[name='Form.SlideSeconds']")!.GetAttribute("value"));
        Assert.Equal(15, await ReadAsync(app, db => db.Screens.Select(s => s.SlideSeconds).SingleAsync()));
        var (saved, _) = await admin.SubmitAsync($"/admin/screens/{screen.Id}", new Dictionary<string, string> { ["Form.SlideSeconds"] = "20", ["Form.Locales"] = "ko" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((20, "ko"), await ReadAsync(app, db => db.Screens.Select(s => new ValueTuple<int, string>(s.SlideSeconds, s.Locales)).SingleAsync()));

        var (_, list) = await admin.GetAsync("/admin/screens");
        Assert.Contains("chưa kết nối lần nào", list.QuerySelector($"tr[data-screen='{screen.Id}']")!.TextContent, StringComparison.Ordinal);

        // Screens are administrators' business only.
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync("/admin/screens")).Response.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync($"/admin/screens/{screen.Id}")).Response.StatusCode);

        var (deleted, _) = await admin.SubmitAsync($"/admin/screens/{screen.Id}", new Dictionary<string, string>(), form: 1);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await ReadAsync(app, db => db.Screens.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri($"/signage/{screen.Code}/playlist.json", UriKind.Relative))).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_playlist_is_built_from_the_rules_with_published_translations_only_never_a_draft(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var screen = await CreateAsync(app, Input());
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri($"/signage/{screen.Code}/playlist.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.True(response.Headers.CacheControl?.NoCache == true);
        var playlist = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var slides = playlist["slides"]!.AsArray().Select(s => s!).ToList();
        var titles = slides.Select(s => (s["locale"]!.GetValue<string>(), s["title"]!.GetValue<string>())).ToList();

        // Every published language of every OCOP product; the Japanese draft never, nor a fallback in its place.
        Assert.Contains(("vi", "Bưởi Tân Triều"), titles);
        Assert.Contains(("en", "Tan Trieu pomelo"), titles);
        Assert.Contains(("ko", "떤찌에우 자몽"), titles);
        Assert.Contains(("en", "Salted roasted cashews"), titles);
        Assert.Contains(("vi", "Chôm chôm Long Khánh"), titles);
        Assert.DoesNotContain(slides, s => s["locale"]!.GetValue<string>() == "ja");
        Assert.DoesNotContain("ランブータン", playlist.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("下書き", playlist.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(6, slides.Count); // pomelo vi/en/ko, cashews vi/en, rambutan vi

        // The Korean slide speaks Korean throughout, and its QR code leads to the Korean page for the screen's campaign.
        var korean = slides.Single(s => s["locale"]!.GetValue<string>() == "ko");
        Assert.Equal(("ko", "OCOP 제품", "QR 코드를 스캔하면 자세한 내용을 볼 수 있습니다"), (korean["lang"]!.GetValue<string>(), korean["kind"]!.GetValue<string>(), korean["scan"]!.GetValue<string>()));
        Assert.Contains(korean["facts"]!.AsArray(), f => f!["value"]!.GetValue<string>() == "★★★★★");
        var qr = korean["qr"]!.GetValue<string>();
        Assert.Matches("^/s/[A-Z2-9]{5}/qr.svg$", qr);
        var svg = await client.GetAsync(new Uri(qr, UriKind.Relative));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var scan = await client.GetAsync(new Uri(qr[..^"/qr.svg".Length], UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, scan.StatusCode);
        Assert.StartsWith("/ko/ocop/", scan.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains($"utm_campaign=screen-{screen.Id}", scan.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(screen.Code, scan.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // Asked again with its ETag: 304. Unknown or malformed codes: 404.
        var again = new HttpRequestMessage(HttpMethod.Get, $"/signage/{screen.Code}/playlist.json");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        Assert.Equal($"\"{playlist["version"]!.GetValue<string>()}\"", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/signage/abcdefghjkmn/playlist.json", UriKind.Relative))).StatusCode);

        // The screen page: not indexed, no inline script, its script and worker on the site's own origin.
        var shell = await client.GetAsync(new Uri($"/signage/{screen.Code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("noindex, nofollow", shell.Headers.GetValues("X-Robots-Tag").Single());
        var document = await new HtmlParser().ParseDocumentAsync(await shell.Content.ReadAsStringAsync());
        Assert.Equal("noindex, nofollow", document.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        Assert.Equal("vi", document.DocumentElement.GetAttribute("lang"));
        Assert.All(document.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src")));
        Assert.Contains("signage", document.QuerySelector("script")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/signage-sw.js", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/signage/abcdefghjkmn", UriKind.Relative))).StatusCode);
        var sitemap = await client.GetStringAsync(new Uri("/sitemaps/vi.xml", UriKind.Relative));
        Assert.DoesNotContain("signage", sitemap, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_change_to_published_content_or_to_the_screen_makes_a_new_playlist_version(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var screen = await CreateAsync(app, Input(locales: ["en"]));
        var client = app.CreateClient();
        async Task<JsonNode> PlaylistAsync() => JsonNode.Parse(await client.GetStringAsync(new Uri($"/signage/{screen.Code}/playlist.json", UriKind.Relative)))!;

        var first = await PlaylistAsync();
        Assert.Equal(2, first["slides"]!.AsArray().Count);
        Assert.Equal((8, "landscape"), (first["slideSeconds"]!.GetValue<int>(), first["orientation"]!.GetValue<string>()));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, problems) = await scope.ServiceProvider.GetRequiredService<ScreenService>().UpdateAsync(screen.Id, Input(locales: ["en", "vi"]) with { Orientation = "Portrait" }, new ScreenActor("test", null));
            Assert.Empty(problems);
        }

        var second = await PlaylistAsync();
        Assert.NotEqual(first["version"]!.GetValue<string>(), second["version"]!.GetValue<string>());
        Assert.Equal("portrait", second["orientation"]!.GetValue<string>());
        Assert.Equal(5, second["slides"]!.AsArray().Count);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_heartbeat_updates_last_seen_and_the_admin_shows_how_long_ago_and_highlights_a_silent_screen(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, testServices: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
        var screen = await CreateAsync(app, Input());
        var admin = await AdminClient.ForNewUserAsync(app, "admin2@dongnai.example", Role.Administrator);
        var client = app.CreateClient();
        Task<HttpResponseMessage> BeatAsync(string body, string type = "text/plain", string? code = null) =>
            client.PostAsync(new Uri($"/signage/{code ?? screen.Code}/heartbeat", UriKind.Relative), new StringContent(body, new MediaTypeHeaderValue(type)));

        Assert.Equal(HttpStatusCode.NoContent, (await BeatAsync("0123456789abcdef01234567")).StatusCode);
        var seen = await ReadAsync(app, db => db.Screens.SingleAsync());
        Assert.Equal(clock.GetUtcNow().UtcDateTime, seen.LastSeenAt);
        Assert.Equal("0123456789abcdef01234567", seen.LastSeenVersion);

        clock.Advance(TimeSpan.FromMinutes(2));
        var (_, list) = await admin.GetAsync("/admin/screens");
        var row = list.QuerySelector($"tr[data-screen='{screen.Id}']")!;
        Assert.Contains("2 phút trước", row.QuerySelector(".last-seen")!.TextContent, StringComparison.Ordinal);
        Assert.False(row.ClassList.Contains("stale"));

        clock.Advance(TimeSpan.FromMinutes(10));
        (_, list) = await admin.GetAsync("/admin/screens");
        row = list.QuerySelector($"tr[data-screen='{screen.Id}']")!;
        Assert.Contains("12 phút trước", row.TextContent, StringComparison.Ordinal);
        Assert.True(row.ClassList.Contains("stale"));
        Assert.Contains("mất liên lạc", row.TextContent, StringComparison.Ordinal);

        // A new beat brings it back.
        Assert.Equal(HttpStatusCode.NoContent, (await BeatAsync("")).StatusCode);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, await ReadAsync(app, db => db.Screens.Select(s => s.LastSeenAt).SingleAsync()));

        // Nothing but a heartbeat is taken, and nothing is written for it.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await BeatAsync("{\"version\":\"ab\"}", "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await BeatAsync("<script>alert(1)</script>")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await BeatAsync(new string('a', 65))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await BeatAsync("ab", code: "abcdefghjkmn")).StatusCode);
        Assert.Null(await ReadAsync(app, db => db.Screens.Select(s => s.LastSeenVersion).SingleAsync()));

        // A page (or anyone) beating faster than a screen does is stopped before the database.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await BeatAsync("ab")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
