using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PromoSite.Cms.Admin;

/// <summary>
/// The language the admin speaks. A signed-in user's own choice (their profile, carried in the
/// principal that is rebuilt from the database on every request); before signing in, the switch on
/// the sign-in page (a cookie), else the browser's Accept-Language between Vietnamese and English,
/// else Vietnamese, the language of the province's staff. Set after authentication, so it cannot
/// be a request-culture provider of the public site (those run before anyone is known); draft
/// previews keep the language of the page they show.
/// </summary>
public static class AdminCulture
{
    public const string Claim = "promosite:admin-language";

    public const string Cookie = "promosite.admin.lang";

    public const string Default = "vi";

    /// <summary>The languages the admin is written in, in the order the switch offers them.</summary>
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    public static bool IsSupported(string? language) => language is not null && Languages.Contains(language);

    /// <summary>Formatting cultures: Vietnamese dates as staff write them (05/12/2026 17:35), English the British way (day first) so the two read alike.</summary>
    public static CultureInfo CultureOf(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "vi-VN");

    public static IApplicationBuilder UseAdminCulture(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/admin") && !context.Request.Path.StartsWithSegments("/admin/preview"),
            admin => admin.Use((context, next) =>
            {
                var culture = CultureOf(Choose(context));
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                return next(context);
            }));

    /// <summary>The language for this request (see the class comment for the order).</summary>
    public static string Choose(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(Claim) is { } own && IsSupported(own))
        {
            return own;
        }

        if (context.Request.Query["lang"].ToString() is var asked && IsSupported(asked))
        {
            Remember(context, asked);
            return asked;
        }

        if (context.Request.Cookies[Cookie] is var remembered && IsSupported(remembered))
        {
            return remembered!;
        }

        return FromAcceptLanguage(context.Request.Headers.AcceptLanguage.ToString()) ?? Default;
    }

    /// <summary>The first of vi and en the browser asks for, by its q-values (en-US counts as en); null when it asks for neither.</summary>
    public static string? FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values))
        {
            return null;
        }

        return values
            .Where(v => v.Quality is null or > 0)
            .OrderByDescending(v => v.Quality ?? 1)
            .Select(v => v.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(IsSupported);
    }

    private static void Remember(HttpContext context, string language) =>
        context.Response.Cookies.Append(Cookie, language, new CookieOptions
        {
            Path = "/admin",
            HttpOnly = true,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true, // the language of the page, not tracking
        });
}
