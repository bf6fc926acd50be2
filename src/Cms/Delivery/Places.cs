using System.Text.Json.Nodes;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Delivery;

/// <summary>One published item with a position, as maps show it: in a language, with its public address.</summary>
public sealed record Place(DeliveredItem Item, string Section, double Latitude, double Longitude);

/// <summary>
/// The published items that have a place on the map: every type with public pages and a coordinates
/// field (parks, projects, destinations, craft villages, heritage sites, events), read through the
/// delivery contract, so a draft, a scheduled or a withdrawn item is never on a map. Shared by the
/// GeoJSON API and the pages' maps, which must show the same places.
/// </summary>
public static class Places
{
    /// <summary>The types whose items can be on a map.</summary>
    public static IEnumerable<ContentTypeDefinition> Types(ContentTypeRegistry types) =>
        types.WithPages.Where(t => t.Section is not null && t.Fields.Any(f => f is { Name: "coordinates", Kind: FieldKind.Coordinates }));

    public static async Task<IReadOnlyList<Place>> ListAsync(IContentDelivery delivery, ContentTypeRegistry types, string locale, string? type, string? section, CancellationToken ct)
    {
        var places = new List<Place>();
        foreach (var definition in Types(types).Where(t => (type is null || t.Name == type) && (section is null || t.Section == section)))
        {
            foreach (var item in await delivery.ListAllAsync(new ContentQuery(locale, definition.Name), ct))
            {
                if (Of(item) is { } place)
                {
                    places.Add(place with { Section = definition.Section! });
                }
            }
        }

        return places;
    }

    /// <summary>The item's place, when it has a valid position and a public page.</summary>
    public static Place? Of(DeliveredItem item) =>
        item.Path is not null && item.Field("coordinates") is JsonArray { Count: 2 } point
        && new GeoPoint(point[0]!.GetValue<double>(), point[1]!.GetValue<double>()) is { IsValid: true } position
            ? new Place(item, SiteSections.OfPath(item.Path.Split('/', 3)[2]) ?? "", position.Latitude, position.Longitude)
            : null;
}
