using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Commands;

namespace PromoSite.Web.Export;

internal static class ExportExtensions
{
    /// <summary>
    /// For the export verb: the same application, served in memory instead of on a port (TestServer:
    /// the real pipeline, middleware, output encoding and all, minus sockets), with absolute URLs to
    /// --base-url. Pages are rendered once each and written out, so the output cache would only hold
    /// them in memory for nothing; page views of the export are not visits, and derivatives are the
    /// running site's work, so those are off in this process, and so is the live search's in-memory index;
    /// the search page searches the exported copy (<see cref="ExportedSearch"/>). Null for every other verb.
    /// </summary>
    public static ExportSettings? AddExport(this WebApplicationBuilder builder, Invocation invocation)
    {
        // The static search index's entries per item, kept between a watching export's runs; any process that turns
        // the exported search on (tests do) answers its parts from them.
        builder.Services.AddSingleton<ExportedSearch.EntryCache>();
        if (invocation.Verb != "export" || ExportSettings.Parse(invocation.Arguments).Settings is not { } settings)
        {
            return null;
        }

        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cms:PublicBaseUrl"] = settings.BaseUrl,
            ["Site:OutputCache"] = "false",
            ["Analytics:Enabled"] = "false",
            ["Media:Derivatives"] = "false",
            // The live search's in-memory index (Lucene) is built from the whole site at start and on every change:
            // a fifth of a full export's CPU, for a search the export never runs (its search page searches the copy).
            ["Cms:SearchInMemory"] = "false",
            [ExportedSearch.Setting] = "true",
        });
        return settings;
    }

    public static async Task<int> RunExportAsync(this WebApplication app, ExportSettings settings, TextWriter output, TextWriter error)
    {
        var (folder, problem) = ExportFolder.Open(settings.Out);
        if (folder is null)
        {
            await error.WriteLineAsync($"export: {problem}");
            return 2;
        }

        // A batch run with no visitor waiting: blocking full collections instead of background ones, which let the heap
        // grow while they ran. Peak memory of a full export at 4,800 items: 781 to 860 MiB instead of 1,038 to 1,076,
        // the same CPU (docs/export.md, tenth round).
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
        await app.StartAsync();
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            using var client = app.GetTestClient();
            var failAfter = app.Configuration.GetValue<int?>("Export:FailAfterFiles");
            if (!await ExportOnceAsync(app.Services, client, settings, folder, failAfter, output, error, stopping))
            {
                return 1;
            }

            if (settings.Watch)
            {
                SettleForWatching();
                await WatchAsync(app.Services, client, settings, folder, output, error, stopping);
            }

            return 0;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Between a watch's first run and its first publish: background collections again (in batch mode a watched edit
    /// that met a full collection of the first run's heap blocked for it: 1.39 and 1.12 s against 0.57 to 0.81 s without
    /// one), and the first run's garbage collected and its memory returned to the system. docs/export.md, eleventh round.
    /// </summary>
    private static void SettleForWatching()
    {
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Interactive;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// One compacting full collection once a watched run is over and its export live, before the watch waits again.
    /// Without it a watch at 4,800 items held 1,050 to 1,300 MiB after a few edits (each builds a snapshot of the
    /// published content and a manifest); with it 720 to 870 MiB, for 0.3 to 0.5 s of collection after each run. An
    /// aggressive one (memory returned to the system) kept about 600 MiB but made the next run 0.1 to 0.15 s slower,
    /// faulting its memory in again.
    /// </summary>
    private static void CollectAfterRun() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

    /// <summary>
    /// --watch: after the first run, an incremental export on each signal the page cache is evicted by
    /// (a save in this process, PostgreSQL's NOTIFY or the change counter another node bumped, scheduled
    /// publish times), polled at Cms:ChangePollInterval, until stopped.
    /// </summary>
    public static async Task WatchAsync(IServiceProvider services, HttpClient client, ExportSettings settings, ExportFolder folder, TextWriter output, TextWriter error, CancellationToken stopping)
    {
        var delivery = services.GetRequiredService<IContentDelivery>();
        var notifier = services.GetRequiredService<ContentChangeNotifier>();
        var interval = services.GetRequiredService<IOptions<CmsOptions>>().Value.ChangePollInterval;
        var timings = TimingsOn(services.GetRequiredService<IConfiguration>());
        using var warmingStopped = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var warming = PrepareForEditsAsync(services, client, settings, folder, output, error, warmingStopped.Token);
        using var changed = new SemaphoreSlim(0);
        void Signal() => changed.Release();
        notifier.Changed += Signal;
        try
        {
            var seen = await delivery.GetContentVersionAsync(stopping);
            await output.WriteLineAsync($"Watching for published changes (every {interval.TotalSeconds:0.#} s; Ctrl+C stops).");
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await changed.WaitAsync(interval, stopping);
                    var reading = System.Diagnostics.Stopwatch.GetTimestamp();
                    var version = await delivery.GetContentVersionAsync(stopping);
                    if (version != seen)
                    {
                        seen = version;
                        if (timings)
                        {
                            // What a publish waits for before the run starts: the published snapshot read again (in the call above).
                            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                                $"  {"published content read again (before the run)",-48} {System.Diagnostics.Stopwatch.GetElapsedTime(reading).TotalSeconds,8:0.00} s"));
                        }

                        await ExportOnceAsync(services, client, settings with { Full = false }, folder, null, output, error, stopping);
                        var collecting = System.Diagnostics.Stopwatch.GetTimestamp();
                        CollectAfterRun();
                        if (timings)
                        {
                            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                                $"  {"garbage collected (after the run)",-48} {System.Diagnostics.Stopwatch.GetElapsedTime(collecting).TotalSeconds,8:0.00} s"));
                        }
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                }
            }
        }
        finally
        {
            notifier.Changed -= Signal;
            await warmingStopped.CancelAsync();
            await warming;
        }
    }

    /// <summary>
    /// While the watch waits for its first publish: the manifest of the export the first edit's run will reuse (the
    /// run read it, 0.4 s of JSON at 4,800 items, where later runs reuse the one they wrote), the search index's
    /// parts, then the pages an edit would ask again, each asked once and the answers thrown away. A publish arriving
    /// meanwhile runs beside it.
    /// </summary>
    private static async Task PrepareForEditsAsync(IServiceProvider services, HttpClient client, ExportSettings settings, ExportFolder folder, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await Task.Yield();
        if (folder.Older(folder.Current) is { } older)
        {
            ExportManifest.Read(older); // read for its cache: the first edit's run finds it there (ExportManifest.Known)
        }

        var types = services.GetRequiredService<ContentTypeRegistry>();
        var searchParts = settings.Locales.SelectMany(locale => Pages.SearchModel.StaticIndexPaths(locale, types)).ToList();
        await PrepareSearchIndexAsync(services, client, searchParts, output, error, ct);
        await RehearseEditsAsync(services, client, settings, folder, searchParts, output, error, ct);
    }

    /// <summary>
    /// Asks the site, and throws away, every page of the live export that shows the newest item of each type (the pages an
    /// edit of such an item asks again: its page in each language, the lists and sitemap parts it is on; the search
    /// index's parts were asked just before), and what every run that writes asks (the home pages, robots.txt, the
    /// sitemap index, the 404 pages). A watch started on a current export renders no page at start, so the first
    /// publish rendered each kind of page for the first time (its code compiled, its queries prepared): 290 ms a page
    /// in a 1.95 s run, against 25 to 75 ms in the next ones (docs/export.md, eleventh round). Nothing is written.
    /// </summary>
    private static async Task RehearseEditsAsync(IServiceProvider services, HttpClient client, ExportSettings settings, ExportFolder folder, IReadOnlyList<string> searchParts, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (folder.Current is not { } current || ExportManifest.Read(current) is not { } manifest)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var delivery = services.GetRequiredService<IContentDelivery>();
        var sample = new HashSet<long>();
        try
        {
            // Each type's newest item: on its list's first page and, as often as not, on the home page, as an edit's is.
            foreach (var type in services.GetRequiredService<ContentTypeRegistry>().WithPages)
            {
                var newest = await delivery.ListAsync(new ContentQuery(settings.Locales[0], type.Name, PageSize: 1), ct);
                sample.UnionWith(newest.Items.Select(item => item.Id));
            }

            var showing = manifest.Entries
                .Where(entry => entry.Status == StatusCodes.Status200OK && entry.Refs is { } refs && refs.Any(sample.Contains) && !searchParts.Contains(entry.Path))
                .Select(entry => entry.Path)
                .ToHashSet(StringComparer.Ordinal);
            IEnumerable<string> everyRun = [.. SiteExporter.FrontPages(settings.Locales), .. SiteExporter.NotFoundPages(settings.Locales)];
            var (shown200, asked) = (0, 0);
            foreach (var path in showing.Concat(everyRun.Where(path => !showing.Contains(path))))
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
                asked++;
                shown200 += showing.Contains(path) && response.IsSuccessStatusCode ? 1 : 0;
            }

            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Pages rehearsed for edits: {asked} pages, {shown200} of them showing {sample.Count} items (one of each type), in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (HttpRequestException problem)
        {
            // Only a head start is lost: the first edit renders its pages cold, as before.
            await error.WriteLineAsync($"export: the pages were not rehearsed for edits ({problem.Message}).");
        }
    }

    /// <summary>
    /// Asks every part of the static search index once, one after the other, while the watch waits for its first
    /// publish. A watch started on an export that is already current asks for none at start, so the first edit of a
    /// type in a language tokenized the whole part (1.3 s of a 3.3 s run at 1,600 items), where later edits reuse
    /// every entry but the edited item's.
    /// </summary>
    private static async Task PrepareSearchIndexAsync(IServiceProvider services, HttpClient client, IReadOnlyList<string> searchParts, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!ExportedSearch.IsOn(services.GetRequiredService<IConfiguration>()))
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cache = services.GetRequiredService<ExportedSearch.EntryCache>();
        var before = cache.Built;
        var parts = 0;
        try
        {
            foreach (var path in searchParts)
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
                parts++;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException problem)
        {
            // Only a head start is lost: the first edit of each part builds it whole, as before.
            await error.WriteLineAsync($"export: the search index was not prepared for edits ({problem.Message}).");
            return;
        }

        await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Search index ready for edits: {parts} parts, {cache.Built - before} entries made, in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
    }

    /// <summary>Export:Timings: each run prints its CPU time, phases and requests (and --watch the content read before it).</summary>
    private static bool TimingsOn(IConfiguration configuration) => configuration.GetValue("Export:Timings", defaultValue: false);

    private static async Task<bool> ExportOnceAsync(IServiceProvider services, HttpClient client, ExportSettings settings, ExportFolder folder, int? failAfter, TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            var exporter = new SiteExporter(client, services, settings, failAfter);
            var configuration = services.GetRequiredService<IConfiguration>();
            // CPU time beside wall time: on a shared machine the wall time says as much about the neighbours' load as
            // about the export; the processor time this process used (all threads) is what the export itself cost.
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            var (cpuBefore, gen2Before) = (process.TotalProcessorTime, GC.CollectionCount(2));
            var report = await exporter.RunAsync(folder, ct);
            process.Refresh();
            await output.WriteLineAsync(report.ToString());
            var cpu = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {"CPU of the process in the run (all threads)",-48} {(process.TotalProcessorTime - cpuBefore).TotalSeconds,8:0.00} s ({process.TotalProcessorTime.TotalSeconds:0.00} s since start, {GC.CollectionCount(2) - gen2Before} gen2 GCs)");
            var lines = exporter.Phases.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {p.Key,-48} {p.Value.TotalSeconds,8:0.00} s"))
                .Concat(exporter.Timings.OrderByDescending(t => t.Value.Time).Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"  {t.Key,-40} {t.Value.Count,7} requests {t.Value.Time.TotalSeconds,8:0.0} s in requests ({t.Value.Time.TotalMilliseconds / t.Value.Count:0.0} ms each, {SiteExporter.Workers} at a time)")))
                .Prepend(cpu)
                .ToList();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiteExporter).FullName!);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Export timings:\n{Timings}", string.Join('\n', lines));
            }

            if (TimingsOn(configuration))
            {
                foreach (var line in lines)
                {
                    await output.WriteLineAsync(line);
                }
            }
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"export failed, nothing was switched: {(folder.Current is { } current ? $"{folder.Target} still serves {current}" : "no export existed before")}. {ex.Message}");
            return false;
        }
    }
}
