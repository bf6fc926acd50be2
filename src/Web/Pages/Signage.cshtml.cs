using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Storage;
using PromoSite.Web.Localization;
using PromoSite.Web.Signage;

namespace PromoSite.Web.Pages;

/// <summary>
/// The page a screen opens full screen: a shell that /signage.js fills from the playlist and rotates,
/// and /signage-sw.js keeps for offline. The same page for every screen but its code and first
/// language; not the public layout (no header, no links: nobody can touch a billboard).
/// </summary>
public sealed class SignageModel(CmsDbContext db, UiStrings strings) : PageModel
{
    public string Code { get; private set; } = "";

    /// <summary>The first language the screen shows: the page's own, until a slide says otherwise.</summary>
    public string Locale { get; private set; } = Cms.Content.Locales.Source;

    public string Orientation { get; private set; } = "landscape";

    public string Text(string key) => strings.Find(Locale, key) ?? key;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!ScreenSettings.IsWellFormedCode(code) || await db.Screens.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, ct) is not { } screen)
        {
            return NotFound();
        }

        Code = code;
        Locale = screen.LocaleList.FirstOrDefault(Cms.Content.Locales.IsSupported) ?? Cms.Content.Locales.Source;
        Orientation = screen.Orientation == ScreenOrientation.Portrait ? "portrait" : "landscape";
        Response.Headers.CacheControl = "no-cache";
        SignageExtensions.NotIndexed(Response);
        return Page();
    }
}
