using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Storage;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PromoSite.Cms.Agencies;

/// <summary>
/// The agencies that come with a content folder (content/agencies.yml): imported once, with the
/// sample content on a first start (before it, so statements can name their issuing agency; their
/// series rules after it), so the admin shows who owns what from the beginning. All or
/// nothing: one unknown section, type or series refuses the whole file with the agency and value named.
/// </summary>
public sealed class AgencySeed(CmsDbContext db, AgencyDirectory directory)
{
    public const string FileName = "agencies.yml";

    /// <summary>One agency as the file writes it.</summary>
    public sealed class Entry
    {
        public string? Key { get; set; }

        public string? Vi { get; set; }

        public string? En { get; set; }

        public string? Ko { get; set; }

        public string? Ja { get; set; }

        public string? Zh { get; set; }

        public string? Address { get; set; }

        public string? Phone { get; set; }

        public string? Email { get; set; }

        public string? Website { get; set; }

        public List<string> Sections { get; set; } = [];

        public List<string> Types { get; set; } = [];

        public List<string> Series { get; set; } = [];

        public AgencyInput ToInput() => new(Key, Vi, En, Ko, Ja, Zh, Address, Phone, Email, Website, Sections, Types, Series);
    }

    /// <summary>
    /// Imports the folder's agencies in two steps around the first content import: before it
    /// (<paramref name="withSeries"/> false) every agency with its names, contact, sections and types, when
    /// the database has none, so that content naming an agency (a statement's issuer) is checked against
    /// them; after it (true) their series rules, which need the series to exist. The errors, each naming
    /// the file and agency, when it cannot.
    /// </summary>
    public async Task<IReadOnlyList<string>> ImportAsync(string contentPath, bool withSeries, CancellationToken ct = default)
    {
        var path = Path.Combine(contentPath, FileName);
        if (!File.Exists(path) || (!withSeries && await db.Agencies.AnyAsync(ct)))
        {
            return [];
        }

        List<Entry> entries;
        try
        {
            entries = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<List<Entry>>(await File.ReadAllTextAsync(path, ct)) ?? [];
        }
        catch (YamlException ex)
        {
            return [$"{FileName}:{ex.Start.Line + 1}: {ex.InnerException?.Message ?? ex.Message}"];
        }

        var errors = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var existing = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Key, a => a.Id, StringComparer.Ordinal, ct);
        foreach (var entry in entries)
        {
            if (entry.Key is { } key && !keys.Add(key))
            {
                errors.Add($"{FileName}: agency '{key}' is listed twice.");
                continue;
            }

            var input = entry.ToInput();
            long? id = entry.Key is { } known && existing.TryGetValue(known, out var found) ? found : null;
            if (withSeries && id is not null && entry.Series.Count == 0)
            {
                continue; // imported whole in the first step
            }

            var (_, problems) = await directory.SaveAsync(withSeries ? input : input with { Series = [] }, id, ct);
            errors.AddRange(problems.Select(p => $"{FileName}: agency '{entry.Key}': {p.Message}"));
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return errors;
        }

        await db.SaveChangesAsync(ct);
        return [];
    }
}
