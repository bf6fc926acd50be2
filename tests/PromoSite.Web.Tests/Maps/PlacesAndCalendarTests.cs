using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Ical.Net;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Maps;

/// <summary>
/// Issue #19, "what to build" 2: every sample place is on a map and in the GeoJSON, the maps are a
/// list of places with map-app links without JavaScript, and events import into a calendar app.
/// </summary>
public sealed class PlacesAndCalendarTests
{
    /// <summary>The new Đồng Nai (with the former Bình Phước) with a margin: about 10.5–12.3° N, 106.5–107.6° E.</summary>
    private const double South = 10.4, North = 12.4, West = 106.4, East = 107.7;

    private static readonly string[] PlaceTypes = ["industrial-parks", "investment-projects", "destinations", "craft-villages", "heritage-sites", "events"];

    /// <summary>Every sample item whose Vietnamese file gives coordinates, as "type/key".</summary>
    private static List<string> SamplePlaces() =>
        [.. PlaceTypes.SelectMany(type => Directory.GetDirectories(Path.Combine(TestFolders.SampleContent, type))
            .Where(folder => File.ReadAllText(Path.Combine(folder, "vi.md")).Contains("\ncoordinates: [", StringComparison.Ordinal))
            .Select(folder => $"{type}/{Path.GetFileName(folder)}"))];

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_sample_place_is_in_the_geojson_with_longitude_first_inside_dong_nai(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();

        var expected = SamplePlaces();
        Assert.Equal(30, expected.Count); // five of each of the six kinds of place

        var response = await client.GetAsync(new Uri("/api/v1/ko/places.geojson", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var geo = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("FeatureCollection", (string?)geo["type"]);
        var features = geo["features"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), features.Select(f => (string)f["id"]!).Order(StringComparer.Ordinal));
        foreach (var feature in features)
        {
            Assert.Equal("Feature", (string?)feature["type"]);
            Assert.Equal("Point", (string?)feature["geometry"]!["type"]);
            var position = feature["geometry"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<double>()).ToArray();
            Assert.Equal(2, position.Length);
            Assert.InRange(position[0], West, East);   // longitude first (RFC 7946 §3.1.1)
            Assert.InRange(position[1], South, North);
            var properties = feature["properties"]!.AsObject();
            Assert.Equal("ko", (string?)properties["locale"]);
            Assert.StartsWith("https://dongnai.example/ko/", (string)properties["url"]!, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace((string?)properties["title"]));
            Assert.Equal(((string)feature["id"]!).Split('/')[0], (string?)properties["type"]);
        }

        // A Korean title where a Korean translation exists.
        Assert.Contains(features, f => (string?)f["properties"]!["resolvedLocale"] == "ko" && ((string)f["properties"]!["title"]!).Any(c => c is >= '가' and <= '힣'));

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ko/places.geojson");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var events = await client.GetFromJsonAsync<JsonObject>("/api/v1/en/places.geojson?type=events");
        Assert.Equal(5, events!["features"]!.AsArray().Count);
        Assert.All(events["features"]!.AsArray(), f => Assert.Equal("events", (string?)f!["properties"]!["type"]));
        var heritage = await client.GetFromJsonAsync<JsonObject>("/api/v1/en/places.geojson?section=heritage");
        Assert.All(heritage!["features"]!.AsArray(), f => Assert.Equal("heritage", (string?)f!["properties"]!["section"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/v1/en/places.geojson?type=dishes", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/v1/en/places.geojson?section=nowhere", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/v1/xx/places.geojson", UriKind.Relative))).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_draft_place_is_neither_in_the_geojson_nor_on_a_map(DatabaseProvider provider)
    {
        using var content = new ContentFolder()
            .Write("destinations", "published-falls", "vi", """
                ---
                title: Thác Công Bố
                summary: Đã công bố.
                category: nature
                coordinates: [11.2, 107.3]
                ---
                Thác.
                """)
            .Write("destinations", "secret-falls", "vi", """
                ---
                state: draft
                title: Thác Bí Mật
                summary: Chưa công bố.
                category: nature
                coordinates: [11.3, 107.4]
                ---
                Nháp.
                """);
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();

        var geo = await client.GetStringAsync(new Uri("/api/v1/vi/places.geojson", UriKind.Relative));
        Assert.Contains("destinations/published-falls", geo, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-falls", geo, StringComparison.Ordinal);
        Assert.DoesNotContain("Bí Mật", geo, StringComparison.Ordinal);
        var tourism = await client.GetStringAsync(new Uri("/vi/tourism/", UriKind.Relative));
        Assert.Contains("Thác Công Bố", tourism, StringComparison.Ordinal);
        Assert.DoesNotContain("Bí Mật", tourism, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_korean_events_calendar_parses_and_round_trips_every_event_with_its_dates_place_and_page(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        var events = (await client.GetFromJsonAsync<JsonObject>("/api/v1/ko/events?pageSize=100"))!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(5, events.Count);

        var response = await client.GetAsync(new Uri("/ko/tourism/events.ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = Calendar.Load(text)!;
        Assert.Equal(events.Count, calendar.Events.Count);
        foreach (var expected in events)
        {
            var key = (string)expected["key"]!;
            var fields = expected["fields"]!.AsObject();
            var evt = Assert.Single(calendar.Events, e => e.Uid == $"events-{key}@dongnai.example");
            Assert.Equal((string)expected["title"]!, evt.Summary);
            var start = DateOnly.Parse((string)fields["startDate"]!, System.Globalization.CultureInfo.InvariantCulture);
            var last = fields["endDate"] is { } end ? DateOnly.Parse((string)end!, System.Globalization.CultureInfo.InvariantCulture) : start;
            Assert.False(evt.DtStart!.HasTime); // all-day: the plans give days, not hours
            Assert.Equal(start, evt.DtStart.Date);
            Assert.Equal(last.AddDays(1), evt.DtEnd!.Date); // DTEND is exclusive
            Assert.Equal((string)expected["url"]!, evt.Url!.ToString());
            var coordinates = fields["coordinates"]!.AsArray();
            Assert.Equal(coordinates[0]!.GetValue<double>(), evt.GeographicLocation!.Latitude, 4);
            Assert.Equal(coordinates[1]!.GetValue<double>(), evt.GeographicLocation.Longitude, 4);
            Assert.False(string.IsNullOrWhiteSpace(evt.Location));
        }

        // "Add to calendar" on an event page: the one event, with the same UID as in the whole calendar.
        var first = events[0];
        var path = new Uri((string)first["url"]!).AbsolutePath;
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        var link = page.QuerySelector("a[type='text/calendar']")!;
        Assert.Equal(path + ".ics", link.GetAttribute("href"));
        Assert.Equal("캘린더에 추가", link.TextContent.Trim());
        var one = Calendar.Load(await client.GetStringAsync(new Uri(path + ".ics", UriKind.Relative)))!;
        Assert.Equal($"events-{(string)first["key"]!}@dongnai.example", Assert.Single(one.Events).Uid);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ko/tourism/events/no-such-event.ics", UriKind.Relative))).StatusCode);

        // The list links the whole calendar.
        var list = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri("/ja/tourism/events/", UriKind.Relative)));
        Assert.Equal("/ja/tourism/events.ics", list.QuerySelector("a[type='text/calendar']")!.GetAttribute("href"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Without_javascript_a_map_is_a_list_of_its_places_with_links_to_open_them_in_a_map_app(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        var geo = await client.GetFromJsonAsync<JsonObject>("/api/v1/ko/places.geojson?section=tourism");
        var expected = geo!["features"]!.AsArray().Select(f => new Uri((string)f!["properties"]!["url"]!).AbsolutePath).Order(StringComparer.Ordinal).ToList();

        var response = await client.GetAsync(new Uri("/ko/tourism/", UriKind.Relative));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("img-src 'self' data: https://tile.openstreetmap.org;", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var map = page.QuerySelector("section.map[data-map]")!;
        Assert.Equal("지도 앱에서 열기", map.QuerySelector("a[href^='geo:']")!.FirstChild!.TextContent.Trim());
        Assert.True(map.QuerySelector(".map-canvas")!.HasAttribute("hidden")); // no empty box without the script
        var places = map.QuerySelectorAll("ul.places > li");
        Assert.Equal(expected, places.Select(li => li.QuerySelector("a.place-title")!.GetAttribute("href")!).Order(StringComparer.Ordinal));
        foreach (var place in places)
        {
            var lat = place.GetAttribute("data-lat")!;
            var lon = place.GetAttribute("data-lon")!;
            Assert.Equal($"geo:{lat},{lon}", place.QuerySelector("a[href^='geo:']")!.GetAttribute("href"));
            Assert.StartsWith($"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}", place.QuerySelector("a[href*='openstreetmap.org']")!.GetAttribute("href"), StringComparison.Ordinal);
        }

        // The scripts are the site's own, deferred: nothing blocks reading the list.
        var scripts = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).ToList();
        Assert.Contains(scripts, s => s.Contains("lib/leaflet/leaflet", StringComparison.Ordinal));
        Assert.All(page.QuerySelectorAll("script[src]"), s => Assert.True(s.HasAttribute("defer")));
        Assert.All(scripts, s => Assert.StartsWith("/", s, StringComparison.Ordinal));

        // An item with a place has its own one-place map; the heritage and investment sections have theirs.
        var item = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(expected[0], UriKind.Relative)));
        Assert.Single(item.QuerySelectorAll("section.map ul.places > li"));
        foreach (var section in new[] { "/ko/heritage/", "/ko/investment/", "/ko/investment/parks/" })
        {
            var other = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(section, UriKind.Relative)));
            Assert.Equal(5, other.QuerySelectorAll("section.map ul.places > li").Length - (section == "/ko/investment/" ? 5 : 0));
        }
    }
}
