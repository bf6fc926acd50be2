using System.Globalization;
using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Seo;

/// <summary>schema.org JSON-LD for each content type, from the delivered fields only (no invented ratings).</summary>
public static class JsonLd
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        // Letters of every script as they are; &lt; &gt; &amp; and quotes stay escaped, so "&lt;/script&gt;" in content cannot close the block.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string Serialize(JsonObject json) => json.ToJsonString(Options);

    public static JsonObject ForItem(DeliveredItem item, string url, string description, string? imageUrl)
    {
        var fields = item.Fields;
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = SchemaType(item.Type),
            ["name"] = item.Title,
            ["description"] = description,
            ["url"] = url,
            ["inLanguage"] = Locales.HtmlLang(item.ResolvedLocale),
        };
        if (imageUrl is not null)
        {
            json["image"] = imageUrl;
        }

        if (fields["coordinates"] is JsonArray { Count: 2 } point)
        {
            json["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = point[0]!.DeepClone(), ["longitude"] = point[1]!.DeepClone() };
        }

        if (fields["locality"] is { } locality)
        {
            json["address"] = new JsonObject { ["@type"] = "PostalAddress", ["addressLocality"] = locality.DeepClone(), ["addressRegion"] = "Đồng Nai", ["addressCountry"] = "VN" };
        }

        switch (item.Type)
        {
            case "articles":
                json.Remove("name");
                json["headline"] = item.Title;
                json["datePublished"] = fields["date"]?.DeepClone();
                json["dateModified"] = item.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                break;
            case "events":
                json["startDate"] = fields["startDate"]?.DeepClone();
                json["endDate"] = (fields["endDate"] ?? fields["startDate"])?.DeepClone();
                json["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode";
                json["location"] = new JsonObject { ["@type"] = "Place", ["name"] = fields["venue"]?.DeepClone() ?? fields["locality"]?.DeepClone() ?? "Đồng Nai", ["address"] = json["address"]?.DeepClone() ?? "Đồng Nai, Việt Nam" };
                break;
            case "ocop-products":
                // No aggregateRating or review: the OCOP star rating is a certification, not a review score.
                if (fields["producer"] is { } producer)
                {
                    json["manufacturer"] = new JsonObject { ["@type"] = "Organization", ["name"] = producer.DeepClone() };
                }

                if (fields["category"] is { } category)
                {
                    json["category"] = category.DeepClone();
                }

                json.Remove("address");
                break;
            case "publication-issues":
                json["issueNumber"] = fields["number"]?.DeepClone();
                json["datePublished"] = fields["issueDate"]?.DeepClone();
                break;
        }

        return json;
    }

    public static string SchemaType(string type) => type switch
    {
        "articles" => "Article",
        "events" => "Event",
        "destinations" => "TouristAttraction",
        "heritage-sites" => "LandmarksOrHistoricalBuildings",
        "ocop-products" => "Product",
        "publication-issues" => "PublicationIssue",
        "publications" => "Periodical",
        "industrial-parks" => "Place",
        _ => "WebPage",
    };
}
