using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Export;

namespace PromoSite.Web.Tests.Export;

/// <summary>
/// The export of the sample site served by nginx (Debian's, installed by scripts/test.sh) with the
/// server block the export wrote, walked by the crawler as the live site is: the same pages with the
/// same titles, canonicals, hreflang and JSON-LD, no broken link, and old slugs and short links
/// answered by nginx as 301s to where the live site sends them.
/// </summary>
public sealed class NginxServedExportTests
{
    private sealed record Seen(int Status, string? Location, string? Title, string? Canonical, string Alternates, string JsonLd, List<string> Links)
    {
        /// <summary>The fields compared between the live and the static site (a record's list compares by reference).</summary>
        public static (int, string?, string?, string?, string, string) Face(Seen seen) =>
            (seen.Status, seen.Location, seen.Title, seen.Canonical, seen.Alternates, seen.JsonLd);
    }

    [Fact]
    public async Task Nginx_serving_the_export_answers_every_page_as_the_live_site_with_no_broken_link()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: run the suite with scripts/test.sh, which installs it from Debian's packages.");
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, TestFolders.SampleContent);
        var work = TestFolders.NewFolder("nginx-export");
        var output = Path.Combine(work, "site");
        var report = await ExportTests.ExportAsync(app, output);
        Assert.Empty(report.Broken);

        using var live = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var port = FreePort();
        using var server = StartNginx(nginx, work, output, port);
        // Redirects are what is checked (and forms' go to the live site, which does not exist here): never followed.
        using var exported = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitForAsync(exported);

        var liveSite = await CrawlAsync(live);
        var staticSite = await CrawlAsync(exported);

        var livePages = liveSite.Where(p => p.Value.Status == 200 && !SiteExporter.IsLiveOnly(p.Key)).Select(p => p.Key).Order().ToList();
        var staticPages = staticSite.Where(p => p.Value.Status == 200).Select(p => p.Key).Order().ToList();
        Assert.Equal(livePages, staticPages);
        Assert.Empty(staticSite.Where(p => p.Value.Status is not (200 or 301 or 302)).Select(p => $"{p.Key} answered {p.Value.Status}"));
        // What a reader and a search engine see of each page; the links are compared by the crawl itself.
        var differences = livePages
            .Where(p => Seen.Face(liveSite[p]) != Seen.Face(staticSite[p]))
            .Select(p => $"{p}: live {Seen.Face(liveSite[p])} / static {Seen.Face(staticSite[p])}")
            .ToList();
        Assert.Empty(differences);

        // Forms go to the live site; redirects (old slugs, other languages' slugs, short links) are nginx's 301s.
        Assert.All(liveSite.Keys.Where(SiteExporter.IsLiveOnly).Take(3), path => Assert.StartsWith("https://live.dongnai.example/", Get(exported, path).Location, StringComparison.Ordinal));
        var redirects = File.ReadAllLines(Path.Combine(output, "_redirects")).Where(l => !l.StartsWith('#')).Select(l => l.Split(' ')).ToList();
        Assert.Contains(redirects, r => r[0].StartsWith("/s/", StringComparison.Ordinal));
        Assert.Contains(redirects, r => !r[0].StartsWith("/s/", StringComparison.Ordinal));
        foreach (var redirect in redirects.Where(r => r[0].StartsWith("/s/", StringComparison.Ordinal)).Take(5).Concat(redirects.Where(r => !r[0].StartsWith("/s/", StringComparison.Ordinal)).Take(20)))
        {
            var fromLive = Get(live, redirect[0]);
            var fromNginx = Get(exported, Uri.EscapeDataString(redirect[0]).Replace("%2F", "/", StringComparison.Ordinal));
            Assert.Equal((301, fromLive.Location), (fromNginx.Status, fromNginx.Location));
        }

        var missing = Get(exported, "/en/no-such-page");
        Assert.Equal(404, missing.Status);
        Assert.Equal(Get(live, "/en/404").Title, missing.Title);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/en/");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var compressed = await exported.SendAsync(request);
        Assert.Contains(compressed.Content.Headers.ContentEncoding.Single(), new[] { "br", "gzip" });
    }

    private static Seen Get(HttpClient client, string path) => FetchAsync(client, path).GetAwaiter().GetResult();

    private static async Task<Dictionary<string, Seen>> CrawlAsync(HttpClient client)
    {
        var pages = new Dictionary<string, Seen>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", "/sitemap.xml"]);
        while (queue.Count > 0 && pages.Count < 5000)
        {
            var path = queue.Dequeue();
            if (pages.ContainsKey(path))
            {
                continue;
            }

            var seen = pages[path] = await FetchAsync(client, path);
            foreach (var link in seen.Links.Where(l => !pages.ContainsKey(l)))
            {
                queue.Enqueue(link);
            }
        }

        return pages;
    }

    private static async Task<Seen> FetchAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location?.OriginalString;
        if (location?.StartsWith("http://127.0.0.1", StringComparison.Ordinal) == true)
        {
            location = new Uri(location).PathAndQuery;
        }

        if (response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            var locs = System.Text.RegularExpressions.Regex.Matches(body, "<loc>([^<]*)</loc>").Select(m => Local(m.Groups[1].Value)).OfType<string>().ToList();
            return new Seen((int)response.StatusCode, location, null, null, "", "", locs);
        }

        var document = await new HtmlParser().ParseDocumentAsync(body);
        var links = document.QuerySelectorAll("a[href]").Cast<IHtmlAnchorElement>()
            .Select(a => Local(a.GetAttribute("href")!)).OfType<string>()
            .Where(h => !h.StartsWith("/api/", StringComparison.Ordinal))
            .Select(h => h.Split('#')[0]).Where(h => h.Length > 0).Distinct().ToList();
        if (location is not null && Local(location) is { } next)
        {
            links.Add(next);
        }

        return new Seen(
            (int)response.StatusCode, location, document.Title, document.QuerySelector("link[rel=canonical]")?.GetAttribute("href"),
            string.Join(' ', document.QuerySelectorAll("link[rel=alternate][hreflang]").Select(l => l.GetAttribute("hreflang") + "=" + l.GetAttribute("href"))),
            string.Join('\n', document.QuerySelectorAll("script[type='application/ld+json']").Select(s => s.TextContent)),
            links);
    }

    /// <summary>A link as a path of this site (absolute ones to the base URL too), or null for another site.</summary>
    private static string? Local(string href)
    {
        if (href.StartsWith(SiteBase, StringComparison.Ordinal))
        {
            href = href[SiteBase.Length..] is { Length: > 0 } rest ? rest : "/";
        }

        return href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) ? WithoutTracking(href) : null;
    }

    /// <summary>
    /// A short link's redirect adds its campaign (utm_*) to the page's address; the page is the same
    /// page (the site's URL policy ignores tracking parameters), so the crawl does not count it twice.
    /// </summary>
    private static string WithoutTracking(string path)
    {
        var question = path.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return path;
        }

        var kept = path[(question + 1)..].Split('&').Where(p => !p.StartsWith("utm_", StringComparison.Ordinal)).ToList();
        return kept.Count == 0 ? path[..question] : path[..question] + "?" + string.Join('&', kept);
    }

    private const string SiteBase = "https://dongnai.example";

    private static NginxProcess StartNginx(string nginx, string work, string output, int port)
    {
        var block = File.ReadAllText(Path.Combine(output, "_nginx", "promosite.conf")).Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        var brotli = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
        if (!File.Exists(brotli))
        {
            block = block.Replace("brotli_static on;", "", StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(work, "server.conf"), block);
        var temp = Path.Combine(work, "nginx-temp");
        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(work, "nginx.conf"), $$"""
            {{(File.Exists(brotli) ? $"load_module {brotli};" : "")}}
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{work}}/nginx.pid;
            error_log {{work}}/nginx-error.log;
            events { worker_connections 256; }
            http {
                include /etc/nginx/mime.types;
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{work}}/server.conf;
            }
            """);
        var process = Process.Start(new ProcessStartInfo(nginx, ["-c", Path.Combine(work, "nginx.conf"), "-p", work]) { RedirectStandardError = true })!;
        return new NginxProcess(process);
    }

    private static async Task WaitForAsync(HttpClient client)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/robots.txt", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("nginx did not answer on its port.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops nginx with the test: its own master process and its workers, by id.</summary>
    private sealed class NginxProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
