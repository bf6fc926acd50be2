using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Translation;

public sealed record XliffExport(string FileName, string ContentType, byte[] Content);

public sealed record XliffProblem(int? Line, string Unit, string Message)
{
    public override string ToString() => Line is { } line ? $"line {line}, {Unit}: {Message}" : $"{Unit}: {Message}";
}

/// <summary>What an import did, or why it did nothing. <paramref name="Forbidden"/>: the reader may not edit some of it.</summary>
public sealed record XliffImportReport(int Applied, int Items, int Skipped, IReadOnlyList<XliffProblem> Problems, IReadOnlyList<XliffProblem> Stale, bool Forbidden = false)
{
    public bool Succeeded => Problems.Count == 0 && Stale.Count == 0;
}

/// <summary>
/// XLIFF for translation agencies and CAT tools: chosen items out, one file per target language
/// (a zip for several), and translations back in, checked unit by unit and applied all or
/// nothing through <see cref="ContentEditor"/>, so revisions, slugs, the search index and the
/// "translated from" fingerprint behave exactly as for a translation typed in the editor. An
/// import never publishes: "final" or "reviewed" units arrive in review, ready for a reviewer.
/// A unit is one localized text field of an item ("type:key:field"): stable across exports and
/// never based on positions, which change when content is added. Who may import a language is
/// the resource-based rule for editing that language of each item's type (a token needs its write scope).
/// </summary>
public sealed class XliffExchange(
    CmsDbContext db, ContentTypeRegistry types, ContentEditor editor, ContentCommit commit, TranslationCoverage coverage,
    IAuthorizationService authorization, IOptions<CmsOptions> options, Terminology.Termbase termbase)
{
    public const long MaxUploadBytes = 20 * 1024 * 1024;

    /// <summary>
    /// The items of a type (or of every type) for the chosen target languages: all of them, or only those
    /// that need work (missing, outdated or draft) in one of those languages. Null when there is nothing.
    /// </summary>
    public async Task<XliffExport?> ExportAsync(string? type, IReadOnlyList<string> locales, bool needsWork, XliffVersion version, string? baseUrl, CancellationToken ct)
    {
        var name = types.Find(type ?? "")?.Name;
        var chosen = locales.Where(l => Locales.IsSupported(l) && l != Locales.Source).Distinct().ToList();
        List<long> ids;
        if (needsWork)
        {
            ids = [];
            foreach (var locale in chosen)
            {
                var report = await coverage.BuildAsync(new CoverageFilter(Type: name, Locale: locale, State: "needs-work"), 1, int.MaxValue, ct);
                ids.AddRange(report.Rows.Select(r => r.ItemId));
            }
        }
        else
        {
            ids = await db.Items.Where(i => i.DeletedAt == null && (name == null || i.Type == name)).Select(i => i.Id).ToListAsync(ct);
        }

        return await ExportAsync([.. ids.Distinct()], chosen, version, baseUrl, ct);
    }

    public async Task<XliffExport?> ExportAsync(IReadOnlyList<long> itemIds, IReadOnlyList<string> locales, XliffVersion version, string? baseUrl, CancellationToken ct)
    {
        var targets = locales.Where(l => Locales.IsSupported(l) && l != Locales.Source).Distinct().ToList();
        if (targets.Count == 0 || itemIds.Count == 0)
        {
            return null;
        }

        var items = await db.Items.AsNoTracking().Include(i => i.Localizations)
            .Where(i => itemIds.Contains(i.Id) && i.DeletedAt == null).OrderBy(i => i.Type).ThenBy(i => i.Key).ToListAsync(ct);
        var files = new List<(string Name, string Xml)>();
        var terms = await termbase.MatcherAsync(ct);
        foreach (var locale in targets)
        {
            var units = new List<XliffUnit>();
            foreach (var item in items)
            {
                if (types.Find(item.Type) is not { } type || item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source) is not { } source)
                {
                    continue;
                }

                var fields = ContentJson.Parse(source.FieldsJson);
                var hashes = ContentJson.FieldHashes(fields);
                var translation = item.Localizations.FirstOrDefault(l => l.Locale == locale);
                var translated = ContentJson.Parse(translation?.FieldsJson);
                var translatedFrom = translation?.SourceFieldHashesJson is { } json ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null;
                foreach (var field in Translatable(type))
                {
                    if (fields[field.Name]?.GetValue<string>() is { Length: > 0 } text)
                    {
                        var preview = baseUrl is null ? null : $"{baseUrl.TrimEnd('/')}/admin/preview/{locale}/{item.Id}";
                        var runs = XliffRuns.Split(text);
                        // The translation there already (a draft too) goes out as the target; it needs review when
                        // the source field changed since it was made (per field when known, else the whole item).
                        var needsReview = translatedFrom?.GetValueOrDefault(field.Name) is { } from
                            ? from != hashes[field.Name]
                            : Translations.IsOutdated(locale, translation?.SourceHash, source.ContentHash);
                        var existing = translated[field.Name]?.GetValue<string>() is { Length: > 0 } current && ExistingTarget(runs, current) is { } pieces
                            ? new XliffExistingTarget(pieces, needsReview)
                            : null;
                        var glossary = terms.TermsInSource(text).Select(t => new XliffGlossaryEntry(t.Vi, t.Approved(locale), t.Note)).ToList();
                        units.Add(new XliffUnit($"{item.Type}:{item.Key}:{field.Name}", field.Label, field.MaxLength, preview, runs, hashes[field.Name]) { Target = existing, Glossary = glossary });
                    }
                }
            }

            files.Add(($"promosite-vi-{locale}.{(version == XliffVersion.V20 ? "xlf" : "xliff")}", XliffDocument.Write(version, locale, units)));
        }

        if (files.Count == 1)
        {
            return new XliffExport(files[0].Name, "application/xliff+xml", Encoding.UTF8.GetBytes(files[0].Xml));
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, xml) in files)
            {
                await using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(xml), ct);
            }
        }

        return new XliffExport($"promosite-vi-{string.Join('-', targets)}.zip", "application/zip", zip.ToArray());
    }

    /// <summary>Checks every unit, then applies them all in one transaction, or nothing.</summary>
    public async Task<XliffImportReport> ImportAsync(Stream file, ClaimsPrincipal user, bool checkOnly, CancellationToken ct)
    {
        XliffFile document;
        try
        {
            document = XliffDocument.Read(file);
        }
        catch (XliffFormatException ex)
        {
            return new XliffImportReport(0, 0, 0, [new XliffProblem(ex.Line, "file", ex.Message)], []);
        }

        var problems = new List<XliffProblem>();
        var stale = new List<XliffProblem>();
        var locale = document.TargetLanguage;
        if (document.SourceLanguage != Locales.Source)
        {
            problems.Add(new XliffProblem(null, "file", $"The source language is '{document.SourceLanguage}'; PromoSite's source is Vietnamese (vi)."));
        }

        if (!Locales.IsSupported(locale) || locale == Locales.Source)
        {
            problems.Add(new XliffProblem(null, "file", $"The target language '{locale}' is not one of {string.Join(", ", Locales.All.Where(l => l != Locales.Source))}."));
        }

        if (problems.Count > 0)
        {
            return new XliffImportReport(0, 0, 0, problems, []);
        }

        var mayEdit = new Dictionary<string, bool>(StringComparer.Ordinal);
        var forbidden = false;

        var changes = new Dictionary<long, (ContentItem Item, JsonObject Fields, bool Ready)>();
        var translated = new Dictionary<long, HashSet<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        var applied = 0;
        foreach (var unit in document.Units)
        {
            if (!seen.Add(unit.Id))
            {
                problems.Add(new XliffProblem(unit.Line, unit.Id, "This unit appears twice."));
                continue;
            }

            // "type:key:field" (an XLIFF 2.0 NMTOKEN); "type/key/field" from earlier exports is read too.
            var parts = unit.Id.Split(unit.Id.Contains(':', StringComparison.Ordinal) ? ':' : '/');
            if (parts.Length != 3 || types.Find(parts[0]) is not { } type || !type.FieldsByName.TryGetValue(parts[2], out var field) || !Translatable(type).Contains(field))
            {
                problems.Add(new XliffProblem(unit.Line, unit.Id, "Unknown unit: not a translatable field of a PromoSite content type."));
                continue;
            }

            if (!mayEdit.TryGetValue(type.Name, out var allowed))
            {
                allowed = mayEdit[type.Name] = (await authorization.AuthorizeAsync(user, new LanguageVersion(type.Name, locale), ContentOperations.Edit)).Succeeded;
                if (!allowed)
                {
                    forbidden = true; // said once per type, at its first unit
                    problems.Add(new XliffProblem(unit.Line, unit.Id, $"You may not edit the {locale} translations of {type.Label}."));
                }
            }

            if (!allowed)
            {
                continue;
            }

            var item = changes.Values.Select(c => c.Item).FirstOrDefault(i => i.Type == parts[0] && i.Key == parts[1])
                ?? await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Type == parts[0] && i.Key == parts[1] && i.DeletedAt == null, ct);
            var source = item?.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
            if (item is null || source is null)
            {
                problems.Add(new XliffProblem(unit.Line, unit.Id, "No such item (or it is in the trash)."));
                continue;
            }

            if (unit.Target is null || unit.Target.All(p => p.Text is { } t && string.IsNullOrWhiteSpace(t)) || unit.NeedsReview)
            {
                skipped++; // not translated yet, or the exported old translation nobody revised: nothing to apply
                continue;
            }

            var sourceText = ContentJson.Parse(source.FieldsJson)[field.Name]?.GetValue<string>() ?? "";
            var currentHash = ContentJson.FieldHashes(ContentJson.Parse(source.FieldsJson)).GetValueOrDefault(field.Name);
            if (unit.SourceHash != currentHash)
            {
                stale.Add(new XliffProblem(unit.Line, unit.Id, "The Vietnamese changed since this file was exported; export again and translate the new text."));
                continue;
            }

            var codes = XliffRuns.Split(sourceText).Where(r => r.IsCode).Select(r => r.Text).ToList();
            var used = unit.Target.Where(p => p.Placeholder is not null).Select(p => p.Placeholder!.Value).ToList();
            if (used.Any(n => n < 1 || n > codes.Count))
            {
                problems.Add(new XliffProblem(unit.Line, unit.Id, $"Placeholder {used.First(n => n < 1 || n > codes.Count)} does not exist in the source (it has {codes.Count})."));
                continue;
            }

            var missing = Enumerable.Range(1, codes.Count).Except(used).ToList();
            var twice = used.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (missing.Count > 0 || twice.Count > 0)
            {
                problems.Add(new XliffProblem(unit.Line, unit.Id, missing.Count > 0
                    ? $"Placeholders {string.Join(", ", missing)} of the source are missing: keep every formatting placeholder once."
                    : $"Placeholders {string.Join(", ", twice)} are used more than once."));
                continue;
            }

            var text = string.Concat(unit.Target.Select(p => p.Text ?? codes[p.Placeholder!.Value - 1]));
            if (field.MaxLength is { } max && text.Length > max)
            {
                problems.Add(new XliffProblem(unit.Line, unit.Id, $"The translation has {text.Length} characters; {field.Label} allows {max}."));
                continue;
            }

            var existing = item.Localizations.FirstOrDefault(l => l.Locale == locale);
            if (!changes.ContainsKey(item.Id) && ContentJson.Parse(existing?.FieldsJson)[field.Name]?.GetValue<string>() == text)
            {
                // The exported translation came back as it was: nothing to save. It still counts as
                // translated for the item's other units, so a file that changes one field can clear "outdated".
                (translated.TryGetValue(item.Id, out var same) ? same : translated[item.Id] = []).Add(field.Name);
                continue;
            }

            if (!changes.TryGetValue(item.Id, out var change))
            {
                change = (item, ContentJson.Parse(item.Localizations.FirstOrDefault(l => l.Locale == locale)?.FieldsJson), true);
            }

            change.Fields[field.Name] = text;
            (translated.TryGetValue(item.Id, out var names) ? names : translated[item.Id] = []).Add(field.Name);
            changes[item.Id] = change with { Ready = change.Ready && IsReady(unit.State) };
            applied++;
        }

        if (problems.Count > 0 || stale.Count > 0 || checkOnly)
        {
            return new XliffImportReport(problems.Count > 0 || stale.Count > 0 ? 0 : applied, changes.Count, skipped, problems, stale, forbidden);
        }

        var author = user.Identity?.Name ?? "xliff";
        await commit.AllOrNothingAsync(async () =>
        {
            foreach (var (id, (item, fields, ready)) in changes)
            {
                var current = item.Localizations.FirstOrDefault(l => l.Locale == locale);
                // Up to date only if every translatable source text came back; a half-filled file must not
                // clear "outdated" for the fields it left alone, so those keep the old fingerprint.
                var source = ContentJson.Parse(item.Localizations.First(l => l.Locale == Locales.Source).FieldsJson);
                var complete = Translatable(types.Get(item.Type)).All(f => source[f.Name]?.GetValue<string>() is not { Length: > 0 } || translated[id].Contains(f.Name));
                var input = new LocalizationInput(locale, fields, ready ? LocalizationStatus.InReview : LocalizationStatus.Draft, current?.Slug, current?.SeoTitle, current?.SeoDescription, current?.PublishAt, current?.UnpublishAt,
                    complete ? null : current?.SourceHash);
                var outcome = await editor.SaveAsync(id, null, null, input, author, ct);
                problems.AddRange(outcome.Errors.Select(e => new XliffProblem(null, $"{item.Type}/{item.Key}", e.ToString())));
                db.ChangeTracker.Clear(); // saved: tracked rows would only slow every later save's change scan
            }

            return problems.Count == 0;
        }, ct);

        return new XliffImportReport(problems.Count == 0 ? applied : 0, changes.Count, skipped, problems, []);
    }

    /// <summary>
    /// A translation's text over the source's placeholders: each markup run of the translation must
    /// be one of the source's (matched by its text, each used once), as the import will insist. A
    /// translation whose markup differs (a link added, emphasis dropped) cannot be expressed that way
    /// and goes out without a target rather than with placeholders that would not come back.
    /// </summary>
    private static List<XliffPiece>? ExistingTarget(IReadOnlyList<Run> source, string translation)
    {
        var codes = source.Where(r => r.IsCode).Select(r => r.Text).ToList();
        var used = new bool[codes.Count];
        var pieces = new List<XliffPiece>();
        foreach (var run in XliffRuns.Split(translation))
        {
            if (!run.IsCode)
            {
                pieces.Add(new XliffPiece(run.Text, null));
                continue;
            }

            var index = Enumerable.Range(0, codes.Count).FirstOrDefault(i => !used[i] && codes[i] == run.Text, -1);
            if (index < 0)
            {
                return null;
            }

            used[index] = true;
            pieces.Add(new XliffPiece(null, index + 1));
        }

        return used.All(u => u) ? pieces : null;
    }

    /// <summary>2.0 "reviewed"/"final" and 1.2 "signed-off"/"final" are ready for a reviewer; anything else is a draft.</summary>
    private static bool IsReady(string? state) => state is "reviewed" or "final" or "signed-off";

    private static IEnumerable<FieldDefinition> Translatable(ContentTypeDefinition type) =>
        type.LocalizedFields.Where(f => f.Kind is FieldKind.Text or FieldKind.Markdown);

    public string? BaseUrl => options.Value.PublicBaseUrl;
}
