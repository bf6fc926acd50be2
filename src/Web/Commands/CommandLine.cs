using PromoSite.Cms;
using PromoSite.Cms.Import;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Commands;

/// <summary>
/// Verbs of the same executable, for operators and scripts:
///   import [folder]          import content/ (or the folder given); all or nothing
///   migrate                  bring the database schema up to date and exit
///   schema sqlite|postgres   print the schema EF Core derives from the model (for writing migrations)
///   source-hash type/key     print the fingerprint of an item's Vietnamese source in content/, which
///                            a translation file records as translatedFrom when it is made
///   derive                   make every missing image derivative now (after restoring a backup, or
///                            to time it: it prints images, seconds and images per second)
/// </summary>
internal static class CommandLine
{
    private static readonly string[] Verbs = ["import", "migrate", "schema", "source-hash", "derive"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    private static async Task<int> SourceHashAsync(WebApplication app, string? item)
    {
        var folder = CmsExtensions.ContentPath(app.Configuration, app.Environment.ContentRootPath);
        var parts = item?.Split('/');
        var type = parts is { Length: 2 } ? app.Services.GetRequiredService<Cms.Content.ContentTypeRegistry>().Find(parts[0]) : null;
        var file = folder is null || type is null ? null : Path.Combine(folder, parts![0], parts[1], "vi.md");
        if (file is null || !File.Exists(file))
        {
            await Console.Error.WriteLineAsync("usage: source-hash <type>/<key>, for an item in the content folder (e.g. ocop-products/buoi-tan-trieu)");
            return 2;
        }

        var errors = new List<ImportError>();
        var parsed = ContentFileParser.Parse(file, file, await File.ReadAllTextAsync(file), type!, Cms.Content.Locales.Source, errors);
        if (parsed is null)
        {
            errors.ForEach(e => Console.Error.WriteLine(e));
            return 1;
        }

        Console.WriteLine(Cms.Content.ContentJson.Hash(parsed.Localized));
        return 0;
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args[0])
        {
            case "schema":
                var provider = args.ElementAtOrDefault(1) == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
                Console.WriteLine(StorageExtensions.CreateScript(provider));
                return 0;
            case "source-hash":
                return await SourceHashAsync(app, args.ElementAtOrDefault(1));
            case "derive":
                await app.Services.PrepareCmsAsync(contentPath: null);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var made = await app.Services.GetRequiredService<Cms.Media.MediaDerivativeWorker>().RunOnceAsync(CancellationToken.None);
                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Made derivatives for {made} image(s) in {seconds:0.00} s ({(seconds > 0 ? made / seconds : 0):0.00} images/s)."));
                return 0;
            case "migrate":
                await app.Services.PrepareCmsAsync(contentPath: null);
                Console.WriteLine("The database schema is up to date.");
                return 0;
            default:
                var folder = args.ElementAtOrDefault(1) is { } given && !given.StartsWith("--", StringComparison.Ordinal)
                    ? Path.GetFullPath(given)
                    : CmsExtensions.ContentPath(app.Configuration, app.Environment.ContentRootPath);
                if (folder is null)
                {
                    await Console.Error.WriteLineAsync("No content folder: give one (import path/to/content) or set ContentPath.");
                    return 2;
                }

                await app.Services.PrepareCmsAsync(contentPath: null);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var report = await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(folder);
                    (report.Succeeded ? Console.Out : Console.Error).WriteLine(report);
                    return report.Succeeded ? 0 : 1;
                }
        }
    }
}
