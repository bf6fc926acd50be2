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
            if (field.Name is "title" or "summary" or "body" || item.Fields[field.Name] is not { } value)
            {
                continue;
            }

            var label = page.T[$"field.{field.Name}"];
            switch (field.Kind)
            {
                case FieldKind.Ref or FieldKind.RefList or FieldKind.TextList:
                    continue;
                case FieldKind.Coordinates when value is JsonArray { Count: 2 } point:
                    var lat = point[0]!.GetValue<double>().ToString("0.#####", CultureInfo.InvariantCulture);
                    var lng = point[1]!.GetValue<double>().ToString("0.#####", CultureInfo.InvariantCulture);
                    facts.Add((label, $"{lat}, {lng}", $"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=14/{lat}/{lng}"));
                    break;
                case FieldKind.Text when field.Localized && value.GetValue<string>().Length > 60:
                    texts.Add((label, value.GetValue<string>()));
                    break;
                case FieldKind.Integer when field.Name == "stars":
                    facts.Add((label, page.T["ocop.stars", value.GetValue<int>()], $"/{page.Locale}/ocop/?stars={value.GetValue<int>()}"));
                    break;
                default:
                    facts.Add((label, page.Label(item.Type, field.Name, value) + Unit(page, field.Name), null));
                    break;
            }
        }
    }

    private static string Unit(PublicPage page, string field) => field switch
    {
        "areaHa" => " ha",
        "occupancyPercent" => " %",
        "kmToLongThanhAirport" or "kmToSeaport" or "kmToHoChiMinhCity" => " km",
        "capitalUsdMillion" => " " + page.T["unit.usdMillion"],
        _ => "",
    };
}
