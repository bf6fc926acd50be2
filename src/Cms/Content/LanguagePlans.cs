namespace PromoSite.Cms.Content;

/// <summary>
/// Which languages an item is meant to have. Not every item is made in all five: "Hữu nghị Đồng Nai"
/// is Vietnamese–English by plan, so a missing Korean issue is not work left undone. The coverage
/// matrix, dashboard counts, assignments and "missing" warnings count planned languages only; the
/// public site still falls back for the others. Stored as "vi,en" on the item (null: every language);
/// a publication series' plan is also the plan of each of its issues that has none of its own.
/// Vietnamese, the source, is always planned.
/// </summary>
public static class LanguagePlans
{
    /// <summary>The front-matter key of the source file (content/…/vi.md) that declares a plan.</summary>
    public const string FrontMatterKey = "languages";

    /// <summary>
    /// Reads a plan from its parts ("en", "vi, en" or a list). Unknown languages are refused with a
    /// message naming them; an empty plan means "every language".
    /// </summary>
    public static bool TryParse(IEnumerable<string?> parts, out IReadOnlyList<string>? plan, out string? problem)
    {
        var wanted = parts.SelectMany(p => (p ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var unknown = wanted.Where(l => !Locales.IsSupported(l)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            plan = null;
            problem = $"unknown language {string.Join(", ", unknown.Select(l => $"'{l}'"))} in the language plan; the languages are {string.Join(", ", Locales.All)}.";
            return false;
        }

        problem = null;
        plan = wanted.Count == 0 ? null : [.. Locales.All.Where(l => l == Locales.Source || wanted.Contains(l))];
        return true;
    }

    /// <summary>The stored form: null for every language (so a plan of all five is no plan at all).</summary>
    public static string? ToStored(IReadOnlyList<string>? plan) =>
        plan is null || plan.Count == Locales.All.Count ? null : string.Join(',', plan);

    /// <summary>A stored plan as a list, in the product's language order; null when the item has none of its own.</summary>
    public static IReadOnlyList<string>? FromStored(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? null
        : [.. Locales.All.Where(l => l == Locales.Source || stored.Split(',', StringSplitOptions.TrimEntries).Contains(l))];

    /// <summary>The plan that applies: the item's own, else its series', else every language.</summary>
    public static IReadOnlyList<string> Effective(string? own, string? series = null) =>
        FromStored(own) ?? FromStored(series) ?? Locales.All;

    /// <summary>The key of the publication series an item belongs to: its own key for a series, the series field of an issue, else null.</summary>
    public static string? SeriesOf(string type, string key, System.Text.Json.Nodes.JsonObject shared) => type switch
    {
        Publication.Key => key,
        PublicationIssue.Key => shared["publication"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var series) ? series : null,
        _ => null,
    };
}
