using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Kits;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Kits;

/// <summary>
/// /admin/kits: the zip of a conference kit (pages that open from a folder, one-pagers, QR posters,
/// EPUBs), who may build one, and what is refused.
/// </summary>
public sealed class KitTests
{
    internal const string Campaign = "Hội nghị Osaka 2026";
    internal const string Live = "https://dongnai.example";

    /// <summary>The fixture plus a publication series with one issue in vi and en, so a kit has an EPUB to carry.</summary>
    internal static async Task<(PromoSiteFactory App, ContentFolder Content)> StartAsync(DatabaseProvider provider)
    {
        var content = ContentFolder.Fixture();
        WriteIssue(content);
        return (await PromoSiteFactory.StartAsync(provider, content.Path), content);
    }

    internal static void WriteIssue(ContentFolder content)
    {
        content.Write("publications", "ban-tin", "vi", """
            ---
            slug: ban-tin
            frequency: quarterly
            title: Bản tin đầu tư
            summary: Bản tin đầu tư hằng quý.
            ---
            """);
        content.Write("publications", "ban-tin", "en", """
            ---
            slug: investment-bulletin
            title: Investment bulletin
            summary: The quarterly investment bulletin.
            ---
            """);
        content.Write("publication-issues", "so-1", "vi", """
            ---
            slug: so-1
            publication: ban-tin
            number: 1
            period: "2026-Q3"
            issueDate: 2026-09-30
            title: Bản tin số 1
            summary: Số đầu tiên.
            ---
            Lời mở đầu.
            """);
        content.Write("publication-issues", "so-1", "en", """
            ---
            slug: issue-1
            title: Bulletin no. 1
            summary: The first issue.
            ---
            Foreword.
            """);
    }

    /// <summary>
    /// On SQLite only: what is in the zip does not depend on the database, and each one-pager is a
    /// Chromium print (seconds each on a loaded machine). The storage-dependent part, the campaign's
    /// links, runs on both below.
    /// </summary>
    [Fact]
    public async Task A_kit_holds_relative_pages_one_pagers_qr_posters_tagged_with_the_campaign_and_epubs()
    {
        var (app, content) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        using var __ = content;
        var editor = await AdminClient.ForNewUserAsync(app, "kit-editor@example.org", Role.Editor);
        var ids = new[] { await app.ItemIdAsync("buoi-tan-trieu"), await app.ItemIdAsync("so-1") };
        var bytes = await BuildAsync(editor, ["en", "ko"], [], ids);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        // The index lists what is inside in each chosen language, with links that lead to files of the zip.
        var index = await new HtmlParser().ParseDocumentAsync(Read(zip, "index.html"));
        Assert.Equal(["en", "ko"], index.QuerySelectorAll("main > section[lang]").Select(s => s.GetAttribute("lang") ?? "").ToArray());
        Assert.Contains("한국어", index.QuerySelector("section[lang=ko] h2")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("떤찌에우 자몽", index.QuerySelector("section[lang=ko]")!.TextContent, StringComparison.Ordinal);

        // Pages as folder/index.html, in both languages.
        Assert.Contains("en/index.html", names);
        Assert.Contains("ko/index.html", names);
        Assert.Contains(names, n => n.StartsWith("en/ocop/", StringComparison.Ordinal) && n.EndsWith("/index.html", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("ko/publications/", StringComparison.Ordinal) && n.EndsWith("/index.html", StringComparison.Ordinal));

        // A one-pager per printable item and language, as PDF.
        var pdfs = zip.Entries.Where(e => e.FullName.StartsWith("pdf/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pdfs.Count);
        Assert.All(pdfs, pdf => Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(ReadBytes(pdf)[..4])));

        // A QR poster per item and language, whose code decodes to a short link of the campaign.
        var posters = zip.Entries.Where(e => e.FullName.StartsWith("posters/", StringComparison.Ordinal) && e.FullName.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, posters.Count);
        Assert.All(posters, p => Assert.Contains(p.FullName[..^4] + ".html", names));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            foreach (var poster in posters)
            {
                var url = await DecodeQrAsync(ReadBytes(poster));
                Assert.StartsWith(Live.ToUpperInvariant() + "/S/", url, StringComparison.Ordinal);
                var code = url[(url.LastIndexOf('/') + 1)..];
                var link = await db.ShortLinks.SingleAsync(l => l.Code == code);
                Assert.Equal(Campaign, link.Campaign);
                Assert.Equal("kit", link.Channel);
                Assert.Equal(poster.FullName.Split('/')[1], link.Locale);
            }
        }

        // The EPUB of the chosen issue, in each language.
        Assert.Equal(["epub/en/so-1.epub", "epub/ko/so-1.epub"], names.Where(n => n.EndsWith(".epub", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
        using (var epub = new ZipArchive(new MemoryStream(ReadBytes(zip.GetEntry("epub/en/so-1.epub")!))))
        {
            Assert.Equal("application/epub+zip", Read(epub, "mimetype"));
        }

        // Every link of every page: relative and in the zip, or absolute to the live site (marked when it is a page).
        var online = 0;
        foreach (var page in zip.Entries.Where(e => e.FullName.EndsWith(".html", StringComparison.Ordinal)))
        {
            var document = await new HtmlParser().ParseDocumentAsync(Read(zip, page.FullName));
            Assert.Empty(document.QuerySelectorAll("script[src], link[rel=manifest]"));
            foreach (var element in document.QuerySelectorAll("[href], [src], [srcset], [action], [poster]"))
            {
                var urls = new[] { "href", "src", "action", "poster" }.Select(element.GetAttribute).OfType<string>()
                    .Concat((element.GetAttribute("srcset") ?? "").Split(',').Select(c => c.Trim().Split(' ')[0]).Where(c => c.Length > 0));
                foreach (var url in urls)
                {
                    if (url.StartsWith('#') || url.StartsWith("mailto:", StringComparison.Ordinal) || url.StartsWith("tel:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("//", StringComparison.Ordinal))
                    {
                        Assert.False(url.StartsWith("//", StringComparison.Ordinal), $"{page.FullName}: {url} depends on the scheme, which is file: here");
                        if (url.StartsWith(Live, StringComparison.Ordinal) && element.LocalName == "a")
                        {
                            Assert.True(element.HasAttribute("data-kit-online"), $"{page.FullName}: {url} leads to the live site without saying it needs a network");
                            online++;
                        }

                        continue;
                    }

                    Assert.False(url.StartsWith('/'), $"{page.FullName}: {url} is root-relative, which file: resolves to the disk's root");
                    var target = new Uri(new Uri("file:///kit/" + page.FullName), url).AbsolutePath["/kit/".Length..];
                    Assert.True(names.Contains(Uri.UnescapeDataString(target)), $"{page.FullName}: {url} is not in the kit");
                }
            }
        }

        Assert.True(online > 0, "pages outside the kit (other sections) are linked to the live site");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_second_kit_of_the_same_campaign_reuses_its_short_links_and_another_campaign_gets_its_own(DatabaseProvider provider)
    {
        var (app, content) = await StartAsync(provider);
        await using var _ = app;
        using var __ = content;
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        await using var scope = app.Services.CreateAsyncScope();
        var links = scope.ServiceProvider.GetRequiredService<ShortLinkService>();
        var (first, _) = await links.ForKitAsync(id, "ko", Campaign, "a@example.org");
        var (again, _) = await links.ForKitAsync(id, "ko", " " + Campaign + " ", "b@example.org");
        var (other, _) = await links.ForKitAsync(id, "ko", "Seoul 2027", "a@example.org");
        var (english, _) = await links.ForKitAsync(id, "en", Campaign, "a@example.org");
        Assert.Equal(first!.Code, again!.Code);
        Assert.Equal([first.Code, other!.Code, english!.Code], new[] { first.Code, other.Code, english.Code }.Distinct().ToArray());
        Assert.Equal(("kit", Campaign, "ko"), (first.Channel, first.Campaign, first.Locale));
    }

    [Fact]
    public async Task Who_may_not_make_kits_is_refused_the_page_the_progress_and_the_download()
    {
        var (app, content) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        using var __ = content;
        var editor = await AdminClient.ForNewUserAsync(app, "kit-maker@example.org", Role.Editor);
        var job = app.Services.GetRequiredService<KitQueue>().Enqueue(new KitRequest(["en"], [], [await app.ItemIdAsync("buoi-tan-trieu")], "Test", Live, "kit-maker@example.org"));
        await WaitAsync(editor, job.Id);

        var translator = await AdminClient.ForNewUserAsync(app, "kit-translator@example.org", Role.Translator, "en");
        foreach (var path in new[] { "/admin/kits", $"/admin/kits?job={job.Id}", $"/admin/kits?handler=Status&job={job.Id}", $"/admin/kits?handler=Download&job={job.Id}" })
        {
            await AssertForbiddenAsync(translator, await translator.Http.GetAsync(new Uri(path, UriKind.Relative)));
        }

        var post = await translator.Http.PostAsync(new Uri("/admin/kits", UriKind.Relative), new FormUrlEncodedContent([new("Locales", "en"), new("Campaign", "x")]));
        await AssertForbiddenAsync(translator, post);
        Assert.Single(app.Services.GetRequiredService<KitQueue>().Recent());
        Assert.Equal(HttpStatusCode.OK, (await editor.Http.GetAsync(new Uri($"/admin/kits?handler=Download&job={job.Id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("/admin/kits", await translator.Http.GetStringAsync(new Uri("/admin", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_starts_nothing()
    {
        var (app, content) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        using var __ = content;
        var editor = await AdminClient.ForNewUserAsync(app, "kit-refusals@example.org", Role.Editor);
        var item = (await app.ItemIdAsync("buoi-tan-trieu")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cases = new (KeyValuePair<string, string>[] Fields, string Message)[]
        {
            ([new("Items", item), new("Campaign", "Osaka")], "Xin vui lòng chọn ít nhất một ngôn ngữ."),
            ([new("Locales", "en"), new("Campaign", "Osaka")], "Xin vui lòng chọn ít nhất một chuyên mục hoặc một mục."),
            ([new("Locales", "en"), new("Items", "999999"), new("Campaign", "Osaka")], "Mục 999999 không tồn tại"),
            ([new("Locales", "en"), new("Items", item), new("Campaign", "<script>")], "Tên chiến dịch chỉ gồm chữ, số"),
            ([new("Locales", "en"), new("Items", item), new("Campaign", " ")], "Xin vui lòng đặt tên chiến dịch"),
            ([new("Locales", "xx"), new("Items", item), new("Campaign", "Osaka")], "“xx” không phải là ngôn ngữ"),
            ([new("Locales", "en"), new("Types", "nothing"), new("Campaign", "Osaka")], "“nothing” không phải là chuyên mục"),
        };
        foreach (var (fields, message) in cases)
        {
            var (response, page) = await PostAsync(editor, fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, page.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        }

        Assert.Empty(app.Services.GetRequiredService<KitQueue>().Recent());
        var (gone, gonePage) = await editor.GetAsync("/admin/kits?job=0123456789abcdef01234567");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("không còn nữa", gonePage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>A page refusal is the sign-in cookie's forbid: to /admin/denied, which answers 403.</summary>
    private static async Task AssertForbiddenAsync(AdminClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var denied = response.Headers.Location!;
        Assert.StartsWith("/admin/denied", denied.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(new Uri(denied.PathAndQuery, UriKind.Relative))).StatusCode);
    }

    /// <summary>Submits the form as a browser would (checkboxes repeat their name), follows to the progress page, waits and downloads.</summary>
    internal static async Task<byte[]> BuildAsync(AdminClient client, string[] locales, string[] types, long[] items)
    {
        var fields = locales.Select(l => new KeyValuePair<string, string>("Locales", l))
            .Concat(types.Select(t => new KeyValuePair<string, string>("Types", t)))
            .Concat(items.Select(i => new KeyValuePair<string, string>("Items", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Append(new("Campaign", Campaign)).ToArray();
        var (response, _) = await PostAsync(client, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var (progress, page) = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        Assert.True(page.QuerySelector("progress") is not null || page.QuerySelector("a[download]") is not null);
        var job = location[(location.IndexOf("job=", StringComparison.Ordinal) + 4)..];
        var download = await WaitAsync(client, job);
        var zip = await client.Http.GetAsync(new Uri(download, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        return await zip.Content.ReadAsByteArrayAsync();
    }

    internal static async Task<string> WaitAsync(AdminClient client, string job)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            using var status = JsonDocument.Parse(await client.Http.GetStringAsync(new Uri($"/admin/kits?handler=Status&job={job}", UriKind.Relative)));
            var state = status.RootElement.GetProperty("state").GetString();
            Assert.NotEqual("Failed", state);
            if (state == "Ready")
            {
                return status.RootElement.GetProperty("download").GetString()!;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The kit was not built within three minutes.");
    }

    private static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> PostAsync(AdminClient client, KeyValuePair<string, string>[] fields)
    {
        var (_, form) = await client.GetAsync("/admin/kits");
        var token = form.QuerySelector("form#new-kit input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.Http.PostAsync(new Uri("/admin/kits", UriKind.Relative), new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static byte[] ReadBytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Read(ZipArchive zip, string name) => System.Text.Encoding.UTF8.GetString(ReadBytes(zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the kit")));

    /// <summary>zbarimg (Debian's zbar-tools) reads the QR code as a phone would.</summary>
    private static async Task<string> DecodeQrAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"kit-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var start = new ProcessStartInfo("zbarimg", ["--quiet", "--raw", file]) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
