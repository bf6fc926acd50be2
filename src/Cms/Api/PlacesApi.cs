using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Cms.Api;

/// <summary>
/// GET /api/v1/{locale}/places.geojson: every published place as an RFC 7946 FeatureCollection
/// (positions [longitude, latitude], WGS 84), titled in the language asked, for the national event
/// map and anyone's GIS. Filtered by ?type= and ?section=; tagged with an ETag like the rest of the API.
/// </summary>
internal static class PlacesApi
{
    public const string GeoJson = "application/geo+json";

    public static RouteHandlerBuilder MapPlaces(this RouteGroupBuilder api) =>
        api.MapGet("/places.geojson", PlacesAsync)
            .WithName("Places")
            .WithSummary("Published places (parks, projects, destinations, craft villages, heritage sites, events) as an RFC 7946 GeoJSON FeatureCollection, [longitude, latitude]; properties: title, type, section, url, locale, resolvedLocale, isFallback. Filter with type= and section=.")
            .Produces<JsonObject>(StatusCodes.Status200OK, GeoJson);

    private static async Task<Results<EtaggedJson<JsonObject>, ProblemHttpResult>> PlacesAsync(
        string locale, string? type, string? section, HttpContext http, IContentDelivery delivery, ContentTypeRegistry types, IOptions<CmsOptions> options, CancellationToken ct)
    {
        type = string.IsNullOrWhiteSpace(type) ? null : type;
        section = string.IsNullOrWhiteSpace(section) ? null : section;
        var mapped = Places.Types(types).ToList();
        var problems = new List<string>();
        if (type is not null && !mapped.Any(t => t.Name == type))
        {
            problems.Add($"'type' must be one of {string.Join(", ", mapped.Select(t => t.Name))}.");
        }

        if (section is not null && !mapped.Any(t => t.Section == section))
        {
            problems.Add($"'section' must be one of {string.Join(", ", mapped.Select(t => t.Section).Distinct())}.");
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem(title: "Invalid query", detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest);
        }

        var baseUrl = options.Value.BaseUrlFor(http.Request);
        var features = new JsonArray();
        foreach (var place in await Places.ListAsync(delivery, types, locale, type, section, ct))
        {
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = $"{place.Item.Type}/{place.Item.Key}",
                ["geometry"] = new JsonObject
                {
                    ["type"] = "Point",
                    // RFC 7946 §3.1.1: longitude first. Six decimals is about 10 cm, more than any of these places needs.
                    ["coordinates"] = new JsonArray(Math.Round(place.Longitude, 6), Math.Round(place.Latitude, 6)),
                },
                ["properties"] = new JsonObject
                {
                    ["title"] = place.Item.Title,
                    ["type"] = place.Item.Type,
                    ["section"] = place.Section,
                    ["url"] = baseUrl + place.Item.Path,
                    ["locale"] = locale,
                    ["resolvedLocale"] = place.Item.ResolvedLocale,
                    ["isFallback"] = place.Item.IsFallback,
                },
            });
        }

        return new EtaggedJson<JsonObject>(new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }, GeoJson);
    }
}
