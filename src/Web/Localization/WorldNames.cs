using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PromoSite.Web.Localization;

/// <summary>
/// Countries and time zones as a reader of each language names them, for pages that store codes
/// (a conference's "KR" and "Asia/Seoul"). Country names come from ICU's data through .NET: the
/// region of a culture built from the reader's language and the country ("ko-JP") has that country's
/// name in that language as its native name (일본). .NET offers no such per-language name for a time
/// zone (TimeZoneInfo's names are in one language for the whole process), so the city of each zone a
/// conference is likely to use is in locales/site/conferences.*.json; other zones show the city of
/// their id ("Buenos Aires").
/// </summary>
public static class WorldNames
{
    /// <summary>The country of ISO 3166 code <paramref name="code"/> in <paramref name="culture"/>'s language; the code itself where ICU knows no such country.</summary>
    public static string Country(string code, CultureInfo culture)
    {
        if (code is not { Length: 2 } || !code.All(char.IsAsciiLetterUpper) || code == "ZZ")
        {
            return code; // ZZ is ICU's "unknown region": the code says as much and says it truthfully
        }

        try
        {
            return new RegionInfo($"{culture.Name}-{code}").NativeName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    /// <summary>
    /// The zone <paramref name="id"/> as "Tokyo time (UTC+9)" in the strings' language, with the offset it has at
    /// <paramref name="at"/> (the event's date: summer time changes it); the id itself when this server does not know it.
    /// </summary>
    public static string TimeZone(string id, DateTime at, IStringLocalizer strings)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return id;
        }

        var city = strings["timeZone.city." + id] is { ResourceNotFound: false } named ? named.Value : id[(id.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return strings["timeZone.format", city, UtcOffset(zone.GetUtcOffset(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)))];
    }

    /// <summary>"UTC+9", "UTC+5:30", "UTC−3" (a true minus sign), "UTC".</summary>
    public static string UtcOffset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return "UTC";
        }

        var size = offset.Duration();
        var hours = ((int)size.TotalHours).ToString(CultureInfo.InvariantCulture);
        return $"UTC{(offset < TimeSpan.Zero ? '\u2212' : '+')}{hours}{(size.Minutes == 0 ? "" : ":" + size.Minutes.ToString("00", CultureInfo.InvariantCulture))}";
    }
}
