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
    /// running site's work, so those are off in this process. Null for every other verb.
    /// </summary>
    public static ExportSettings? AddExport(this WebApplicationBuilder builder, Invocation invocation)
    {
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

        await app.StartAsync();
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            using var client = app.GetTestClient();
            var failAfter = app.Configuration.GetValue<int?>("Export:FailAfterFiles");
            if (!await ExportOnceAsync(app, client, settings, folder, failAfter, output, error, stopping))
            {
                return 1;
            }

            if (!settings.Watch)
            {
                return 0;
            }

            // --watch: the signal the page cache is evicted by (a save here, PostgreSQL's NOTIFY or the
            // change counter another node bumped, and scheduled publish times), polled at Cms:ChangePollInterval.
            var delivery = app.Services.GetRequiredService<IContentDelivery>();
            var notifier = app.Services.GetRequiredService<ContentChangeNotifier>();
            var interval = app.Services.GetRequiredService<IOptions<CmsOptions>>().Value.ChangePollInterval;
            var changed = new SemaphoreSlim(0);
            notifier.Changed += () => changed.Release();
            var seen = await delivery.GetContentVersionAsync(stopping);
            await output.WriteLineAsync($"Watching for published changes (every {interval.TotalSeconds:0.#} s; Ctrl+C stops).");
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await changed.WaitAsync(interval, stopping);
                    var version = await delivery.GetContentVersionAsync(stopping);
                    if (version != seen)
                    {
                        seen = version;
                        await ExportOnceAsync(app, client, settings with { Full = false }, folder, null, output, error, stopping);
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                }
            }

            return 0;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> ExportOnceAsync(WebApplication app, HttpClient client, ExportSettings settings, ExportFolder folder, int? failAfter, TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            var exporter = new SiteExporter(client, app.Services, settings, failAfter);
            var report = await exporter.RunAsync(folder, ct);
            await output.WriteLineAsync(report.ToString());
            if (app.Configuration.GetValue("Export:Timings", defaultValue: false))
            {
                foreach (var (kind, (count, time)) in exporter.Timings.OrderByDescending(t => t.Value.Time))
                {
                    await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {kind,-40} {count,7} requests {time.TotalSeconds,8:0.0} s in requests ({time.TotalMilliseconds / count:0.0} ms each, {Environment.ProcessorCount * 2} at a time)"));
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
