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

    private IActionResult Render()
    {
        // Only as the exception handler's re-execution: /error typed in by hand is not a page.
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not { } failure)
        {
            return NotFound();
        }

        RetryPath = failure.Path;
        UseLocale(Localization.LocalizationExtensions.LocaleOf(failure.Path) ?? "en");
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        Response.Headers.CacheControl = "no-store";
        Seo = new PageSeo { Title = T["error.title"], Description = T["error.text"], Canonical = Absolute($"/{Locale}/"), Index = false };
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = $"/{locale}/";
        }

        return Page();
    }
}
