using System.Globalization;
using System.Text.Json.Nodes;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Calendars;

/// <summary>
/// Events as iCalendar (RFC 5545), per language: the whole list at /{locale}/tourism/events.ics, to
/// subscribe to, and one event at /{locale}/tourism/events/{slug}.ics behind each event page's "add to
/// calendar" link. Made for every dated type with a list of its own, from its declaration. An event's
/// UID is its stable key, the same in every language and after a slug change, so a calendar app
/// updates the event rather than adding a copy. Events carry dates, not times: they are all-day
/// (DTSTART;VALUE=DATE, DTEND the day after the last), which every calendar shows on the right days
/// in any time zone, with no clock time invented.
/// </summary>
internal static class EventCalendars
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static IEndpointRouteBuilder MapEventCalendars(this IEndpointRouteBuilder app)
    {
        foreach (var type in new ContentTypeRegistry().All.Where(t => t.DateRangeStart is not null && t.ListPath is not null))
        {
            var list = type.ListPath!.TrimEnd('/');
            app.MapGet($"/{{locale:locale}}/{list}.ics", (string locale, HttpContext http, IContentDelivery delivery, UiStrings strings, IOptions<CmsOptions> options, CancellationToken ct) =>
                ListAsync(type, locale, http, delivery, strings, options.Value, ct))
                .ExcludeFromDescription();
            app.MapGet($"/{{locale:locale}}/{list}/{{slug}}.ics", (string locale, string slug, HttpContext http, IContentDelivery delivery, UiStrings strings, IOptions<CmsOptions> options, CancellationToken ct) =>
                OneAsync(type, locale, slug, http, delivery, strings, options.Value, ct))
                .ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>The address of an item's own calendar file (for the "add to calendar" link), or null for types without one.</summary>
    public static string? CalendarPath(ContentTypeDefinition type, DeliveredItem item) =>
        type.DateRangeStart is not null && type.ListPath is not null && item.Path is { } path && !item.Path.Contains('?', StringComparison.Ordinal) ? path + ".ics" : null;

    private static async Task<IResult> ListAsync(ContentTypeDefinition type, string locale, HttpContext http, IContentDelivery delivery, UiStrings strings, CmsOptions options, CancellationToken ct)
    {
        var items = await delivery.ListAllAsync(new ContentQuery(locale, type.Name, Sort: type.DateRangeStart), ct);
        var name = $"{strings.Find(locale, type.LabelKey)} · {strings.Find(locale, "site.name")}";
        return Calendar(http, Build(type, locale, items, options.BaseUrlFor(http.Request), strings, name), $"{type.Name}-{locale}.ics");
    }

    private static async Task<IResult> OneAsync(ContentTypeDefinition type, string locale, string slug, HttpContext http, IContentDelivery delivery, UiStrings strings, CmsOptions options, CancellationToken ct)
    {
        var lookup = await delivery.GetAsync(locale, type.Name, slug, ct);
        return lookup.Status switch
        {
            LookupStatus.Found => Calendar(http, Build(type, locale, [lookup.Item!], options.BaseUrlFor(http.Request), strings, lookup.Item!.Title), $"{lookup.Item!.Key}.ics"),
            LookupStatus.Moved => Results.Redirect(lookup.RedirectPath + ".ics", permanent: true),
            _ => Results.NotFound(),
        };
    }

    private static IResult Calendar(HttpContext http, string text, string fileName)
    {
        // inline: a phone offers to add it to the calendar; the name is what a saved file is called.
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        return Results.Text(text, ContentType);
    }

    /// <summary>The calendar text of these items in one language.</summary>
    public static string Build(ContentTypeDefinition type, string locale, IEnumerable<DeliveredItem> items, string baseUrl, UiStrings strings, string name)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//PromoSite//Dong Nai promotion site//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh");
        var host = new Uri(baseUrl).Host;
        foreach (var item in items)
        {
            if (ReadDate(item.Fields[type.DateRangeStart!]) is not { } start)
            {
                continue;
            }

            var end = (type.DateRangeEnd is { } endField ? ReadDate(item.Fields[endField]) : null) ?? start;
            var evt = new CalendarEvent
            {
                Uid = $"{item.Type}-{item.Key}@{host}",
                Summary = item.Title,
                Description = item.Summary is null ? null : $"{item.Summary}\n\n{baseUrl}{item.Path}",
                DtStart = new CalDateTime(start),
                DtEnd = new CalDateTime(end.AddDays(1)), // exclusive: the day after the last day
                DtStamp = new CalDateTime(DateTime.SpecifyKind(item.UpdatedAt, DateTimeKind.Utc), "UTC", hasTime: true),
                Url = item.Path is null ? null : new Uri(baseUrl + item.Path),
                Location = Location(item, locale, strings),
            };
            if (item.Fields["coordinates"] is JsonArray { Count: 2 } point)
            {
                evt.GeographicLocation = new GeographicLocation(point[0]!.GetValue<double>(), point[1]!.GetValue<double>());
            }

            calendar.Events.Add(evt);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>Where: the venue in this language and the place's established name ("…, 비엔호아").</summary>
    private static string? Location(DeliveredItem item, string locale, UiStrings strings)
    {
        var venue = item.Fields["venue"]?.GetValue<string>();
        var locality = item.Fields["locality"]?.GetValue<string>() is { } place ? strings.Find(locale, FieldDefinition.PlaceKey(place)) ?? place : null;
        return string.Join(", ", new[] { venue, locality }.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct()) is { Length: > 0 } text ? text : null;
    }

    private static DateOnly? ReadDate(JsonNode? node) =>
        node is not null && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
