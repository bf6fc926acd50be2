using System.Globalization;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Pages;

/// <summary>
/// What a public list's query string asks for: a page and filters of known names. Every URL a list
/// page prints (canonical, hreflang, og:url, the language switcher, pager links) is built from this,
/// never from the raw query, so a visit with ?fbclid=… cannot write its parameters into a cached page.
/// </summary>
public sealed record ListRequest(int Page, IReadOnlyDictionary<string, string> Filters)
{
    public static readonly ListRequest First = new(1, new Dictionary<string, string>());

    /// <summary>The page's own query with another page number ("" for page 1 without filters).</summary>
    public string QueryFor(int page) => ListQuery.Build(Filters.Select(f => (f.Key, f.Value)), page);

    public string Query => QueryFor(Page);
}

/// <summary>
/// Reads a list's query. A parameter the list knows with a value it cannot mean (page=abc, page=0,
/// stars=9) makes the request invalid, so the page answers 404 in the visitor's language rather than
/// an empty 200 that search engines would index. Unknown parameters, tracking ones included, are ignored.
/// </summary>
public static class ListQuery
{
    public const int PageSize = 12;

    /// <summary>Campaign and click identifiers added by ad networks, mail tools and social sites: never part of a page's identity.</summary>
    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "yclid", "ysclid", "msclkid", "mc_cid", "mc_eid",
        "igshid", "twclid", "ttclid", "li_fat_id", "_ga", "_gl", "mkt_tok", "srsltid", "zanpid", "epik", "s_cid",
    };

    public static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingNames.Contains(name);

    /// <summary>The page and valid filters, or null when a known parameter carries a value it cannot mean.</summary>
    public static ListRequest? Read(IQueryCollection query, ContentTypeDefinition? type = null, params string[] names)
    {
        var page = 1;
        if (query.TryGetValue("page", out var pageValue) && pageValue.ToString().Length > 0
            && !(int.TryParse(pageValue, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page is >= 1 and <= 10_000))
        {
            return null;
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // An empty value is the filter form's "any" choice: no filter.
            var value = query[name].ToString();
            if (value.Length == 0)
            {
                continue;
            }

            if (type is null || !type.FieldsByName.TryGetValue(name, out var field) || !IsValid(field, value))
            {
                return null;
            }

            filters[name] = value;
        }

        return new ListRequest(page, filters);
    }

    private static bool IsValid(FieldDefinition field, string value) => value.Length <= 80 && field.Kind switch
    {
        FieldKind.Enum or FieldKind.EnumList => field.Options.Contains(value),
        FieldKind.Decimal or FieldKind.Integer when field.FilterAtLeast =>
            decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var least) && least <= 1_000_000,
        FieldKind.Integer => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && (field.Min is null || number >= field.Min) && (field.Max is null || number <= field.Max),
        _ => !value.Any(char.IsControl),
    };

    /// <summary>A query string of known parameters in a fixed order, page last and left out when it is 1.</summary>
    public static string Build(IEnumerable<(string Name, string Value)> parameters, int page = 1)
    {
        var pairs = parameters.Where(p => p.Value.Length > 0).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (page > 1)
        {
            pairs.Add(("page", page.ToString(CultureInfo.InvariantCulture)));
        }

        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
    }
}
