using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Base of the admin pages that need a signed-in user in good standing: the staff policy, to which a
/// page adds its own ([Authorize(Policy)]) and a handler its own ([HandlerPolicy]). Pages that must
/// open before the account is usable (sign-in steps, choosing a first password, signing out) derive
/// from PageModel and declare [AllowAnonymous] or the signed-in policy instead;
/// decisions about one language of an item ask the registered handlers through <see cref="MayAsync"/>.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public abstract class AdminPage : PageModel
{
    /// <summary>Resource-based authorization: may the signed-in user do <paramref name="operation"/> to this language of this type?</summary>
    protected async Task<bool> MayAsync(string type, string locale, OperationAuthorizationRequirement operation) =>
        (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, new LanguageVersion(type, locale), operation)).Succeeded;

    /// <summary>Resource-based authorization about one item (its owning agency counts too): may the signed-in user do <paramref name="operation"/> to it?</summary>
    protected async Task<bool> MayAsync(LanguageVersion resource, OperationAuthorizationRequirement operation) =>
        (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, resource, operation)).Succeeded;

    /// <summary>Whether the signed-in user meets a named policy (to offer or hold back a part of a page).</summary>
    protected async Task<bool> MeetsAsync(string policy) =>
        (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, HttpContext, policy)).Succeeded;
}
