using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Terminology;

/// <summary>A language version whose text uses forbidden variants.</summary>
public sealed record TermFinding(long ItemId, string Type, string Key, string Locale, IReadOnlyList<ForbiddenHit> Hits);

/// <summary>
/// The termbase: entries kept in the database, changed one by one from /admin/terms or by a CSV
/// import (all or nothing: one bad row refuses the file and changes nothing), seeded on a first
/// start from content/termbase.csv, and read by the editor, the publishing warnings and the XLIFF
/// export through one <see cref="TermMatcher"/>.
/// </summary>
public sealed class Termbase(CmsDbContext db, TimeProvider clock)
{
    public const string FileName = "termbase.csv";

    public async Task<TermMatcher> MatcherAsync(CancellationToken ct = default) =>
        new(await db.Terms.AsNoTracking().OrderBy(t => t.Vi).ToListAsync(ct));

    public async Task<IReadOnlyList<Term>> SearchAsync(string? query, string? domain, CancellationToken ct = default)
    {
        var all = await db.Terms.AsNoTracking().ToListAsync(ct);
        var folded = string.IsNullOrWhiteSpace(query) ? null : TermMatcher.FoldPerChar(query.Trim());
        return [.. all
            .Where(t => string.IsNullOrEmpty(domain) || t.Domain == domain)
            .Where(t => folded is null || Locales.All.Any(l => Contains(t.Approved(l), folded) || t.Forbidden(l).Any(v => Contains(v, folded))) || Contains(t.Note, folded))
            .OrderBy(t => TermMatcher.FoldPerChar(t.Vi), StringComparer.Ordinal)];

        static bool Contains(string? text, string folded) => text is not null && TermMatcher.FoldPerChar(text).Contains(folded, StringComparison.Ordinal);
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes one entry; the refusals name the field.</summary>
    public async Task<(Term? Term, IReadOnlyList<FieldError> Errors)> SaveAsync(TermRow input, long? id, CancellationToken ct = default)
    {
        var errors = Check(input).ToList();
        var vi = input.Approved.GetValueOrDefault(Locales.Source)?.Trim() ?? "";
        if (errors.Count == 0 && await db.Terms.AnyAsync(t => t.Vi == vi && t.Id != (id ?? 0), ct))
        {
            errors.Add(FieldError.Coded("vi", "termExists", $"The termbase already has '{vi}'.", vi));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var term = id is { } existing ? await db.Terms.FirstOrDefaultAsync(t => t.Id == existing, ct) : null;
        if (id is not null && term is null)
        {
            return (null, [FieldError.Coded("", "termMissing", $"Term {id} does not exist.", id)]);
        }

        term ??= db.Terms.Add(new Term { Vi = vi }).Entity;
        Apply(term, input);
        await db.SaveChangesAsync(ct);
        return (term, []);
    }

    public async Task<Term?> DeleteAsync(long id, CancellationToken ct = default)
    {
        var term = await db.Terms.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (term is not null)
        {
            db.Terms.Remove(term);
            await db.SaveChangesAsync(ct);
        }

        return term;
    }

    /// <summary>
    /// Adds the file's new terms and updates those it names by their Vietnamese form; terms it does not
    /// name stay. Nothing changes unless every row is valid.
    /// </summary>
    public async Task<(int Added, int Updated, IReadOnlyList<FieldError> Errors)> ImportCsvAsync(string text, CancellationToken ct = default)
    {
        var (rows, errors) = TermCsv.Read(text);
        if (errors.Count > 0)
        {
            return (0, 0, errors);
        }

        var problems = new List<FieldError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            // Field: the line, so the admin says "line 12:" before the problem in its own words.
            var line = row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problems.AddRange(Check(row).Select(e => e with { Field = line, Message = $"Line {row.Line}, {e.Field}: {e.Message}" }));
            var vi = row.Approved.GetValueOrDefault(Locales.Source) ?? "";
            if (vi.Length > 0 && !seen.TryAdd(vi, row.Line))
            {
                problems.Add(FieldError.Coded(line, "termsTwice", $"Line {row.Line}: '{vi}' is already on line {seen[vi]}.", vi, seen[vi]));
            }
        }

        if (rows.Count == 0)
        {
            problems.Add(FieldError.Coded("1", "termsNoRows", "The file has a header but no terms."));
        }

        if (problems.Count > 0)
        {
            return (0, 0, problems);
        }

        var existing = await db.Terms.ToDictionaryAsync(t => t.Vi, StringComparer.Ordinal, ct);
        int added = 0, updated = 0;
        foreach (var row in rows)
        {
            var vi = row.Approved[Locales.Source]!;
            if (existing.TryGetValue(vi, out var term))
            {
                updated++;
            }
            else
            {
                term = db.Terms.Add(new Term { Vi = vi }).Entity;
                existing[vi] = term;
                added++;
            }

            Apply(term, row);
        }

        await db.SaveChangesAsync(ct); // one transaction: all rows or none
        return (added, updated, []);
    }

    /// <summary>Imports content/termbase.csv when the termbase is empty (a first start); the errors when it cannot.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(string contentPath, CancellationToken ct = default)
    {
        var path = Path.Combine(contentPath, FileName);
        if (!File.Exists(path) || await db.Terms.AnyAsync(ct))
        {
            return [];
        }

        var (_, _, errors) = await ImportCsvAsync(await File.ReadAllTextAsync(path, ct), ct);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
        }

        return [.. errors.Select(e => $"{FileName}: {e.Message}")];
    }

    /// <summary>Forbidden variants in the text fields of one language version (every string field, the body too).</summary>
    public static IReadOnlyList<ForbiddenHit> Check(TermMatcher matcher, string locale, JsonObject fields, string? seoTitle = null, string? seoDescription = null)
    {
        var hits = new List<ForbiddenHit>();
        foreach (var (name, value) in fields)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                hits.AddRange(matcher.FindForbidden(locale, text, name));
            }
        }

        hits.AddRange(matcher.FindForbidden(locale, seoTitle, "seoTitle"));
        hits.AddRange(matcher.FindForbidden(locale, seoDescription, "seoDescription"));
        return [.. hits.DistinctBy(h => (h.Term.Id, h.Term.Vi, h.Variant))];
    }

    /// <summary>Every language version (published ones only, or every working copy) that uses a forbidden variant.</summary>
    public async Task<IReadOnlyList<TermFinding>> FindingsAsync(bool publishedOnly, CancellationToken ct = default)
    {
        var matcher = await MatcherAsync(ct);
        if (matcher.Terms.Count == 0)
        {
            return [];
        }

        var rows = await db.Localizations.AsNoTracking()
            .Where(l => l.Item.DeletedAt == null && (!publishedOnly || l.PublishedRevisionId != null))
            .Select(l => new { l.ItemId, l.Item.Type, l.Item.Key, l.Locale, l.FieldsJson, l.SeoTitle, l.SeoDescription, l.PublishedRevisionId })
            .ToListAsync(ct);
        var published = publishedOnly
            ? await db.Revisions.AsNoTracking().Where(r => rows.Select(x => x.PublishedRevisionId).Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.FieldsJson, ct)
            : [];
        var findings = new List<TermFinding>();
        foreach (var row in rows)
        {
            var json = publishedOnly && row.PublishedRevisionId is { } revision && published.TryGetValue(revision, out var text) ? text : row.FieldsJson;
            var hits = Check(matcher, row.Locale, ContentJson.Parse(json), row.SeoTitle, row.SeoDescription);
            if (hits.Count > 0)
            {
                findings.Add(new TermFinding(row.ItemId, row.Type, row.Key, row.Locale, hits));
            }
        }

        return [.. findings.OrderBy(f => f.Type).ThenBy(f => f.Key).ThenBy(f => f.Locale)];
    }

    /// <summary>
    /// The termbase as TBX (ISO 30042, TBX-Basic style: one conceptEntry per term, a langSec per
    /// language; forbidden variants as terms with administrativeStatus deprecatedTerm-admn-sts), for
    /// the CAT tools that take an XLIFF 1.2 file, which has no glossary of its own.
    /// </summary>
    public static string Tbx(IEnumerable<Term> terms, string? targetLocale = null)
    {
        const string ns = "urn:iso:std:iso:30042:ed-2";
        var languages = targetLocale is null ? Locales.All : [Locales.Source, targetLocale];
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement("tbx", ns);
            xml.WriteAttributeString("type", "TBX-Basic");
            xml.WriteAttributeString("style", "dca");
            xml.WriteAttributeString("xml", "lang", null, Locales.Source);
            xml.WriteStartElement("tbxHeader", ns);
            xml.WriteStartElement("fileDesc", ns);
            xml.WriteStartElement("sourceDesc", ns);
            xml.WriteElementString("p", ns, "PromoSite termbase (Đồng Nai)");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("text", ns);
            xml.WriteStartElement("body", ns);
            foreach (var term in terms)
            {
                xml.WriteStartElement("conceptEntry", ns);
                xml.WriteAttributeString("id", "t" + term.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (term.Domain.Length > 0)
                {
                    Descrip(xml, ns, "subjectField", term.Domain);
                }

                if (term.Note is { Length: > 0 } note)
                {
                    Descrip(xml, ns, "definition", note);
                }

                foreach (var locale in languages)
                {
                    var approved = term.Approved(locale);
                    var forbidden = term.Forbidden(locale);
                    if (string.IsNullOrEmpty(approved) && forbidden.Count == 0)
                    {
                        continue;
                    }

                    xml.WriteStartElement("langSec", ns);
                    xml.WriteAttributeString("xml", "lang", null, Locales.HtmlLang(locale));
                    if (!string.IsNullOrEmpty(approved))
                    {
                        TermSec(xml, ns, approved, "preferredTerm-admn-sts");
                    }

                    foreach (var variant in forbidden)
                    {
                        TermSec(xml, ns, variant, "deprecatedTerm-admn-sts");
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Descrip(XmlWriter xml, string ns, string type, string value)
    {
        xml.WriteStartElement("descrip", ns);
        xml.WriteAttributeString("type", type);
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    private static void TermSec(XmlWriter xml, string ns, string form, string status)
    {
        xml.WriteStartElement("termSec", ns);
        xml.WriteElementString("term", ns, form);
        xml.WriteStartElement("termNote", ns);
        xml.WriteAttributeString("type", "administrativeStatus");
        xml.WriteString(status);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private void Apply(Term term, TermRow row)
    {
        foreach (var locale in Locales.All)
        {
            term.Set(locale, row.Approved.GetValueOrDefault(locale)?.Trim() is { Length: > 0 } a ? a : null, row.Forbidden.GetValueOrDefault(locale) ?? []);
        }

        term.Domain = row.Domain.Trim();
        term.Note = string.IsNullOrWhiteSpace(row.Note) ? null : row.Note.Trim();
        term.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>The checks of one entry, whatever it came from (the form or a CSV row).</summary>
    private static IEnumerable<FieldError> Check(TermRow row)
    {
        if (string.IsNullOrWhiteSpace(row.Approved.GetValueOrDefault(Locales.Source)))
        {
            yield return FieldError.Coded("vi", "termNoVi", "The Vietnamese term is required.");
        }

        if (row.Domain.Trim().Length > TermTables.DomainLength)
        {
            yield return FieldError.Coded("domain", "termTooLong", $"At most {TermTables.DomainLength} characters.", TermTables.DomainLength);
        }

        if (row.Note?.Trim().Length > TermTables.NoteLength)
        {
            yield return FieldError.Coded("note", "termTooLong", $"At most {TermTables.NoteLength} characters.", TermTables.NoteLength);
        }

        foreach (var locale in Locales.All)
        {
            var approved = row.Approved.GetValueOrDefault(locale)?.Trim() ?? "";
            var forbidden = row.Forbidden.GetValueOrDefault(locale) ?? [];
            if (approved.Length > TermTables.FormLength)
            {
                yield return FieldError.Coded(locale, "termTooLong", $"At most {TermTables.FormLength} characters.", TermTables.FormLength);
            }

            if ((Term.Join(forbidden)?.Length ?? 0) > TermTables.VariantsLength)
            {
                yield return FieldError.Coded(TermCsv.ForbiddenPrefix + locale, "termTooLong", $"At most {TermTables.VariantsLength} characters.", TermTables.VariantsLength);
            }

            if (approved.Length > 0 && forbidden.Contains(approved, StringComparer.Ordinal))
            {
                yield return FieldError.Coded(TermCsv.ForbiddenPrefix + locale, "termForbidsApproved", $"'{approved}' is both the approved form and a forbidden variant.", approved);
            }

            if (new[] { approved, row.Domain, row.Note ?? "" }.Concat(forbidden).Any(v => v.Any(char.IsControl)))
            {
                yield return FieldError.Coded(locale, "termControl", "A line break or control character is not allowed in a term.");
            }
        }
    }
}
