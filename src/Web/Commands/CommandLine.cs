using Microsoft.EntityFrameworkCore;
using PromoSite.Cms;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Backup;
using PromoSite.Cms.Import;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Commands;

/// <summary>
/// What the arguments ask for: a verb and its own arguments, or (no verb) the web server.
/// <see cref="HostArguments"/> are the rest, for the host's configuration: a verb's own arguments
/// must not reach it, since it would read "backup /srv/site.zip --DataPath=x" as /srv/site.zip=--DataPath=x.
/// </summary>
internal sealed record Invocation(string? Verb, IReadOnlyList<string> Arguments, bool Force, string? Error = null)
{
    public IReadOnlyList<string> HostArguments { get; init; } = [];
}

/// <summary>
/// Verbs of the same executable, for operators and scripts (see <see cref="Verbs"/>). The verb is
/// the first argument that is neither an option (--name, -n, name=value) nor an option's value, so
/// it may stand anywhere: "--urls x migrate" migrates. A word that is not a verb is an error
/// (exit 2) rather than a silent start of the web server.
/// </summary>
internal static class CommandLine
{
    private sealed record Verb(string Name, string Usage, string Summary);

    private static readonly Verb[] Verbs =
    [
        new("import", "import [folder]", "import content/ (or the folder given); all or nothing, exit 1 on refusal"),
        new("migrate", "migrate", "bring the database schema up to date and exit"),
        new("schema", "schema sqlite|postgres", "print the schema EF Core derives from the model (to write the next migration)"),
        new("source-hash", "source-hash type/key", "the fingerprint of an item's Vietnamese file, recorded by translations as translatedFrom"),
        new("derive", "derive", "make every missing image derivative now (after a restore); prints images per second"),
        new("backup", "backup ARCHIVE.zip", "database, media files and keys with a manifest, in one archive, while the site runs"),
        new("restore", "restore ARCHIVE.zip [--force]", "check an archive, then restore it into an empty data folder and database (--force replaces)"),
        new("fingerprint", "fingerprint [FILE]", "one line per revision and per media original with its SHA-256, to FILE or the output (the restore drill compares two)"),
        new("wipe", "wipe --force", "empty the database, media store and keys: the restore drill's wipe (stop the site first)"),
        new("reset-password", "reset-password EMAIL", "a locked-out user: print a new one-time password (changed at next sign-in), end sessions; audited"),
        new("reset-authenticator", "reset-authenticator EMAIL", "a lost authenticator: remove it and the recovery codes, end sessions; audited"),
        new("content-format", "content-format", "print docs/content-format.md as the content types declare it (redirect it into the file)"),
        new("export", ExportSettings.Usage, "the public site as static files with .br/.gz, redirect map and nginx block; incremental, switched in atomically (docs/export.md)"),
        new("help", "help, --help", "this list"),
    ];

    private static readonly string[] HelpWords = ["help", "--help", "-h", "-?"];

    /// <summary>Options that take no value, so the word after them is not taken for one.</summary>
    private static readonly string[] Flags = ["--force"];

    private static (string Name, bool TakesValue)? ExportOption(string arg)
    {
        var name = arg.Split('=', 2)[0];
        return ExportSettings.ValueOptions.Contains(name, StringComparer.Ordinal) ? (name, true)
            : ExportSettings.FlagOptions.Contains(arg, StringComparer.Ordinal) ? (arg, false)
            : null;
    }

    public static Invocation Parse(IReadOnlyList<string> args)
    {
        string? verb = null;
        var rest = new List<string>();
        var host = new List<string>();
        var force = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (HelpWords.Contains(arg, StringComparer.Ordinal))
            {
                return new Invocation("help", [], false);
            }

            if (ExportOption(arg) is { } option)
            {
                // The export verb's own options stay its arguments, never host configuration.
                rest.Add(arg);
                if (option.TakesValue && !arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
                {
                    rest.Add(args[++i]);
                }
            }
            else if (Flags.Contains(arg, StringComparer.Ordinal))
            {
                force = true;
            }
            else if (arg.StartsWith('-'))
            {
                // --key value, as ASP.NET Core's command-line configuration reads it; --key=value stands alone.
                host.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                {
                    host.Add(args[++i]);
                }
            }
            else if (verb is null && arg.Contains('=', StringComparison.Ordinal))
            {
                host.Add(arg); // key=value is configuration too
            }
            else if (verb is null)
            {
                if (!Verbs.Any(v => v.Name == arg))
                {
                    return new Invocation(null, [], false, $"'{arg}' is not a verb.");
                }

                verb = arg;
            }
            else
            {
                rest.Add(arg);
            }
        }

        if (verb == "export")
        {
            // An export renders public pages only, so it is a site node: no admin routes and none of a cms node's
            // background writers (webhooks, mail, retention, go-live events). They are the live site's work, and
            // their queries were 6 % of a full export's CPU samples at 4,800 items. First, so --role still wins.
            host.Insert(0, $"--{Cms.Hosting.NodeRoles.Setting}=site");
        }

        return new Invocation(verb, rest, force) { HostArguments = host };
    }

    /// <summary>
    /// What can be answered before a host is built (help, mistakes, schema), so that it works even
    /// where the configuration would not start; null when the host is needed.
    /// </summary>
    public static int? RunWithoutHost(Invocation invocation, TextWriter output, TextWriter error)
    {
        if (invocation.Error is not null)
        {
            error.WriteLine(invocation.Error);
            error.WriteLine();
            WriteHelp(error);
            return 2;
        }

        switch (invocation.Verb)
        {
            case "help":
                WriteHelp(output);
                return 0;
            case "export" when ExportSettings.Parse(invocation.Arguments).Problem is { } problem:
                error.WriteLine($"export: {problem}");
                error.WriteLine($"usage: {ExportSettings.Usage}");
                return 2;
            case "schema":
                var provider = invocation.Arguments.ElementAtOrDefault(0) switch
                {
                    "sqlite" => DatabaseProvider.Sqlite,
                    "postgres" => DatabaseProvider.Postgres,
                    _ => (DatabaseProvider?)null,
                };
                if (provider is null)
                {
                    error.WriteLine("usage: schema sqlite|postgres");
                    return 2;
                }

                output.WriteLine(StorageExtensions.CreateScript(provider.Value));
                return 0;
            case "content-format":
                if (RepositoryRoot.FindShipped("locales", Directory.GetCurrentDirectory()) is not { } locales
                    || !File.Exists(Path.Combine(locales, "en.json")))
                {
                    error.WriteLine("content-format: locales/en.json was not found (run it in a checkout).");
                    return 1;
                }

                var english = PromoSite.Web.Localization.UiStrings.Public(locales, "en");
                output.Write(Cms.Content.ContentFormatDocument.Write(new Cms.Content.ContentTypeRegistry(), english));
                return 0;
            default:
                return null;
        }
    }

    private static void WriteHelp(TextWriter output)
    {
        output.WriteLine("PromoSite: without a verb, starts the site (e.g. --urls http://127.0.0.1:8080). Verbs:");
        foreach (var verb in Verbs)
        {
            output.WriteLine($"  {verb.Usage,-34} {verb.Summary}");
        }

        output.WriteLine("Settings come as --Key=value, environment variables or appsettings.json (see README, Configuration).");
    }

    public static async Task<int> RunAsync(WebApplication app, Invocation invocation, TextWriter output, TextWriter error)
    {
        var argument = invocation.Arguments.ElementAtOrDefault(0);
        switch (invocation.Verb)
        {
            case "source-hash":
                return await SourceHashAsync(app, argument, output, error);
            case "derive":
                await app.Services.PrepareCmsAsync(contentPath: null);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var made = await app.Services.GetRequiredService<Cms.Media.MediaDerivativeWorker>().RunOnceAsync(CancellationToken.None);
                var seconds = clock.Elapsed.TotalSeconds;
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Made derivatives for {made} image(s) in {seconds:0.00} s ({(seconds > 0 ? made / seconds : 0):0.00} images/s)."));
                return 0;
            case "migrate":
                await app.Services.PrepareCmsAsync(contentPath: null);
                output.WriteLine("The database schema is up to date.");
                return 0;
            case "backup" or "restore" or "reset-password" or "reset-authenticator" when argument is null:
                error.WriteLine($"usage: {Verbs.Single(v => v.Name == invocation.Verb).Usage}");
                return 2;
            case "backup":
                var backup = await Backups(app).CreateAsync(argument);
                if (!backup.Succeeded)
                {
                    error.WriteLine(backup.Error);
                    return 1;
                }

                output.WriteLine($"Backup written to {Path.GetFullPath(argument)}: {Describe(backup.Manifest!)}.");
                return 0;
            case "restore":
                var restore = await Backups(app).RestoreAsync(argument, invocation.Force);
                if (!restore.Succeeded)
                {
                    error.WriteLine(restore.Error);
                    return 1;
                }

                output.WriteLine($"Restored {Describe(restore.Manifest!)}, backed up {restore.Manifest!.Created:u}; the counts match. Start the site to bring the schema up to date; run 'derive' if derivatives are missing.");
                return 0;
            case "fingerprint":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var fingerprint = ActivatorUtilities.CreateInstance<InstallationFingerprint>(scope.ServiceProvider);
                    var lines = await fingerprint.LinesAsync(CancellationToken.None);
                    if (argument is null)
                    {
                        lines.ToList().ForEach(output.WriteLine);
                    }
                    else
                    {
                        // A file, so that log lines on the output never mix with the fingerprint.
                        await File.WriteAllLinesAsync(argument, lines);
                        output.WriteLine($"Fingerprint of {lines[0]["count ".Length..]} written to {Path.GetFullPath(argument)}.");
                    }
                }

                return 0;
            case "wipe" when !invocation.Force:
                error.WriteLine("wipe deletes the database, the media and the keys of this configuration; add --force if that is what you mean (scripts/restore-drill.sh does).");
                return 2;
            case "wipe":
                output.WriteLine($"Wiped {await Backups(app).WipeAsync()}.");
                return 0;
            case "reset-password" or "reset-authenticator":
                return await ResetAsync(app, invocation.Verb, argument, output, error);
            default:
                return await ImportAsync(app, argument, output, error);
        }
    }

    /// <summary>For the locked-out case, through AccountService (audited, sessions ended), by whoever runs the command on the server.</summary>
    private static async Task<int> ResetAsync(WebApplication app, string verb, string email, TextWriter output, TextWriter error)
    {
        await app.Services.PrepareCmsAsync(contentPath: null);
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Cms.Accounts.AccountService>();
        var actor = $"command-line ({Environment.UserName})";
        var normalized = email.Trim().ToLowerInvariant();
        if (verb == "reset-password")
        {
            var (password, problem) = await accounts.ResetPasswordAsync(actor, normalized);
            if (problem is not null)
            {
                await error.WriteLineAsync(problem);
                return 1;
            }

            await output.WriteLineAsync($"One-time password for {normalized}: {password} (sign in at /admin and choose your own; it is not shown again)");
            await output.FlushAsync();
            return 0;
        }

        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var userId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Users.Where(u => u.Email == normalized).Select(u => (long?)u.Id));
        // actorId 0 is no user's id: the command line is never the account it resets.
        if (userId is null || await accounts.ResetAuthenticatorAsync(actor, 0, userId.Value, null) is not null)
        {
            await error.WriteLineAsync($"There is no account {normalized}.");
            return 1;
        }

        await output.WriteLineAsync($"The authenticator and recovery codes of {normalized} are removed and their sessions ended; at the next sign-in, with their password, they set up a new one.");
        return 0;
    }

    private static BackupService Backups(WebApplication app) =>
        new(app.Services.GetRequiredService<DatabaseSettings>(), app.Services.GetRequiredService<DataFolder>(), TimeProvider.System, app.Configuration,
            app.Services.GetService<Cms.Media.S3MediaStore>());

    private static string Describe(BackupManifest manifest) =>
        $"{manifest.Counts.Items} items, {manifest.Counts.Revisions} revisions, {manifest.Counts.Users} users, {manifest.Counts.MediaFiles} media files ({manifest.Provider}, schema {manifest.SchemaMigration})";

    private static async Task<int> ImportAsync(WebApplication app, string? given, TextWriter output, TextWriter error)
    {
        var folder = given is not null ? Path.GetFullPath(given) : CmsExtensions.ContentPath(app.Configuration, app.Environment.ContentRootPath);
        if (folder is null)
        {
            await error.WriteLineAsync("No content folder: give one (import path/to/content) or set ContentPath.");
            return 2;
        }

        await app.Services.PrepareCmsAsync(contentPath: null);
        await using var scope = app.Services.CreateAsyncScope();
        // Into a database with no agencies yet, the folder's agencies.yml comes first (statements name
        // their issuing agency) and its series rules after; agencies already there are left as staff keep them.
        var seed = scope.ServiceProvider.GetRequiredService<Cms.Agencies.AgencySeed>();
        var seeding = !await scope.ServiceProvider.GetRequiredService<Cms.Storage.CmsDbContext>().Agencies.AnyAsync();
        var agencyErrors = seeding ? await seed.ImportAsync(folder, withSeries: false) : [];
        if (agencyErrors.Count > 0)
        {
            await error.WriteLineAsync(string.Join('\n', agencyErrors));
            return 1;
        }

        var report = await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(folder);
        (report.Succeeded ? output : error).WriteLine(report);
        agencyErrors = seeding && report.Succeeded ? await seed.ImportAsync(folder, withSeries: true) : [];
        foreach (var problem in agencyErrors)
        {
            await error.WriteLineAsync(problem);
        }

        return report.Succeeded && agencyErrors.Count == 0 ? 0 : 1;
    }

    private static async Task<int> SourceHashAsync(WebApplication app, string? item, TextWriter output, TextWriter error)
    {
        var folder = CmsExtensions.ContentPath(app.Configuration, app.Environment.ContentRootPath);
        var parts = item?.Split('/');
        var type = parts is { Length: 2 } ? app.Services.GetRequiredService<Cms.Content.ContentTypeRegistry>().Find(parts[0]) : null;
        var file = folder is null || type is null ? null : Path.Combine(folder, parts![0], parts[1], "vi.md");
        if (file is null || !File.Exists(file))
        {
            await error.WriteLineAsync("usage: source-hash <type>/<key>, for an item in the content folder (e.g. ocop-products/buoi-tan-trieu)");
            return 2;
        }

        var errors = new List<ImportError>();
        var parsed = ContentFileParser.Parse(file, file, await File.ReadAllTextAsync(file), type!, Cms.Content.Locales.Source, errors);
        if (parsed is null)
        {
            errors.ForEach(e => error.WriteLine(e));
            return 1;
        }

        output.WriteLine(Cms.Content.ContentJson.Hash(parsed.Localized));
        return 0;
    }
}
