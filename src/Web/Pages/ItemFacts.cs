using System.Globalization;
using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>An item's facts as a reader sees them, for the item page and its printable one-pager alike.</summary>
public static class ItemFacts
{
    /// <summary>The type's shared facts (and short localized texts) in declaration order, labelled in the page's language.</summary>
    public static void Build(PublicPage page, DeliveredItem item, List<(string Label, string Value, string? Href)> facts, List<(string Label, string Text)> texts)
    {
        var type = page.Types.Get(item.Type);
        foreach (var field in type.Fields)
        {
            // An embargo is over once anyone can see the item; correction notes are shown as the item's log.
            // Where to buy has its own box under the title (Pages/_WhereToBuy). A campaign name is for counting, not for readers.
            if (field.Name is "title" or "summary" or "body" || field.Embargo || field.Correction || field.Purchase || field.Campaign)
            {
                continue;
            }

            var label = page.T[field.LabelKey];
            if (item.Fields[field.Name] is not { } value)
            {
                // A comparable item's page (a park) lists every figure an investor compares: one that no
                // source gives reads "not published", never a silent gap or a 0. Not on the one-pager,
                // which has one A4 page for what is known.
                if (page is ItemModel && type.CompareParameter is not null && type.ComparedFields.Contains(field))
                {
                    facts.Add((label, page.T["compare.notPublished"], null));
                }

                continue;
            }

            switch (field.Kind)
            {
                case FieldKind.Ref or FieldKind.RefList or FieldKind.TextList or FieldKind.Markdown:
                    continue; // Markdown (an agenda) and localized lists have sections of their own on the item page

                case FieldKind.Coordinates when value is JsonArray { Count: 2 } point:
                    var lat = point[0]!.GetValue<double>().ToString("0.#####", CultureInfo.InvariantCulture);
                    var lng = point[1]!.GetValue<double>().ToString("0.#####", CultureInfo.InvariantCulture);
                    facts.Add((label, $"{lat}, {lng}", $"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=14/{lat}/{lng}"));
                    break;
                case FieldKind.Text when field.Localized && value.GetValue<string>().Length > 60:
                    texts.Add((label, value.GetValue<string>()));
                    break;
                case FieldKind.Integer when field.Stars:
                    // Links to the list of items with as many stars: the type's own list, or its section's page that is it.
                    var list = type.ListPath ?? (type.Section is { } section ? section + "/" : null);
                    var stars = value.GetValue<int>();
                    facts.Add((label, page.T["ocop.stars", stars], list is null ? null : $"/{page.Locale}/{list}?{field.Name}={stars}"));
                    break;
                default:
                    facts.Add((label, page.WithUnit(field, page.Label(item, field.Name, value)), null));
                    break;
            }
        }
    }
}
