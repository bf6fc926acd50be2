using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Base of the admin pages that need a signed-in user. Which policy a page and each of its handlers
/// need is declared ([Authorize(Policy)], [HandlerPolicy], or the staff policy by convention);
/// decisions about one language of an item ask the registered handlers through <see cref="MayAsync"/>.
/// </summary>
public abstract class AdminPage : PageModel
{
    /// <summary>Resource-based authorization: may the signed-in user do <paramref name="operation"/> to this language of this type?</summary>
    protected async Task<bool> MayAsync(string type, string locale, OperationAuthorizationRequirement operation) =>
        (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, new LanguageVersion(type, locale), operation)).Succeeded;

    /// <summary>Whether the signed-in user meets a named policy (to offer or hold back a part of a page).</summary>
    protected async Task<bool> MeetsAsync(string policy) =>
        (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, HttpContext, policy)).Succeeded;
}
