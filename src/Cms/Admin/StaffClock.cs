using System.Globalization;
using System.Security.Claims;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Times as the signed-in user reads them: stored in UTC, shown in their own time zone (their
/// profile, carried in the principal) and written the way their admin language writes dates.
/// </summary>
public static class StaffClock
{
    public const string Claim = "promosite:time-zone";

    public static string ZoneId(ClaimsPrincipal user) => user.FindFirstValue(Claim) is { Length: > 0 } id ? id : "Asia/Ho_Chi_Minh";

    public static TimeZoneInfo Zone(ClaimsPrincipal user) => FormFields.Zone(ZoneId(user));

    public static DateTime ToLocal(ClaimsPrincipal user, DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(user));

    /// <summary>Date and time to the minute ("05/12/2026 17:35" in Vietnamese), in the user's zone.</summary>
    public static string Format(ClaimsPrincipal user, DateTime utc) =>
        ToLocal(user, utc).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>With seconds, for logs where the order of events within a minute matters.</summary>
    public static string FormatPrecise(ClaimsPrincipal user, DateTime utc) =>
        ToLocal(user, utc).ToString("G", CultureInfo.CurrentCulture);

    public static string FormatDate(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>A whole number with the language's digit grouping (1.234 in Vietnamese, 1,234 in English).</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
