using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>
/// What a visitor sees when a page fails: the site's layout in the language of the address they
/// asked for, a way to try again and a way home, never a stack trace or a JSON document. The API
/// keeps answering errors as ProblemDetails (see HostingExtensions).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(PublicPageServices services) : PublicPage(services)
{
    /// <summary>The address that failed, to try again (only for GET: a failed form is not re-sent).</summary>
    public string RetryPath { get; private set; } = "/";

    public IActionResult OnGet() => Render();

    public IActionResult OnPost() => Render();

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    /// <summary>A failure (500) rather than a missing page: offer to try again.</summary>
    public bool Failed { get; private set; }

    private IActionResult Render()
    {
        string path;
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failure)
        {
            path = failure.Path;
            Failed = true;
            Response.StatusCode = StatusCodes.Status500InternalServerError;
            (Title, Text) = (T["error.title"], T["error.text"]);
        }
        else if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is { } status)
        {
            // Re-executed for an empty error answer of a page (a 404 mostly): keep its status.
            path = status.OriginalPath;
            Response.StatusCode = status.OriginalStatusCode;
            (Title, Text) = status.OriginalStatusCode == StatusCodes.Status404NotFound
                ? (T["notfound.title"], T["notfound.text"])
                : (T["error.title"], T["error.text"]);
        }
        else
        {
            // /error typed in by hand is not a page (this 404 comes back here as a status page).
            return NotFound();
        }

        RetryPath = path;
        UseLocale(Localization.LocalizationExtensions.LocaleOf(path) ?? "en");
        Response.Headers.CacheControl = "no-store";
        Seo = new PageSeo { Title = Title, Description = Text, Canonical = Absolute($"/{Locale}/"), Index = false };
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = $"/{locale}/";
        }

        return Page();
    }
}
