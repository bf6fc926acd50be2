using System.Text;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Terminology;

/// <summary>One row of a termbase file, before it is checked.</summary>
public sealed record TermRow(int Line, string Domain, IReadOnlyDictionary<string, string?> Approved, IReadOnlyDictionary<string, IReadOnlyList<string>> Forbidden, string? Note);

/// <summary>
/// The termbase as CSV (RFC 4180, UTF-8, comma-separated, a header row): the file committed as
/// content/termbase.csv, the admin's import and export, and the glossary that goes beside an
/// XLIFF 1.2 export. Columns: domain, vi, en, ko, ja, zh, forbidden_vi … forbidden_zh (variants
/// separated by '|'), note; their order is free, vi is required, an unknown column is refused
/// rather than ignored (a typo would otherwise silently drop a language). Lines starting with '#'
/// before the header are comments.
/// </summary>
public static class TermCsv
{
    public const string Domain = "domain";
    public const string Note = "note";
    public const string ForbiddenPrefix = "forbidden_";

    public static IReadOnlyList<string> Columns { get; } =
        [Domain, .. Locales.All, .. Locales.All.Select(l => ForbiddenPrefix + l), Note];

    /// <summary>Reads a whole file; the errors name the line, and any error means no rows.</summary>
    public static (IReadOnlyList<TermRow> Rows, IReadOnlyList<Content.FieldError> Errors) Read(string text)
    {
        var errors = new List<Content.FieldError>();
        var records = Records(text.TrimStart('\uFEFF'), errors);
        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var header = records.FirstOrDefault(r => !(r.Fields.Count >= 1 && r.Fields[0].StartsWith('#')) && !(r.Fields.Count == 1 && r.Fields[0].Length == 0));
        if (header.Fields is null)
        {
            return ([], [Content.FieldError.Coded("1", "termsEmpty", "The file has no header row (domain,vi,en,ko,ja,zh,…).")]);
        }

        var names = header.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        foreach (var name in names.Where(n => !Columns.Contains(n)))
        {
            errors.Add(Content.FieldError.Coded(header.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsUnknownColumn", $"Line {header.Line}: unknown column '{name}'; the columns are {string.Join(", ", Columns)}.", name, string.Join(", ", Columns)));
        }

        foreach (var twice in names.GroupBy(n => n).Where(g => g.Count() > 1))
        {
            errors.Add(Content.FieldError.Coded(header.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsColumnTwice", $"Line {header.Line}: the column '{twice.Key}' appears twice.", twice.Key));
        }

        if (!names.Contains(Locales.Source))
        {
            errors.Add(Content.FieldError.Coded(header.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsNoVi", $"Line {header.Line}: the header has no 'vi' column (the Vietnamese term)."));
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var rows = new List<TermRow>();
        foreach (var record in records.SkipWhile(r => r.Line != header.Line).Skip(1))
        {
            if (record.Fields.All(f => f.Trim().Length == 0))
            {
                continue; // a blank line
            }

            if (record.Fields.Count != names.Count)
            {
                errors.Add(Content.FieldError.Coded(record.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsFieldCount", $"Line {record.Line}: {record.Fields.Count} fields where the header has {names.Count}.", record.Fields.Count, names.Count));
                continue;
            }

            string? Get(string column) => names.IndexOf(column) is var i and >= 0 && record.Fields[i].Trim() is { Length: > 0 } value ? Undefuse(value) : null;
            rows.Add(new TermRow(
                record.Line,
                Get(Domain) ?? "",
                Locales.All.ToDictionary(l => l, Get),
                Locales.All.ToDictionary(l => l, l => Term.Split(Get(ForbiddenPrefix + l))),
                Get(Note)));
        }

        return errors.Count > 0 ? ([], errors) : (rows, []);
    }

    public static string Write(IEnumerable<Term> terms)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append("\r\n");
        foreach (var term in terms)
        {
            var values = new List<string?> { term.Domain };
            values.AddRange(Locales.All.Select(term.Approved));
            values.AddRange(Locales.All.Select(l => Term.Join(term.Forbidden(l))));
            values.Add(term.Note);
            text.AppendJoin(',', values.Select(Quote)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>Quotes when needed, and defuses a leading =, +, - or @ so a spreadsheet never runs it as a formula.</summary>
    private static string Quote(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Takes back the apostrophe <see cref="Quote"/> put before a would-be formula.</summary>
    private static string Undefuse(string value) => value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;

    private static List<(int Line, List<string> Fields)> Records(string text, List<Content.FieldError> errors)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    errors.Add(Content.FieldError.Coded(line.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsStrayQuote", $"Line {line}: a quote inside an unquoted field; quote the whole field and double the quote."));
                    return records;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    records.Add((recordLine, fields));
                    fields = [];
                    field.Clear();
                    wasQuoted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (wasQuoted)
                    {
                        errors.Add(Content.FieldError.Coded(line.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsStrayQuote", $"Line {line}: text after a closing quote; quote the whole field and double the quote."));
                        return records;
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            errors.Add(Content.FieldError.Coded(recordLine.ToString(System.Globalization.CultureInfo.InvariantCulture), "termsOpenQuote", $"Line {recordLine}: a quoted field is never closed."));
            return records;
        }

        if (field.Length > 0 || fields.Count > 0 || wasQuoted)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }
}
