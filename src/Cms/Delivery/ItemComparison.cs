using PromoSite.Cms.Content;

namespace PromoSite.Cms.Delivery;

/// <summary>Why a comparison cannot be shown; each has its sentence on the page and in the API.</summary>
public enum ComparisonProblem { None, TooFew, TooMany, Duplicate, Unknown }

/// <summary>Two to four published items of a comparable type, in the order asked, as seen in one language.</summary>
public sealed record Comparison(ContentTypeDefinition Type, IReadOnlyList<DeliveredItem> Items, ComparisonProblem Problem)
{
    /// <summary>The figures compared, one row per field, each with the items' values in the same order (null: not published).</summary>
    public IEnumerable<(FieldDefinition Field, IReadOnlyList<System.Text.Json.Nodes.JsonNode?> Values)> Rows =>
        Type.ComparedFields.Select(f => (f, (IReadOnlyList<System.Text.Json.Nodes.JsonNode?>)[.. Items.Select(i => i.Fields[f.Name])]));
}

/// <summary>
/// Reads a comparison through the delivery contract, so the public page and the API show the same
/// items and refuse the same requests: fewer than two or more than four keys, a key twice, or a key
/// of no published item (a draft is answered exactly as a key that does not exist).
/// </summary>
public static class ItemComparison
{
    public const int MinItems = 2;

    public const int MaxItems = 4;

    public static async Task<Comparison> LoadAsync(IContentDelivery delivery, ContentTypeDefinition type, string locale, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var problem = keys.Count < MinItems ? ComparisonProblem.TooFew
            : keys.Count > MaxItems ? ComparisonProblem.TooMany
            : keys.Distinct(StringComparer.Ordinal).Count() != keys.Count ? ComparisonProblem.Duplicate
            : ComparisonProblem.None;
        if (problem != ComparisonProblem.None)
        {
            return new Comparison(type, [], problem);
        }

        var items = new List<DeliveredItem>(keys.Count);
        foreach (var key in keys)
        {
            if (key.Length > 80 || await delivery.GetByKeyAsync(locale, type.Name, key, ct) is not { } item)
            {
                return new Comparison(type, [], ComparisonProblem.Unknown);
            }

            items.Add(item);
        }

        return new Comparison(type, items, ComparisonProblem.None);
    }
}
