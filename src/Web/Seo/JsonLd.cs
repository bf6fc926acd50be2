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

    /// <summary>
    /// One item as schema.org sees it, as the type that its declaration names
    /// (<see cref="ContentTypeDefinition.SchemaType"/>): the properties below belong to the schema.org
    /// type, so a new content type declared as an Event or a Product gets them without a change here. Only properties schema.org defines on the type are written
    /// (address and geo on places, not on a WebPage or an Event; inLanguage on creative works and
    /// events, not on a Place or a Product), and only from the content: no rating, date or address
    /// the content does not give.
    /// </summary>
    public static JsonObject ForItem(DeliveredItem item, ContentTypeDefinition type, string url, string description, string? imageUrl, JsonLdSite site)
    {
        var fields = item.Fields;
        var schemaType = type.SchemaType;
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = schemaType,
            ["name"] = item.Title,
            ["description"] = description,
            ["url"] = url,
        };
        if (imageUrl is not null)
        {
            json["image"] = imageUrl;
        }

        var place = IsPlace(schemaType);
        if (!place && schemaType != "Product")
        {
            json["inLanguage"] = Locales.HtmlLang(item.ResolvedLocale);
        }

        var geo = fields["coordinates"] is JsonArray { Count: 2 } point
            ? new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = point[0]!.DeepClone(), ["longitude"] = point[1]!.DeepClone() }
            : null;
        var address = fields["locality"] is { } locality
            ? new JsonObject { ["@type"] = "PostalAddress", ["addressLocality"] = locality.DeepClone(), ["addressRegion"] = "Đồng Nai", ["addressCountry"] = "VN" }
            : null;
        if (place)
        {
            json["geo"] = geo;
            json["address"] = address;
        }

        switch (schemaType)
        {
            case "NewsArticle":
                // An official statement: its issuing agency is its author; its corrections are its modifications.
                json.Remove("name");
                json["headline"] = item.Title;
                json["datePublished"] = fields["date"]?.DeepClone();
                json["dateModified"] = (item.Corrections.Count > 0 ? item.Corrections[^1].At : item.PublishedAt).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                // Issued and published by the agency it names, by its name in the page's language (fallback along the chain).
                json["author"] = item.Agencies.GetValueOrDefault("agency") is { } agency ? Agency(agency) : site.Organization();
                json["publisher"] = item.Agencies.GetValueOrDefault("agency") is { } issuer ? Agency(issuer) : site.Organization();
                if (item.Corrections.Count > 0)
                {
                    json["correction"] = new JsonArray([.. item.Corrections.Select(c => (JsonNode)new JsonObject
                    {
                        ["@type"] = "CorrectionComment",
                        ["datePublished"] = c.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                        ["text"] = c.Note,
                    })]);
                }

                break;
            case "Article":
                json.Remove("name");
                json["headline"] = item.Title;
                json["datePublished"] = fields["date"]?.DeepClone();
                json["dateModified"] = item.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

                // The byline when the content names one, otherwise the organisation that publishes the site.
                json["author"] = fields["author"] is { } author
                    ? new JsonObject { ["@type"] = "Person", ["name"] = author.DeepClone() }
                    : site.Organization();
                json["publisher"] = site.Organization();
                break;
            case "Event":
                json["startDate"] = type.DateRangeStart is { } start ? fields[start]?.DeepClone() : null;
                if (type.DateRangeEnd is { } endField && fields[endField] is { } end)
                {
                    json["endDate"] = end.DeepClone(); // none given: left out, not guessed from the start
                }

                // Published events are on as announced: the content model has no cancelled or moved state.
                json["eventStatus"] = "https://schema.org/EventScheduled";
                json["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode";
                // An event held elsewhere (a conference abroad) names its own city and country, not the province.
                var away = fields["city"] is { } city
                    ? new JsonObject { ["@type"] = "PostalAddress", ["addressLocality"] = city.DeepClone(), ["addressCountry"] = fields["country"]?.DeepClone() }
                    : null;
                json["location"] = new JsonObject
                {
                    ["@type"] = "Place",
                    ["name"] = fields["venue"]?.DeepClone() ?? fields["city"]?.DeepClone() ?? fields["locality"]?.DeepClone() ?? "Đồng Nai",
                    ["address"] = away ?? address ?? new JsonObject { ["@type"] = "PostalAddress", ["addressRegion"] = "Đồng Nai", ["addressCountry"] = "VN" },
                    ["geo"] = geo,
                };
                if (type.CampaignField is not null)
                {
                    // An event with a campaign is the province's own promotion occasion: the province organises it.
                    json["organizer"] = site.Organization();
                }

                break;
            case "Product":
                // No aggregateRating or review: the OCOP star rating is a certification, not a review score.
                if (fields["producer"] is { } producer)
                {
                    json["manufacturer"] = new JsonObject { ["@type"] = "Organization", ["name"] = producer.DeepClone() };
                }

                if (fields["category"] is { } category)
                {
                    json["category"] = category.DeepClone();
                }

                // Where to buy, as offers without a price (none is published): the producer's shop sold by the producer, the platform's page.
                var offers = new JsonArray();
                if (fields["shopUrl"] is { } shop)
                {
                    var offer = new JsonObject { ["@type"] = "Offer", ["url"] = shop.DeepClone() };
                    if (fields["producer"] is { } seller)
                    {
                        offer["seller"] = new JsonObject { ["@type"] = "Organization", ["name"] = seller.DeepClone() };
                    }

                    offers.Add(offer);
                }

                if (fields["marketplaceUrl"] is { } marketplace)
                {
                    offers.Add(new JsonObject { ["@type"] = "Offer", ["url"] = marketplace.DeepClone() });
                }

                if (offers.Count > 0)
                {
                    json["offers"] = offers;
                }

                break;
            case "PublicationIssue":
                json["issueNumber"] = fields["number"]?.DeepClone();
                json["datePublished"] = fields["issueDate"]?.DeepClone();
                json["publisher"] = site.Organization();
                if (site.SeriesName is not null && site.SeriesUrl is not null)
                {
                    json["isPartOf"] = new JsonObject { ["@type"] = "Periodical", ["name"] = site.SeriesName, ["url"] = site.SeriesUrl };
                }

                break;
            case "Periodical":
                json["publisher"] = fields["publisher"] is { } publisher
                    ? new JsonObject { ["@type"] = "Organization", ["name"] = publisher.DeepClone() }
                    : site.Organization();
                break;
            default:
                if (!place && address is not null)
                {
                    // A page about a place names it as the place it is about; a WebPage has no address of its own.
                    json["contentLocation"] = new JsonObject { ["@type"] = "Place", ["address"] = address, ["geo"] = geo };
                }

                break;
        }

        foreach (var empty in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(empty);
        }

        foreach (var nested in json.Select(p => p.Value).OfType<JsonObject>())
        {
            foreach (var empty in nested.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                nested.Remove(empty);
            }

            foreach (var deeper in nested.Select(p => p.Value).OfType<JsonObject>())
            {
                foreach (var empty in deeper.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    deeper.Remove(empty);
                }
            }
        }

        return json;
    }

    /// <summary>The site's publisher and the website itself, for the root and home pages (Google reads the site name from WebSite).</summary>
    public static IEnumerable<JsonObject> ForSite(JsonLdSite site, string siteName, string homeUrl, IReadOnlyList<string> languages)
    {
        var organization = site.Organization();
        organization["@context"] = "https://schema.org";
        organization["areaServed"] = "Đồng Nai, Việt Nam";
        yield return organization;
        yield return new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "WebSite",
            ["name"] = siteName,
            ["url"] = homeUrl,
            ["inLanguage"] = languages.Count == 1 ? languages[0] : new JsonArray([.. languages.Select(l => (JsonNode)l)]),
            ["publisher"] = site.Organization(),
        };
    }

    private static JsonObject Agency(DeliveredAgency agency) => new()
    {
        ["@type"] = "GovernmentOrganization",
        ["name"] = agency.Name,
        ["url"] = agency.Website,
    };

    private static bool IsPlace(string schemaType) => schemaType is "TouristAttraction" or "LandmarksOrHistoricalBuildings" or "Place";
}

/// <summary>What item JSON-LD needs from the site around the item: its publisher and, for an issue, its series.</summary>
public sealed record JsonLdSite(string OrganizationName, string OrganizationUrl, string? SeriesName = null, string? SeriesUrl = null)
{
    public JsonObject Organization() => new() { ["@type"] = "GovernmentOrganization", ["name"] = OrganizationName, ["url"] = OrganizationUrl };
}
