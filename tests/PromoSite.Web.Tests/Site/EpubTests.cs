using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>EPUB 3 of every sample issue in every language, checked by epubcheck (installed by scripts/test.sh) and by reading it back.</summary>
public sealed class EpubTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    private async Task<List<string>> IssuePathsAsync(string locale)
    {
        var list = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri($"/api/v1/{locale}/publication-issues?pageSize=20", UriKind.Relative)));
        return [.. list.RootElement.GetProperty("items").EnumerateArray().Select(i => SampleSiteFixture.PathOf(i.GetProperty("url").GetString()!))];
    }

    /// <summary>
    /// Each language checks one issue under epubcheck, a different one per language so that every
    /// issue is checked (a JVM start per book costs seconds); every issue in every language is
    /// still downloaded and must open as a ZIP with the required first entry.
    /// </summary>
    [Theory]
    [InlineData("vi", 0)]
    [InlineData("en", 1)]
    [InlineData("ko", 2)]
    [InlineData("ja", 3)]
    [InlineData("zh", 0)]
    public async Task Issues_are_valid_epub_3_in_each_language(string locale, int checkedIssue)
    {
        var folder = TestFolders.NewFolder("epub");
        var files = new List<string>();
        foreach (var path in await IssuePathsAsync(locale))
        {
            var (_, page) = await site.GetPageAsync(path);
            Assert.Equal(path + ".epub", page.QuerySelector("a.epub-link")!.GetAttribute("href"));
            var response = await site.Client.GetAsync(new Uri(path + ".epub", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/epub+zip", response.Content.Headers.ContentType?.MediaType);
            var file = Path.Combine(folder, path.Trim('/').Replace('/', '-') + ".epub");
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            using (var zip = ZipFile.OpenRead(file))
            {
                Assert.Equal("mimetype", zip.Entries[0].FullName);
            }

            files.Add(file);
        }

        var book = files[checkedIssue % files.Count];
        // Debian's /usr/bin/epubcheck is the jar itself (it needs binfmt for jars); run it with java
        // directly, with JIT and GC settings that halve a short run's start-up.
        using var process = Process.Start(new ProcessStartInfo("java", ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/usr/share/java/epubcheck.jar", book, "--quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"epubcheck refused {Path.GetFileName(book)}:\n{output}");
    }

    [Fact]
    public async Task The_book_has_the_issue_articles_in_order_with_language_and_metadata()
    {
        var path = (await IssuePathsAsync("ko"))[0];
        var api = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri("/api/v1" + path, UriKind.Relative))).RootElement;
        using var zip = new ZipArchive(await site.Client.GetStreamAsync(new Uri(path + ".epub", UriKind.Relative)));
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        using var reader = new StreamReader(zip.GetEntry("mimetype")!.Open());
        Assert.Equal("application/epub+zip", await reader.ReadToEndAsync());

        XNamespace opf = "http://www.idpf.org/2007/opf";
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        var package = XDocument.Load(zip.GetEntry("OEBPS/package.opf")!.Open());
        Assert.Equal("ko", package.Descendants(dc + "language").Single().Value);
        Assert.StartsWith("urn:promosite:issue:", package.Descendants(dc + "identifier").Single().Value, StringComparison.Ordinal);
        var spine = package.Descendants(opf + "itemref").Select(i => (string)i.Attribute("idref")!).ToList();
        var articles = api.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToList();
        Assert.Equal(articles.Count + 1, spine.Count); // a title page, then the articles in the issue's order
        for (var i = 0; i < articles.Count; i++)
        {
            var xhtml = XDocument.Load(zip.GetEntry($"OEBPS/article-{i + 1}.xhtml")!.Open());
            Assert.Equal(articles[i], xhtml.Descendants().First(e => e.Name.LocalName == "h1").Value);
        }
    }
}
