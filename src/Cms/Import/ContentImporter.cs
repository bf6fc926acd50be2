using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Import;

public sealed record ImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public override string ToString() => Succeeded
        ? $"Imported: {Created} created, {Updated} updated, {Unchanged} unchanged."
        : $"Import refused, nothing was changed. {Errors.Count} problem(s):{Environment.NewLine}" + string.Join(Environment.NewLine, Errors.Select(e => "  " + e));
}

/// <summary>
/// Imports content/{type}/{key}/{locale}.md into the CMS. Every file is parsed and checked before
/// anything is written; the writes then run in one transaction through <see cref="ContentEditor"/>,
/// so a run either applies completely or changes nothing. Unchanged files produce no revision, so
/// running it twice changes nothing.
/// </summary>
public sealed partial class ContentImporter(CmsDbContext db, ContentTypeRegistry types, ContentEditor editor, ContentCommit commit, Media.IMediaStore media, ILogger<ContentImporter> logger)
{
    public const string Author = "import";

    public async Task<ImportReport> ImportAsync(string contentPath, CancellationToken ct = default)
    {
        var errors = new List<ImportError>();
        var storedHere = new List<string>();
        var items = await ReadAsync(contentPath, errors, storedHere, ct);
        if (errors.Count > 0)
        {
            await DiscardAsync(storedHere);
            return new ImportReport(0, 0, 0, errors);
        }

        var created = 0;
        var updated = 0;
        var unchanged = 0;
        await commit.AllOrNothingAsync(async () =>
        {
            foreach (var item in OrderByReferences(items))
            {
                var source = item.Files.Single(f => f.Locale == Locales.Source);
                var existing = await db.Items.AsNoTracking().Where(i => i.Type == item.Type.Name && i.Key == item.Key).Select(i => new { i.Id, i.DeletedAt }).FirstOrDefaultAsync(ct);
                if (existing?.DeletedAt is not null)
                {
                    errors.Add(new ImportError(source.Path, null, $"{item.Type.Name} '{item.Key}' is in the trash; restore or purge it before importing it again."));
                    continue;
                }

                var outcome = existing is null
                    ? await editor.CreateAsync(item.Type.Name, item.Key, source.Shared, Input(source), Author, ct)
                    : await editor.SaveAsync(existing.Id, null, source.Shared, Input(source), Author, ct);
                Count(outcome, source);
                if (!outcome.Succeeded)
                {
                    continue;
                }

                if (source.Languages is { } plan)
                {
                    // The plan is about the item, not a language version: no revision, no new version.
                    var stored = LanguagePlans.ToStored(plan);
                    await db.Items.Where(i => i.Id == outcome.Item!.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.PlannedLocales, stored), ct);
                }

                foreach (var translation in item.Files.Where(f => f.Locale != Locales.Source))
                {
                    Count(await editor.SaveAsync(outcome.Item!.Id, null, null, Input(translation), Author, ct), translation);
                }

                // Each save is written by now; what the context still tracks only slows the next ones (every save
                // scans all tracked rows for changes: a 4,800-item import slowed to an item a second).
                db.ChangeTracker.Clear();
            }

            return errors.Count == 0;
        }, ct);

        if (errors.Count > 0)
        {
            await DiscardAsync(storedHere);
            return new ImportReport(0, 0, 0, errors);
        }

        LogImported(logger, contentPath, created, updated, unchanged);
        return new ImportReport(created, updated, unchanged, errors);

        void Count(EditOutcome outcome, ParsedContentFile file)
        {
            switch (outcome.Result)
            {
                case EditResult.Created: created++; break;
                case EditResult.Updated: updated++; break;
                case EditResult.Unchanged: unchanged++; break;
                default:
                    errors.AddRange(outcome.Errors.Select(e => new ImportError(file.Path, FirstLine(file, e.Field), e.ToString())));
                    break;
            }
        }
    }

    private static int? FirstLine(ParsedContentFile file, string fields) =>
        fields.Split(", ").Select(file.LineOf).FirstOrDefault(l => l is not null);

    private static LocalizationInput Input(ParsedContentFile file) => new(
        file.Locale, file.Localized, file.Status, file.Slug, file.SeoTitle, file.SeoDescription, file.PublishAt, file.UnpublishAt, file.TranslatedFrom);

    private sealed record SourceItem(ContentTypeDefinition Type, string Key, List<ParsedContentFile> Files);

    private async Task<List<SourceItem>> ReadAsync(string contentPath, List<ImportError> errors, List<string> storedHere, CancellationToken ct)
    {
        var items = new List<SourceItem>();
        if (!Directory.Exists(contentPath))
        {
            errors.Add(new ImportError(contentPath, null, "The content folder does not exist."));
            return items;
        }

        foreach (var typeDir in Directory.EnumerateDirectories(contentPath).Order(StringComparer.Ordinal))
        {
            var typeName = Path.GetFileName(typeDir);
            if (typeName.StartsWith('.'))
            {
                continue;
            }

            var type = types.Find(typeName);
            if (type is null)
            {
                errors.Add(new ImportError(Display(contentPath, typeDir), null, $"'{typeName}' is not a content type. Types: {string.Join(", ", types.All.Select(t => t.Name))}."));
                continue;
            }

            foreach (var itemDir in Directory.EnumerateDirectories(typeDir).Order(StringComparer.Ordinal))
            {
                var key = Path.GetFileName(itemDir);
                if (!Slugs.IsValid(key))
                {
                    errors.Add(new ImportError(Display(contentPath, itemDir), null, $"'{key}' is not a valid item key: use lowercase letters, digits and single hyphens."));
                    continue;
                }

                var files = new List<ParsedContentFile>();
                var mediaFile = type.Name == Media.MediaLibrary.Type ? await StoreMediaFileAsync(contentPath, itemDir, errors, storedHere, ct) : null;
                foreach (var file in Directory.EnumerateFiles(itemDir).Order(StringComparer.Ordinal))
                {
                    var display = Display(contentPath, file);
                    var name = Path.GetFileName(file);
                    var locale = Path.GetFileNameWithoutExtension(file);
                    if (name.StartsWith('.') || (mediaFile is not null && Path.GetExtension(file) != ".md"))
                    {
                        continue;
                    }

                    if (Path.GetExtension(file) != ".md" || !Locales.IsSupported(locale))
                    {
                        errors.Add(new ImportError(display, null, $"Expected one file per locale named {string.Join(", ", Locales.All.Select(l => l + ".md"))}."));
                        continue;
                    }

                    var bytes = await File.ReadAllBytesAsync(file, ct);
                    if (Utf8Text.FindProblem(bytes) is { } problem)
                    {
                        errors.Add(new ImportError(display, problem.Line, $"The file is not UTF-8 at {problem.Describe()}: save it as UTF-8 (a file in a legacy Vietnamese encoding such as TCVN3, VNI or Windows-1258 must be converted first)."));
                        continue;
                    }

                    var parsed = ContentFileParser.Parse(file, display, Utf8Text.Decode(bytes), type, locale, errors);
                    if (parsed is not null && mediaFile is not null && locale == Locales.Source && !parsed.Shared.ContainsKey("file"))
                    {
                        parsed.Shared["file"] = mediaFile; // the asset's file sits beside its text
                    }

                    if (parsed is not null)
                    {
                        var merged = ContentJson.Merge(parsed.Shared, parsed.Localized);
                        var strict = parsed.Status is LocalizationStatus.Published or LocalizationStatus.InReview;
                        foreach (var error in ContentJson.Validate(type, locale == Locales.Source ? merged : parsed.Localized))
                        {
                            var fieldIsShared = type.FieldsByName.GetValueOrDefault(error.Field)?.Shared ?? false;
                            if ((locale != Locales.Source && fieldIsShared) || (!strict && !merged.ContainsKey(error.Field)))
                            {
                                continue; // shared fields come from vi.md; drafts may be incomplete
                            }

                            errors.Add(new ImportError(display, parsed.LineOf(error.Field) ?? 2, error.ToString()));
                        }

                        files.Add(parsed with { Path = display });
                    }
                }

                if (!File.Exists(Path.Combine(itemDir, Locales.Source + ".md")))
                {
                    errors.Add(new ImportError(Display(contentPath, itemDir), null, $"Every item needs its Vietnamese source, {Locales.Source}.md."));
                    continue;
                }

                items.Add(new SourceItem(type, key, files));
            }
        }

        return items;
    }

    /// <summary>
    /// A media item's folder holds its file beside its texts (content/media/{key}/photo.jpg). The
    /// file goes through the same content checks as an upload; its stored name fills the File field.
    /// Storing is by content hash, so importing again stores nothing new.
    /// </summary>
    private async Task<string?> StoreMediaFileAsync(string contentPath, string itemDir, List<ImportError> errors, List<string> storedHere, CancellationToken ct)
    {
        var candidates = Directory.EnumerateFiles(itemDir).Where(f => Path.GetExtension(f) != ".md" && !Path.GetFileName(f).StartsWith('.')).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        if (candidates.Count > 1)
        {
            errors.Add(new ImportError(Display(contentPath, itemDir), null, "A media item's folder holds one file beside its .md texts."));
            return null;
        }

        await using var stream = File.OpenRead(candidates[0]);
        var saved = await media.SaveAsync(stream, Media.MediaUploadOptions.Default, ct);
        if (saved.Stored is null)
        {
            errors.Add(new ImportError(Display(contentPath, candidates[0]), null, saved.Refusal!));
        }
        else if (saved.Stored.New)
        {
            storedHere.Add(saved.Stored.RelativePath);
        }

        return saved.Stored?.RelativePath;
    }

    /// <summary>A refused import leaves the media library as it found it: the files it stored for the first time are not kept.</summary>
    private async Task DiscardAsync(List<string> storedHere)
    {
        foreach (var path in storedHere)
        {
            await media.DiscardAsync(path, CancellationToken.None);
        }
    }

    /// <summary>Items whose types are referred to go first, so references resolve within one run.</summary>
    private List<SourceItem> OrderByReferences(List<SourceItem> items)
    {
        var order = new List<string>();
        void Visit(ContentTypeDefinition type, HashSet<string> path)
        {
            if (order.Contains(type.Name) || !path.Add(type.Name))
            {
                return;
            }

            foreach (var target in type.Fields.Select(f => f.RefType).OfType<string>().Where(t => t != type.Name))
            {
                Visit(types.Get(target), path);
            }

            order.Add(type.Name);
        }

        foreach (var type in types.All)
        {
            Visit(type, []);
        }

        return [.. items.OrderBy(i => order.IndexOf(i.Type.Name)).ThenBy(i => i.Key, StringComparer.Ordinal)];
    }

    private static string Display(string root, string path) =>
        Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(root)), Path.GetRelativePath(root, path)).Replace('\\', '/');

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Path}: {Created} created, {Updated} updated, {Unchanged} unchanged")]
    private static partial void LogImported(ILogger logger, string path, int created, int updated, int unchanged);
}
