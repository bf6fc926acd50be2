using System.Net;
using System.Xml.Linq;
using AngleSharp.Html.Dom;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// Walks the whole site from / as a search engine would and fails on any broken internal link,
/// any hreflang pair that is not reciprocal, any hreflang target that is not a 200 self-canonical
/// page, and any sitemap URL that is not 200.
/// </summary>
public sealed class CrawlerTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    private sealed record Crawled(HttpStatusCode Status, string? Location, string? Canonical, Dictionary<string, string> Alternates);

    [Fact]
    public Task The_whole_site_has_no_broken_links_and_reciprocal_hreflang() => CrawlAndCheckAsync();

    [Fact]
    public async Task Visits_with_tracking_parameters_leave_no_trace_in_cached_pages()
    {
        // Issue 16: one ?fbclid visit used to become the canonical and hreflang of the cached page for everyone.
        string[] visited = ["/ko/?fbclid=X", "/en/ocop/?utm_source=newsletter&utm_medium=email", "/vi/news/?gclid=abc", "/ja/tourism/?yclid=1&msclkid=2",
            "/zh/investment/?mc_cid=c&mc_eid=e", "/en/?utm_campaign=spring", "/vi/?fbclid=Y", "/en/news/?page=2&utm_source=x"];
        foreach (var path in visited)
        {
            var (response, document) = await site.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(document.QuerySelectorAll("link[href], a[href], meta[property='og:url']"),
                e => (e.GetAttribute("href") ?? e.GetAttribute("content") ?? "").Contains("clid", StringComparison.Ordinal)
                    || (e.GetAttribute("href") ?? e.GetAttribute("content") ?? "").Contains("utm_", StringComparison.Ordinal)
                    || (e.GetAttribute("href") ?? e.GetAttribute("content") ?? "").Contains("mc_", StringComparison.Ordinal));
        }

        var (_, korean) = await site.GetPageAsync("/ko/");
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/ko/", korean.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        await CrawlAndCheckAsync();
    }

    private async Task CrawlAndCheckAsync()
    {
        var pages = new Dictionary<string, Crawled>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var broken = new List<string>();
        while (queue.Count > 0 && pages.Count < 3000)
        {
            var path = queue.Dequeue();
            if (pages.ContainsKey(path))
            {
                continue;
            }

            var (crawled, links) = await FetchAsync(path);
            pages[path] = crawled;
            if (crawled.Status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && crawled.Location is not null)
            {
                queue.Enqueue(crawled.Location);
                continue;
            }

            if (crawled.Status != HttpStatusCode.OK)
            {
                broken.Add($"{path} answered {(int)crawled.Status}");
                continue;
            }

            foreach (var link in links)
            {
                if (!pages.ContainsKey(link))
                {
                    queue.Enqueue(link);
                }
            }
        }

        Assert.Empty(broken);
        Assert.True(pages.Count > 150, $"only {pages.Count} pages were reached");

        var problems = new List<string>();
        foreach (var (path, page) in pages.Where(p => p.Value.Status == HttpStatusCode.OK && p.Value.Alternates.Count > 0))
        {
            var self = SampleSiteFixture.PathOf(page.Canonical ?? "");
            if (self != path && !page.Alternates.ContainsValue(SampleSiteFixture.BaseUrl + path))
            {
                continue; // a fallback page: canonical points at the original, which is checked on its own
            }

            foreach (var (hreflang, url) in page.Alternates)
            {
                var target = SampleSiteFixture.PathOf(url);
                if (!pages.TryGetValue(target, out var other))
                {
                    var (fetched, _) = await FetchAsync(target);
                    pages[target] = other = fetched;
                }

                if (other.Status != HttpStatusCode.OK)
                {
                    problems.Add($"{path}: hreflang {hreflang} → {target} answers {(int)other.Status}");
                }
                else if (other.Canonical != url)
                {
                    problems.Add($"{path}: hreflang {hreflang} → {target} is not self-canonical ({other.Canonical})");
                }
                else if (hreflang != "x-default" && !other.Alternates.ContainsValue(page.Canonical!))
                {
                    problems.Add($"{path}: hreflang {hreflang} → {target} does not link back");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Every_sitemap_url_answers_200_and_lists_no_fallback_page()
    {
        var index = XDocument.Parse(await site.Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)));
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var sitemaps = index.Descendants(sm + "loc").Select(l => l.Value).ToList();
        Assert.Equal(5, sitemaps.Count(s => s.EndsWith("/sections.xml", StringComparison.Ordinal)));

        var failures = new List<string>();
        var total = 0;
        foreach (var sitemap in sitemaps)
        {
            var response = await site.Client.GetAsync(new Uri(SampleSiteFixture.PathOf(sitemap), UriKind.Relative));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.True(bytes.Length < 10_000_000);
            var urls = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Descendants(sm + "url").ToList();
            Assert.True(urls.Count < 50_000);
            foreach (var url in urls)
            {
                total++;
                var loc = url.Element(sm + "loc")!.Value;
                var (page, _) = await FetchAsync(SampleSiteFixture.PathOf(loc));
                if (page.Status != HttpStatusCode.OK || page.Canonical != loc)
                {
                    failures.Add($"{loc}: {(int)page.Status}, canonical {page.Canonical}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(total > 100);
    }

    private async Task<(Crawled Page, List<string> Links)> FetchAsync(string path)
    {
        var (response, document) = await site.GetPageAsync(path);
        var location = response.Headers.Location?.ToString();
        var alternates = document.QuerySelectorAll("link[rel=alternate][hreflang]").ToDictionary(l => l.GetAttribute("hreflang")!, l => l.GetAttribute("href")!);
        var canonical = document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");
        var links = document.QuerySelectorAll("a[href]").Cast<IHtmlAnchorElement>()
            .Select(a => SampleSiteFixture.PathOf(a.GetAttribute("href")!))
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal) && !h.StartsWith("/api/", StringComparison.Ordinal))
            .Select(h => h.Split('#')[0])
            .Where(h => h.Length > 0)
            .Distinct()
            .ToList();
        var isHtml = response.Content.Headers.ContentType?.MediaType == "text/html";
        return (new Crawled(response.StatusCode, location, isHtml ? canonical : null, isHtml ? alternates : []), isHtml ? links : []);
    }
}
