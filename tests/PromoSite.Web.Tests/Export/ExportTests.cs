using PromoSite.Web.Commands;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Export;

namespace PromoSite.Web.Tests.Export;

/// <summary>
/// The export verb's engine over the real application (the factory's in-memory server, as the verb
/// uses its own): what it writes, what a second run rewrites, and that a failed run switches nothing.
/// </summary>
public sealed class ExportTests
{
    private const string BaseUrl = "https://dongnai.example";

    internal static ExportSettings Settings(string output, bool full = false) =>
        new(output, BaseUrl, Locales.All, "https://live.dongnai.example", full, Watch: false);

    internal static async Task<ExportReport> ExportAsync(PromoSiteFactory app, string output, bool full = false, int? failAfterFiles = null)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (folder, problem) = ExportFolder.Open(output);
        Assert.True(folder is not null, problem);
        return await new SiteExporter(client, app.Services, Settings(output, full), failAfterFiles).RunAsync(folder!, CancellationToken.None);
    }

    /// <summary>A watch of the export in <paramref name="output"/>, with its log readable while it runs.</summary>
    private static (Task Watching, CancellationTokenSource Stop, Func<string> Logged) StartWatch(PromoSiteFactory app, HttpClient client, string output)
    {
        var (folder, _) = ExportFolder.Open(output);
        var stop = new CancellationTokenSource();
        // The synchronized writer's own ToString is its type name: read the text under the lock its methods take.
        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        string Logged()
        {
            lock (log)
            {
                return written.ToString();
            }
        }

        return (ExportExtensions.WatchAsync(app.Services, client, Settings(output), folder!, log, log, stop.Token), stop, Logged);
    }

    /// <summary>Waits until the watch's log holds <paramref name="text"/>; fails if the watch ends or the time runs out first.</summary>
    private static async Task UntilLoggedAsync(Task watching, Func<string> logged, string text, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!logged().Contains(text, StringComparison.Ordinal))
        {
            Assert.False(watching.IsCompleted || clock.Elapsed > limit, $"\"{text}\" was not logged: " + logged());
            await Task.Delay(20);
        }
    }

    internal static async Task SaveEnglishTitleAsync(PromoSiteFactory app, string key, string title)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var item = await db.Items.Include(i => i.Localizations).SingleAsync(i => i.Key == key);
        var en = item.Localizations.Single(l => l.Locale == "en");
        var fields = JsonNode.Parse(en.FieldsJson)!.AsObject();
        fields["title"] = title;
        var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>()
            .SaveAsync(item.Id, item.Version, null, new LocalizationInput("en", fields, LocalizationStatus.Published, en.Slug), "test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }

    private static string Read(string output, string file) => File.ReadAllText(Path.Combine(output, file));

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Every_page_is_written_as_the_site_answers_it_with_brotli_and_gzip_beside_it(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");

        var report = await ExportAsync(app, output);

        Assert.Empty(report.Broken);
        Assert.True(report.Pages > 20, report.ToString());
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var (path, file) in new[]
        {
            ("/en/ocop/tan-trieu-pomelo", "en/ocop/tan-trieu-pomelo.html"), ("/ko/", "ko/index.html"), ("/sitemap.xml", "sitemap.xml"),
            ("/vi/feed.xml", "vi/feed.xml"), ("/robots.txt", "robots.txt"), ("/en/search", "en/search.html"),
        })
        {
            var live = await client.GetByteArrayAsync(new Uri(path, UriKind.Relative));
            var exported = await File.ReadAllBytesAsync(Path.Combine(output, file));
            Assert.Equal(live, exported);
            await using (var brotli = new BrotliStream(File.OpenRead(Path.Combine(output, file + ".br")), CompressionMode.Decompress))
            {
                using var copy = new MemoryStream();
                await brotli.CopyToAsync(copy);
                Assert.Equal(live, copy.ToArray());
            }

            await using var gzip = new GZipStream(File.OpenRead(Path.Combine(output, file + ".gz")), CompressionMode.Decompress);
            using var unzipped = new MemoryStream();
            await gzip.CopyToAsync(unzipped);
            Assert.Equal(live, unzipped.ToArray());
        }

        // Absolute to the base URL; published only (the Japanese draft of chom-chom is not there).
        Assert.Contains($"<link rel=\"canonical\" href=\"{BaseUrl}/en/ocop/tan-trieu-pomelo\">", Read(output, "en/ocop/tan-trieu-pomelo.html"), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("ロンカインのランブータン", StringComparison.Ordinal));
        Assert.True(new FileInfo(output).LinkTarget is not null, "the output is a link to the export");
        Assert.Contains("brotli_static on;", Read(output, "_nginx/promosite.conf"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "_status/404.en.html")));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_second_export_after_one_edit_rewrites_only_the_pages_that_show_the_edited_item(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        var first = await ExportAsync(app, output);
        var untouched = Path.Combine(output, "en/heritage/mo-co-hang-gon.html");
        var inodeBefore = File.Exists(untouched) ? Inode(untouched) : Inode(Directory.EnumerateFiles(Path.Combine(output, "vi", "heritage"), "*.html").First());

        var idle = await ExportAsync(app, output);
        Assert.True(idle.UpToDate, idle.ToString());

        await SaveEnglishTitleAsync(app, "hat-dieu", "Salted roasted cashews of Đồng Nai");
        var second = await ExportAsync(app, output);

        Assert.True(second.Incremental, second.ToString());
        Assert.InRange(second.Written, 1, first.Written / 3);
        Assert.Contains("Salted roasted cashews of Đồng Nai", Read(output, "en/ocop/salted-roasted-cashews.html"), StringComparison.Ordinal);
        Assert.Contains("Salted roasted cashews of Đồng Nai", Read(output, "en/ocop/index.html"), StringComparison.Ordinal);
        Assert.Contains("Salted roasted cashews of Đồng Nai", Read(output, "sitemaps/en/ocop-products.xml") + Read(output, "en/feed.xml") + Read(output, "en/index.html") + Read(output, "en/ocop/index.html"), StringComparison.Ordinal);
        // Pages that do not show it are the very same files (hard links), not rewritten copies.
        var sameFile = File.Exists(untouched) ? untouched : Directory.EnumerateFiles(Path.Combine(output, "vi", "heritage"), "*.html").First();
        Assert.Equal(inodeBefore, Inode(sameFile));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Trashing_an_item_removes_its_pages_and_the_static_site_answers_410(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        Assert.True(File.Exists(Path.Combine(output, "en/ocop/salted-roasted-cashews.html")));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentEditor>().TrashAsync(await app.ItemIdAsync("hat-dieu")));
        }

        var report = await ExportAsync(app, output);

        Assert.True(report.Removed > 0, report.ToString());
        Assert.False(File.Exists(Path.Combine(output, "en/ocop/salted-roasted-cashews.html")));
        Assert.False(File.Exists(Path.Combine(output, "en/print/ocop/salted-roasted-cashews.html")));
        Assert.DoesNotContain("salted-roasted-cashews", Read(output, "en/ocop/index.html"), StringComparison.Ordinal);
        Assert.Contains("\"/en/ocop/salted-roasted-cashews\" 410;", Read(output, "_nginx/status-codes.map"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_export_leaves_the_previous_export_serving_and_no_half_written_folder()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        var live = new FileInfo(output).LinkTarget;
        var manifest = Read(output, ExportManifest.FileName);

        await SaveEnglishTitleAsync(app, "hat-dieu", "A title that never goes live");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ExportAsync(app, output, full: true, failAfterFiles: 3));

        Assert.Contains("Injected failure", failure.Message, StringComparison.Ordinal);
        Assert.Equal(live, new FileInfo(output).LinkTarget);
        Assert.Equal(manifest, Read(output, ExportManifest.FileName));
        Assert.DoesNotContain("A title that never goes live", Read(output, "en/ocop/salted-roasted-cashews.html"), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(Path.GetDirectoryName(output)!, ".site.exports"), "*.partial"));
    }

    [Fact]
    public async Task A_short_link_made_after_an_export_is_redirected_by_the_next_run_which_reads_only_the_links_made_since()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        var before = ExportManifest.Read(output)!;
        Cms.Sharing.ShortLink? link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (link, var problem) = await scope.ServiceProvider.GetRequiredService<Cms.Sharing.ShortLinkService>()
                .CreateAsync(await app.ItemIdAsync("hat-dieu"), "en", "Investment fair, Osaka 2027", "print", "test");
            Assert.True(link is not null, problem?.Message);
        }

        var report = await ExportAsync(app, output);
        var after = ExportManifest.Read(output)!;

        Assert.True(report.Incremental && !report.UpToDate, report.ToString());
        Assert.Equal(link.ItemId, after.ShortLinks[link.Code]);
        Assert.Equal(before.ShortLinks.Count + 1, after.ShortLinks.Count);
        Assert.Equal(link.Id, after.LastShortLink);
        Assert.True(before.LastShortLink < link.Id, $"{before.LastShortLink} before, {link.Id} made");
        Assert.Contains($"\"/s/{link.Code}\"", Read(output, "_nginx/redirects.map"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_export_whose_manifest_was_never_written_is_exported_again_in_full_and_no_temporary_manifest_is_left()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        // The manifest is written after the switch: a process stopped between the two leaves the live export without one.
        File.Delete(Path.Combine(output, ExportManifest.FileName));
        await SaveEnglishTitleAsync(app, "hat-dieu", "Cashews roasted in Đồng Nai");

        var report = await ExportAsync(app, output);

        Assert.False(report.Incremental, report.ToString());
        Assert.Empty(report.Broken);
        Assert.Contains("Cashews roasted in Đồng Nai", Read(output, "en/ocop/salted-roasted-cashews.html"), StringComparison.Ordinal);
        Assert.NotNull(ExportManifest.Read(output));
        var store = Path.Combine(Path.GetDirectoryName(output)!, ".site.exports");
        Assert.Empty(Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Watching_keeps_the_export_current_within_seconds_of_a_publish_and_switches_it_whole()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        var before = new FileInfo(output).LinkTarget;
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (watching, stop, logged) = StartWatch(app, client, output);
        using var stopping = stop;
        await UntilLoggedAsync(watching, logged, "Watching", TimeSpan.FromSeconds(30));

        // A reader of the served folder all along: every read finds a whole page, never a missing or half-written one.
        var reads = 0;
        var torn = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var text = await File.ReadAllTextAsync(Path.Combine(output, "en/ocop/index.html"));
                if (!text.TrimEnd().EndsWith("</html>", StringComparison.Ordinal))
                {
                    torn.Add(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                reads++;
                await Task.Delay(5);
            }
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SaveEnglishTitleAsync(app, "hat-dieu", "Cashews roasted the Đồng Nai way");
        var page = Path.Combine(output, "en/ocop/salted-roasted-cashews.html");
        while (!File.ReadAllText(page).Contains("Cashews roasted the Đồng Nai way", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(30));
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("Cashews roasted the Đồng Nai way", File.ReadAllText(page), StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"current after {elapsed.TotalSeconds:0.0} s; {logged()}");
        Assert.Contains("Incremental export", logged(), StringComparison.Ordinal);
        Assert.NotEqual(before, new FileInfo(output).LinkTarget);
        Assert.Empty(torn);
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task A_watch_started_on_a_current_export_prepares_the_search_index_so_the_first_edit_tokenizes_only_the_edited_item()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { [ExportedSearch.Setting] = "true" });
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        var entries = app.Services.GetRequiredService<ExportedSearch.EntryCache>();
        entries.Clear(); // a process started again on this export: it is current, so the start asks for no page
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (watching, stop, logged) = StartWatch(app, client, output);
        using var stopping = stop;
        await UntilLoggedAsync(watching, logged, "Search index ready for edits", TimeSpan.FromSeconds(60));

        var types = app.Services.GetRequiredService<ContentTypeRegistry>().WithPages.Count;
        Assert.Contains($"{Locales.All.Count * types} parts", logged(), StringComparison.Ordinal);
        var prepared = entries.Built;
        Assert.True(prepared > 0, logged());

        await SaveEnglishTitleAsync(app, "hat-dieu", "Cashews roasted the Đồng Nai way");
        var index = Path.Combine(output, "en/search-index/ocop-products.json");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.ReadAllText(index).Contains("Cashews roasted the Đồng Nai way", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Cashews roasted the Đồng Nai way", File.ReadAllText(index), StringComparison.Ordinal);
        // The edited item's entries only (in English and in each language that shows its English text), at most one a
        // language: every other item's entry was ready before the publish, where a cold part would make them all again.
        var made = entries.Built - prepared;
        Assert.InRange(made, 1, Locales.All.Count);
    }

    [Fact]
    public async Task A_watch_started_on_a_current_export_renders_the_pages_an_edit_would_ask_again_and_writes_nothing()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite);
        var output = Path.Combine(TestFolders.NewFolder("export"), "site");
        await ExportAsync(app, output);
        var live = ExportFolder.Open(output).Folder!.Current!;
        var manifest = Path.Combine(live, ExportManifest.FileName);
        var manifestWritten = File.GetLastWriteTimeUtc(manifest);
        var exports = Directory.GetDirectories(Path.GetDirectoryName(live)!);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (watching, stop, logged) = StartWatch(app, client, output);
        using var stopping = stop;
        await UntilLoggedAsync(watching, logged, "Pages rehearsed for edits", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        // One item of each type with pages, each shown at least on its own page in every language, answered 200.
        var line = logged().Split('\n').Single(l => l.StartsWith("Pages rehearsed for edits", StringComparison.Ordinal));
        var numbers = System.Text.RegularExpressions.Regex.Matches(line, "[0-9]+").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var (asked, showing, items) = (numbers[0], numbers[1], numbers[2]);
        await using var scope = app.Services.CreateAsyncScope();
        var types = app.Services.GetRequiredService<ContentTypeRegistry>().WithPages.Select(t => t.Name).ToList();
        var typesPublished = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items
            .Where(i => types.Contains(i.Type) && i.Localizations.Any(l => l.PublishedRevisionId != null)).Select(i => i.Type).Distinct().CountAsync();
        Assert.Equal(typesPublished, items);
        Assert.True(showing >= items * Locales.All.Count, line);
        Assert.True(asked > showing, line); // and the home pages, robots.txt, the sitemap index, the 404 pages
        Assert.Equal(live, ExportFolder.Open(output).Folder!.Current);
        Assert.Equal(manifestWritten, File.GetLastWriteTimeUtc(manifest));
        Assert.Equal(exports, Directory.GetDirectories(Path.GetDirectoryName(live)!));
    }

    [Theory]
    [InlineData("/vi/../../etc/passwd")]
    [InlineData("/vi/./x")]
    [InlineData("/vi/.hidden")]
    [InlineData("/_nginx/redirects.map")]
    [InlineData("/_status/404.html")]
    [InlineData("/vi/a\\b")]
    [InlineData("//evil.example/x")]
    [InlineData("/vi/news/?page=1;rm")]
    public void An_address_that_could_leave_the_export_folder_gets_no_file(string path) => Assert.Null(ExportFiles.FileFor(path));

    [Theory]
    [InlineData("/", "index.html")]
    [InlineData("/vi/", "vi/index.html")]
    [InlineData("/vi/news/?page=2", "vi/news/index@page=2.html")]
    [InlineData("/en/ocop/tan-trieu-pomelo", "en/ocop/tan-trieu-pomelo.html")]
    [InlineData("/sitemaps/vi/dishes.xml", "sitemaps/vi/dishes.xml")]
    public void Addresses_become_the_files_the_nginx_block_looks_up(string path, string file) => Assert.Equal(file, ExportFiles.FileFor(path));

    [Theory]
    [InlineData("/en/investment/parks/nhon-trach-3", "/en/investment/parks/nhon-trach-3")]
    [InlineData("/vi/tourism/dishes/?page=2", "/vi/tourism/dishes/?page=2")]
    [InlineData("/s/L83BP/qr.png?download=1", "/s/L83BP/qr.png")]
    [InlineData("/site.css?v=3", "/site.css")]
    [InlineData("/ko/search?q=cafe&type=ocop", "/ko/search?q=cafe&type=ocop")]
    [InlineData("/", "/")]
    public void A_plain_absolute_link_is_read_without_a_Uri_as_the_Uri_reads_it(string href, string expected)
    {
        Assert.Equal(expected, SiteExporter.PlainPath(href));
        Assert.Equal(SiteExporter.UriPath(SiteExporter.PageUri("/en/"), href), SiteExporter.PlainPath(href));
    }

    [Theory]
    [InlineData("news/item")]                    // relative: resolved against its page
    [InlineData("/vi/../en/")]                   // a ".." segment
    [InlineData("/vi/./x")]
    [InlineData("//cdn.example/x.js")]           // another host
    [InlineData("/vi/tin%20t%E1%BB%A9c")]         // escaped: unescaped by the Uri
    [InlineData("/vi/tin tức")]                   // not ASCII
    [InlineData("/en/news#top")]                  // a fragment
    [InlineData("/en/news?")]
    [InlineData("/.well-known/security.txt")]
    public void Any_other_link_is_left_to_the_Uri(string href) => Assert.Null(SiteExporter.PlainPath(href));

    [Fact]
    public void Writing_refuses_a_relative_path_that_leaves_the_folder()
    {
        var root = TestFolders.NewFolder("export");
        Assert.Throws<InvalidOperationException>(() => ExportFiles.Inside(root, "../outside.html"));
        Assert.Throws<InvalidOperationException>(() => ExportFiles.Inside(root, "/etc/passwd"));
    }

    [Theory]
    [InlineData("export --base-url https://x.example", "--out DIR is required")]
    [InlineData("export --out /tmp/x", "--base-url https://host is required")]
    [InlineData("export --out /tmp/x --base-url ftp://x.example", "must be an absolute http(s) address")]
    [InlineData("export --out /tmp/x --base-url https://x.example/path", "must be an absolute http(s) address")]
    [InlineData("export --out /tmp/x --base-url https://x.example --locales vi,fr", "--locales takes")]
    [InlineData("export --out /tmp/x --base-url https://x.example stray", "'stray' is not an option of export")]
    public void Bad_arguments_are_refused_with_a_message_and_exit_code_2(string line, string message)
    {
        var invocation = Commands.CommandLine.Parse(line.Split(' '));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = Commands.CommandLine.RunWithoutHost(invocation, output, error);

        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_export_options_are_the_verbs_and_never_host_configuration_and_the_export_runs_as_a_site_node()
    {
        var invocation = Commands.CommandLine.Parse(["--out", "/srv/site", "export", "--base-url=https://x.example", "--watch", "--DataPath=/d"]);

        Assert.Equal("export", invocation.Verb);
        Assert.Equal(["--out", "/srv/site", "--base-url=https://x.example", "--watch"], invocation.Arguments);
        Assert.Equal(["--Role=site", "--DataPath=/d"], invocation.HostArguments);
        var configuration = new ConfigurationBuilder().AddCommandLine([.. invocation.HostArguments]).Build();
        Assert.Equal(Cms.Hosting.NodeRole.Site, Cms.Hosting.NodeRoles.Read(configuration));
        // An explicit role still wins (--role all lets an export make the first import of an empty database).
        var explicitRole = Commands.CommandLine.Parse(["export", "--out", "/srv/site", "--base-url=https://x.example", "--role", "all"]);
        Assert.Equal(Cms.Hosting.NodeRole.All, Cms.Hosting.NodeRoles.Read(new ConfigurationBuilder().AddCommandLine([.. explicitRole.HostArguments]).Build()));
        Assert.Null(Commands.CommandLine.RunWithoutHost(invocation, TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task A_folder_with_other_files_is_never_taken_over_as_the_output()
    {
        var parent = TestFolders.NewFolder("export");
        var occupied = Path.Combine(parent, "site");
        Directory.CreateDirectory(occupied);
        await File.WriteAllTextAsync(Path.Combine(occupied, "keep.txt"), "mine");

        var (folder, problem) = ExportFolder.Open(occupied);

        Assert.Null(folder);
        Assert.Contains("no export made", problem, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(occupied, "keep.txt")));
    }

    /// <summary>The inode number (stat): equal numbers are one file (a hard link), not a rewritten copy.</summary>
    private static string Inode(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-L", "-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return inode;
    }
}
