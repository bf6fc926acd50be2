using System.Globalization;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>One choice of a list's filter form: a field the type declares [Filter], its options in the page's language.</summary>
public sealed record ListFilter(FieldDefinition Field, IReadOnlyList<(string Value, string Label)> Options, string? Selected);

/// <summary>
/// A type's list with the filters its declaration gives: the page reads the query through this,
/// and the form (_Filters) offers the same fields. Enumerations offer their options, rated numbers
/// their range, free text (a locality) the values the published items have; a value that no item
/// can have makes the request invalid (404), as an unknown sector does.
/// </summary>
public static class ListFilters
{
    /// <summary>How many values a number may span to be offered as a choice (3 to 5 stars, not 1 to 1,000,000 hectares).</summary>
    private const int MaxNumberChoices = 10;

    /// <summary>The lower bounds a list form offers for an "at least" number (land available, in its unit).</summary>
    private static readonly int[] AtLeastChoices = [5, 10, 20, 50, 100, 200];

    public static async Task<(ListRequest? List, IReadOnlyList<ListFilter> Filters)> ReadAsync(PublicPage page, IContentDelivery delivery, ContentTypeDefinition type, IQueryCollection query, CancellationToken ct)
    {
        var offered = type.Filters.Where(f => f.Kind is FieldKind.Enum or FieldKind.EnumList or FieldKind.Text || f.FilterAtLeast
            || f is { Kind: FieldKind.Integer, Min: not null, Max: not null } && f.Max - f.Min < MaxNumberChoices).ToList();
        var list = ListQuery.Read(query, type, [.. offered.Select(f => f.Name)]);
        if (list is null)
        {
            return (null, []);
        }

        IReadOnlyList<DeliveredItem>? all = null;
        var filters = new List<ListFilter>();
        foreach (var field in offered)
        {
            IReadOnlyList<(string, string)> options;
            switch (field.Kind)
            {
                case FieldKind.Enum or FieldKind.EnumList:
                    options = [.. field.Options.Select(o => (o, page.T[field.OptionKey(o)].Value))];
                    break;
                case FieldKind.Decimal or FieldKind.Integer when field.FilterAtLeast:
                    // A few round thresholds, not a free number: each is a page of its own in the cache,
                    // and "at least 20 ha" is how an investor asks. The API takes any number.
                    options = [.. AtLeastChoices.Select(n => (n.ToString(CultureInfo.InvariantCulture), page.T["filter.atLeast", page.WithUnit(field, n.ToString("#,0", CultureInfo.CurrentCulture))].Value))];
                    break;
                case FieldKind.Integer:
                    // Highest first: five stars is what a visitor looks for.
                    options = [.. Enumerable.Range((int)field.Min!, (int)(field.Max! - field.Min!) + 1).Reverse()
                        .Select(n => (n.ToString(CultureInfo.InvariantCulture), field.Stars ? page.T["ocop.stars", n].Value : n.ToString(CultureInfo.CurrentCulture)))];
                    break;
                // The values of every published item, not of the first hundred: a province has hundreds of OCOP
                // products, and a locality named only by the 150th was missing from the form and its link was a 404.
                case var _ when field.Agency || field.Country:
                    // An agency or a country is chosen by its name in the page's language, in that language's order; its key or code stays the filter value.
                    all ??= await delivery.ListAllAsync(new ContentQuery(page.Locale, type.Name), ct);
                    options = [.. all.Select(i => (Item: i, Node: i.Field(field.Name))).Where(i => i.Node is not null)
                        .Select(i => (Value: i.Node!.GetValue<string>(), Label: page.Label(i.Item, field.Name, i.Node!)))
                        .DistinctBy(o => o.Value).OrderBy(o => o.Label, StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: false))];
                    break;
                default:
                    options = [.. (await delivery.FieldValuesAsync(page.Locale, type.Name, field.Name, ct)).Order(StringComparer.Ordinal)
                        .Select(v => (v, field.PlaceName ? page.PlaceName(v) : v))];
                    break;
            }

            var selected = list.Filters.GetValueOrDefault(field.Name);
            if (selected is not null && !options.Any(o => o.Item1 == selected))
            {
                return (null, []);
            }

            filters.Add(new ListFilter(field, options, selected));
        }

        return (list, filters);
    }
}
