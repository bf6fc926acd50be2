using System.Globalization;
using Microsoft.AspNetCore.Http;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Pages;

/// <summary>
/// Filters and paging read from a public list's query string. Values that mean nothing (an unknown
/// category, page=abc, page=999999) are dropped or clamped: the visitor gets a normal page, never an error.
/// </summary>
public static class ListQuery
{
    public const int PageSize = 12;

    public static int Page(IQueryCollection query) =>
        int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= 10_000 ? page : 1;

    /// <summary>The allowed filters of a type present in the query with a valid value.</summary>
    public static Dictionary<string, string> Filters(IQueryCollection query, ContentTypeDefinition type, params string[] names)
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = query[name].ToString();
            if (value.Length == 0 || value.Length > 80 || !type.FieldsByName.TryGetValue(name, out var field))
            {
                continue;
            }

            var valid = field.Kind switch
            {
                FieldKind.Enum => field.Options.Contains(value),
                FieldKind.Integer => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                _ => true,
            };
            if (valid)
            {
                filters[name] = value;
            }
        }

        return filters;
    }

    /// <summary>The current query with one parameter changed (null removes it), for filter and pager links.</summary>
    public static string With(IQueryCollection query, string name, string? value)
    {
        var pairs = query.Where(p => p.Key != name && p.Key != "page" && p.Value.ToString().Length > 0)
            .Select(p => (p.Key, Value: p.Value.ToString())).ToList();
        if (value is not null)
        {
            pairs.Add((name, value));
        }

        return pairs.Count == 0 ? "?" : "?" + string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }
}
