using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Publications;
using PromoSite.Web.Tests.Site;

namespace PromoSite.Web.Tests.Publications;

/// <summary>Every sample issue in every language, as served, passes EPUBCheck.</summary>
public sealed class SampleIssueEpubTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    [Fact]
    public async Task Every_sample_issue_in_every_language_passes_epubcheck()
    {
        var delivery = site.Factory.Services.GetRequiredService<IContentDelivery>();
        var folder = TestFolders.NewFolder("epub");
        var files = new List<string>();
        foreach (var locale in Locales.All)
        {
            var issues = (await delivery.ListAsync(new ContentQuery(locale, "publication-issues", PageSize: ContentQuery.MaxPageSize))).Items;
            Assert.Equal(4, issues.Count);
            foreach (var issue in issues)
            {
                var response = await site.Client.GetAsync(new Uri(issue.Path + ".epub", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/epub+zip", response.Content.Headers.ContentType?.MediaType);
                var file = Path.Combine(folder, $"{locale}-{issue.Key}.epub");
                await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
                files.Add(file);
            }
        }

        await EpubCheck.AssertValidAsync(files);
    }

    [Fact]
    public async Task The_issue_page_links_its_epub_and_hides_offline_saving_until_the_script_shows_it()
    {
        var (response, page) = await site.GetPageAsync("/ko/publications/external-affairs-bulletin/2026-q1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var epub = page.QuerySelector(".reader a[href$='.epub']");
        Assert.Equal("/ko/publications/external-affairs-bulletin/2026-q1.epub", epub?.GetAttribute("href"));
        Assert.Equal("EPUB 다운로드", epub!.TextContent.Trim());
        var save = page.QuerySelector(".offline-save")!;
        Assert.True(save.HasAttribute("hidden")); // no button without JavaScript and service workers
        Assert.Equal(4, save.GetAttribute("data-pages")!.Split(' ').Length); // the issue and its three articles
        Assert.NotNull(page.QuerySelector("script[src*='offline']"));
        Assert.Equal("/ko/manifest.webmanifest", page.QuerySelector("link[rel=manifest]")?.GetAttribute("href"));

        // Other item pages carry neither (they may load other scripts, such as the share button's).
        var (_, article) = await site.GetPageAsync("/ko/news/external-information-plan-2026");
        Assert.Null(article.QuerySelector(".reader"));
        Assert.Null(article.QuerySelector("script[src*='offline']"));
    }

    [Theory]
    [InlineData("vi", "Đồng Nai – Đầu tư, Khám phá, Kết nối")]
    [InlineData("ja", "ドンナイ – 投資・観光・交流")]
    public async Task The_web_app_manifest_is_in_the_page_language(string locale, string name)
    {
        var response = await site.Client.GetAsync(new Uri($"/{locale}/manifest.webmanifest", UriKind.Relative));
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(name, manifest["name"]!.GetValue<string>());
        Assert.Equal($"/{locale}/", manifest["start_url"]!.GetValue<string>());
        foreach (var icon in manifest["icons"]!.AsArray())
        {
            var file = await site.Client.GetAsync(new Uri(icon!["src"]!.GetValue<string>(), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(icon["type"]!.GetValue<string>(), file.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_service_worker_is_served_from_the_root_and_revalidated_not_cached_for_ever()
    {
        var response = await site.Client.GetAsync(new Uri("/sw.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache == true, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.DoesNotContain("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_saved_issues_page_exists_in_every_language_and_is_not_indexed()
    {
        foreach (var locale in Locales.All)
        {
            var (response, page) = await site.GetPageAsync($"/{locale}/publications/saved");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(page.QuerySelector("[data-saved-list] [data-part=unsupported]")!.HasAttribute("hidden")); // what a browser without service workers sees
            Assert.NotNull(page.QuerySelector("[data-part=offline][hidden]"));
            Assert.Equal("noindex, follow", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        }
    }
}

/// <summary>
/// A made-up issue built to break things: markup and ampersands in every title, a cover image, an
/// article whose image file is missing, an article with no translation, links and images in Markdown.
/// </summary>
public sealed class HostileIssueEpubTests : IAsyncLifetime
{
    public const string HostileTitle = "<script>alert('x')</script> & Q&A \"quoted\"";

    private readonly ContentFolder _content = new();
    private PromoSiteFactory _app = null!;
    private HttpClient _client = null!;
    private byte[] _png = [];

    public async Task InitializeAsync()
    {
        _png = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "src", "Web", "wwwroot", "icon-192.png"));
        var file = StoredName(_png);
        WriteContent(_content, file);
        _app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, _content.Path);
        var data = _app.Services.GetRequiredService<DataFolder>();
        await File.WriteAllBytesAsync(data.Combine(Path.Combine("media", file)), _png);
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _content.Dispose();
    }

    /// <summary>Where the media library keeps a file: named by the SHA-256 of its bytes.</summary>
    private static string StoredName(byte[] bytes)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return $"originals/{hash[..2]}/{hash}.png";
    }

    internal static void WriteContent(ContentFolder content, string coverFile)
    {
        content.Write("media", "anh-bia", "vi", $"""
            ---
            file: {coverFile}
            title: Ảnh bìa
            alt: "Bìa <số 7> & ảnh"
            caption: "Cảng & sân bay"
            ---
            """);
        content.Write("media", "anh-thieu", "vi", """
            ---
            file: originals/00/0000000000000000000000000000000000000000000000000000000000000000.jpg
            title: Ảnh không có tệp
            ---
            """);
        content.Write("publications", "chuoi-thu", "vi", """
            ---
            slug: chuoi-thu
            frequency: irregular
            publisher: "Sở <Ngoại> vụ & Báo"
            title: "Chuỗi <b>thử</b> & co"
            summary: Chuỗi ấn phẩm thử.
            ---
            """);
        content.Write("publications", "chuoi-thu", "en", """
            ---
            slug: test-series
            title: "Test <b>series</b> & co"
            summary: A test series.
            ---
            """);
        content.Write("publication-issues", "so-7", "vi", $"""
            ---
            slug: so-7
            publication: chuoi-thu
            number: 7
            period: "2026-Q2"
            issueDate: 2026-06-30
            cover: anh-bia
            articles:
              - bai-mot
              - bai-hai
            title: "Số 7 <script>alert('x')</script> & Q&A"
            summary: "Tóm tắt & <i>nghiêng</i>"
            ---
            Lời mở đầu với ảnh ![Bìa <số>](/media/{coverFile}) và [bài một](/vi/news/bai-mot) <b>raw</b>.
            """);
        content.Write("publication-issues", "so-7", "en", $"""
            ---
            slug: issue-7
            title: '<script>alert(''x'')</script> & Q&A "quoted"'
            summary: "Summary & <i>italic</i>"
            ---
            Foreword with a picture ![Cover <7>](/media/{coverFile}), one that is not ours ![far](https://example.org/x.png) and [article one](/en/news/article-one).

            | a | b |
            |--:|:-:|
            | 1 & 2 | <3 |
            """);
        content.Write("articles", "bai-mot", "vi", """
            ---
            slug: bai-mot
            date: 2026-06-01
            author: "Tòa soạn <Đồng Nai>"
            image: anh-thieu
            title: "Bài <một> & \"hai\""
            summary: Bài thứ nhất.
            ---
            Nội dung bài một.
            """);
        content.Write("articles", "bai-mot", "en", """
            ---
            slug: article-one
            title: "Article <one> & \"two\""
            summary: The first article.
            ---
            Text of article one.
            """);
        content.Write("articles", "bai-hai", "vi", """
            ---
            slug: bai-hai
            date: 2026-06-02
            title: Bài hai chỉ có tiếng Việt
            summary: Bài thứ hai.
            ---
            Nội dung bài hai.
            """);
    }

    private async Task<(HttpResponseMessage Response, byte[] Bytes)> GetAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static XDocument Entry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }

    private static readonly XNamespace Opf = "http://www.idpf.org/2007/opf";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Xml = XNamespace.Xml;

    [Fact]
    public async Task The_container_starts_with_an_uncompressed_mimetype()
    {
        var (_, bytes) = await GetAsync("/en/publications/test-series/issue-7.epub");

        Assert.Equal("PK\u0003\u0004", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 8)); // compression method: stored
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 28)); // no extra field
        Assert.Equal("mimetype", Encoding.ASCII.GetString(bytes, 30, 8));
        Assert.Equal("application/epub+zip", Encoding.ASCII.GetString(bytes, 38, 20));
    }

    [Fact]
    public async Task Spine_follows_the_issue_order_and_a_fallback_article_keeps_its_own_language()
    {
        var (_, bytes) = await GetAsync("/en/publications/test-series/issue-7.epub");
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var package = Entry(zip, "EPUB/package.opf");

        Assert.Equal(new[] { "en", "vi" }, package.Descendants(Dc + "language").Select(l => l.Value));
        Assert.Equal("en", package.Root!.Attribute(Xml + "lang")!.Value);
        var manifest = package.Descendants(Opf + "item").ToDictionary(i => i.Attribute("id")!.Value, i => i.Attribute("href")!.Value);
        var spine = package.Descendants(Opf + "itemref").Select(r => manifest[r.Attribute("idref")!.Value]).ToList();
        Assert.Equal(3, spine.Count);
        Assert.Equal("title.xhtml", spine[0]);

        var first = Entry(zip, "EPUB/" + spine[1]);
        Assert.Equal("Article <one> & \"two\"", first.Descendants(Html + "h1").Single().Value);
        Assert.Equal("en", first.Root!.Attribute(Xml + "lang")!.Value);

        var second = Entry(zip, "EPUB/" + spine[2]);
        Assert.Equal("Bài hai chỉ có tiếng Việt", second.Descendants(Html + "h1").Single().Value);
        Assert.Equal("vi", second.Root!.Attribute(Xml + "lang")!.Value);
        var notice = second.Descendants(Html + "p").First(p => (string?)p.Attribute("class") == "notice");
        Assert.Equal("en", notice.Attribute(Xml + "lang")!.Value); // "not yet translated" is said in the reader's language

        var nav = Entry(zip, "EPUB/nav.xhtml");
        var entries = nav.Descendants(Html + "nav").First().Descendants(Html + "li").ToList();
        Assert.Equal(spine, entries.Select(li => li.Element(Html + "a")!.Attribute("href")!.Value));
        Assert.Equal("vi", entries[2].Attribute(Xml + "lang")!.Value);
    }

    [Fact]
    public async Task Markup_in_titles_and_text_stays_text()
    {
        var (_, bytes) = await GetAsync("/en/publications/test-series/issue-7.epub");
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var package = Entry(zip, "EPUB/package.opf");
        Assert.Equal(HostileTitle, package.Descendants(Dc + "title").Single().Value);
        Assert.Equal("Sở <Ngoại> vụ & Báo", package.Descendants(Dc + "publisher").Single().Value);

        var title = Entry(zip, "EPUB/title.xhtml");
        Assert.Equal(HostileTitle, title.Descendants(Html + "h1").Single().Value);
        Assert.Equal(HostileTitle, title.Descendants(Html + "title").Single().Value);
        Assert.Contains(title.Descendants(Html + "p"), p => p.Value == "Test <b>series</b> & co");

        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xhtml", StringComparison.Ordinal)))
        {
            var document = Entry(zip, entry.FullName);
            Assert.Empty(document.Descendants(Html + "script"));
            Assert.Empty(document.Descendants(Html + "b")); // "<b>raw</b>" in Markdown is text, not markup
        }

        // Site links become absolute; the table's alignment and escaped cells survive.
        Assert.Contains(title.Descendants(Html + "a"), a => (string?)a.Attribute("href") == "https://dongnai.example/en/news/article-one");
        Assert.Contains(title.Descendants(Html + "td"), td => td.Value == "1 & 2" && ((string?)td.Attribute("style"))?.Contains("text-align", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_cover_and_own_images_are_embedded_and_missing_or_foreign_ones_left_out()
    {
        var (_, bytes) = await GetAsync("/en/publications/test-series/issue-7.epub");
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var package = Entry(zip, "EPUB/package.opf");
        var images = package.Descendants(Opf + "item").Where(i => i.Attribute("media-type")!.Value.StartsWith("image/", StringComparison.Ordinal)).ToList();

        var cover = Assert.Single(images); // the cover, also used in the foreword, is in the book once
        Assert.Equal("cover-image", cover.Attribute("properties")?.Value);
        Assert.Equal("image/png", cover.Attribute("media-type")!.Value);
        using (var stream = zip.GetEntry("EPUB/" + cover.Attribute("href")!.Value)!.Open())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy);
            Assert.Equal(_png, copy.ToArray());
        }

        var title = Entry(zip, "EPUB/title.xhtml");
        var pictures = title.Descendants(Html + "img").ToList();
        Assert.Equal(2, pictures.Count); // the cover figure and the foreword's picture; the external one is only its alt text
        Assert.All(pictures, img => Assert.Equal(cover.Attribute("href")!.Value, img.Attribute("src")!.Value));
        Assert.Equal("Bìa <số 7> & ảnh", pictures[0].Attribute("alt")!.Value);
        Assert.Contains("far", title.Root!.Value, StringComparison.Ordinal);

        var article = Entry(zip, "EPUB/article-01.xhtml");
        Assert.Empty(article.Descendants(Html + "img")); // its media item's file does not exist
    }

    [Fact]
    public async Task The_hostile_issue_passes_epubcheck_in_both_languages()
    {
        var folder = TestFolders.NewFolder("epub");
        var files = new List<string>();
        foreach (var path in new[] { "/en/publications/test-series/issue-7.epub", "/vi/publications/chuoi-thu/so-7.epub", "/ja/publications/test-series/issue-7.epub" })
        {
            var (response, bytes) = await GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var file = Path.Combine(folder, Path.GetFileName(path).Replace(".epub", $"-{path[1..3]}.epub", StringComparison.Ordinal));
            await File.WriteAllBytesAsync(file, bytes);
            files.Add(file);
        }

        await EpubCheck.AssertValidAsync(files);
    }

    [Fact]
    public async Task The_book_is_a_download_with_a_stable_identifier_and_etag()
    {
        var (response, bytes) = await GetAsync("/en/publications/test-series/issue-7.epub");
        Assert.Equal("application/epub+zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("test-series-issue-7-en.epub", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var etag = response.Headers.ETag!;

        var (again, sameBytes) = await GetAsync("/en/publications/test-series/issue-7.epub");
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal(bytes, sameBytes);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/en/publications/test-series/issue-7.epub");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(conditional)).StatusCode);

        using var en = new ZipArchive(new MemoryStream(bytes));
        var (_, viBytes) = await GetAsync("/vi/publications/chuoi-thu/so-7.epub");
        using var vi = new ZipArchive(new MemoryStream(viBytes));
        var enId = Entry(en, "EPUB/package.opf").Descendants(Dc + "identifier").Single().Value;
        var viId = Entry(vi, "EPUB/package.opf").Descendants(Dc + "identifier").Single().Value;
        Assert.StartsWith("urn:uuid:", enId, StringComparison.Ordinal);
        Assert.NotEqual(enId, viId);
        Assert.Equal(IssueEpubComposer.StableUrn("promosite:publication-issues:so-7:en"), enId);
    }

    [Fact]
    public async Task Old_and_unknown_addresses_redirect_or_say_not_found()
    {
        // The Vietnamese slugs under /en/: permanent redirects to the English book's address.
        var path = "/en/publications/chuoi-thu/so-7.epub";
        for (var hops = 0; hops < 3; hops++)
        {
            var (response, _) = await GetAsync(path);
            if (response.StatusCode != HttpStatusCode.MovedPermanently)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            }

            path = response.Headers.Location!.OriginalString;
        }

        Assert.Equal("/en/publications/test-series/issue-7.epub", path);

        var (missing, _) = await GetAsync("/en/publications/test-series/issue-8.epub");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Publishing_a_change_to_an_article_changes_the_cached_book()
    {
        var (before, _) = await GetAsync("/en/publications/test-series/issue-7.epub");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var item = await db.Items.Include(i => i.Localizations).SingleAsync(i => i.Key == "bai-mot");
            var en = item.Localizations.Single(l => l.Locale == "en");
            var fields = JsonNode.Parse(en.FieldsJson)!.AsObject();
            fields["title"] = "Article one, revised";
            var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>()
                .SaveAsync(item.Id, item.Version, null, new LocalizationInput("en", fields, en.Status, en.Slug), "test");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        }

        var (after, bytes) = await GetAsync("/en/publications/test-series/issue-7.epub");
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal("Article one, revised", Entry(zip, "EPUB/article-01.xhtml").Descendants(Html + "h1").Single().Value);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/en/publications/test-series/issue-7.epub");
        conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(conditional)).StatusCode);
    }
}

/// <summary>The writer on its own: what any book it is given comes out as.</summary>
public sealed class EpubWriterTests
{
    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_and_the_rest_escaped()
    {
        var hostile = "A\u0001B <script>&amp; 𝄞 \uD800";
        var book = new EpubBook(
            "urn:uuid:00000000-0000-5000-8000-000000000000", ["ko"], hostile, null, null, "P & <Q>", null, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "목차",
            new EpubDocument("title", hostile, "ko", w => w.WriteElementString("h1", "http://www.w3.org/1999/xhtml", XmlText.Clean(hostile))),
            [new EpubDocument("article-01", "둘째", "en", _ => { })],
            [],
            null);

        using var zip = new ZipArchive(new MemoryStream(EpubWriter.Write(book)));
        using var stream = zip.GetEntry("EPUB/title.xhtml")!.Open();
        var title = XDocument.Load(stream);
        Assert.Equal("AB <script>&amp; 𝄞 ", title.Descendants(XName.Get("h1", "http://www.w3.org/1999/xhtml")).Single().Value);
        Assert.Equal(EpubWriter.Write(book), EpubWriter.Write(book)); // same book, same bytes: a stable ETag
    }
}
