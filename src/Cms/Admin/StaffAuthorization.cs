using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Who may do what, registered once as ASP.NET Core policies from the rules in <see cref="Permissions"/>
/// and applied by declaration: every admin page derives from <see cref="AdminPage"/>, which requires
/// <see cref="Policies.Staff"/>, and adds its own ([Authorize(Policy = …)]) where it needs more; handlers that need more carry
/// [<see cref="HandlerPolicyAttribute"/>]; management endpoints use RequireAuthorization; item-and-language
/// decisions go through <see cref="LanguageVersionHandler"/>. Every staff policy also requires an account
/// that may be used now (<see cref="AccountState.Active"/>), so a first password still to be chosen or an
/// authenticator still to be set up closes the API exactly as it closes the pages.
/// An endpoint that declares nothing falls to the fallback policy, which is the staff policy: forgetting
/// fails closed (requests that match no endpoint at all, such as a public 404, pass through).
/// </summary>
internal static class StaffAuthorization
{
    public static IServiceCollection AddStaffAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, StaffRuleHandler>();
        services.AddSingleton<IAuthorizationHandler, LanguageVersionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StaffAuthorizationResultHandler>();
        var builder = services.AddAuthorizationBuilder();
        foreach (var rule in StaffRule.All)
        {
            builder.AddPolicy(rule.Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(rule));
        }

        builder.SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(StaffRule.Fallback).Build());
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<HandlerPolicyFilter>());
        return services;
    }

    /// <summary>True when the principal came from an API token rather than the admin's sign-in cookie.</summary>
    public static bool IsToken(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: { } type } && type != CookieAuthenticationDefaults.AuthenticationScheme;

    public static bool HasScope(ClaimsPrincipal user, string scope) => user.HasClaim(Scopes.Claim, scope);

    public static AccountState StateOf(ClaimsPrincipal user) =>
        Enum.TryParse<AccountState>(user.FindFirstValue(AccountStates.Claim), out var state) ? state : AccountState.Disabled;
}

/// <summary>
/// One named policy: the role rule from <see cref="Permissions"/>, the token scope that grants it to a
/// machine (null: never to a token), and whether the account must be in good standing.
/// </summary>
public sealed record StaffRule(string Policy, Func<ClaimsPrincipal, bool> Allows, string? Scope, bool NeedsActiveAccount = true) : IAuthorizationRequirement
{
    /// <summary>Any scope at all: a token must have been given some right to be used.</summary>
    public const string AnyScope = "*";

    public static IReadOnlyList<StaffRule> All { get; } =
    [
        new(Policies.Staff, Permissions.CanRead, AnyScope),
        new(Policies.ReadContent, Permissions.CanRead, Scopes.Read),
        new(Policies.SignedIn, user => user.Identity?.IsAuthenticated == true, Scope: null, NeedsActiveAccount: false),
        new(Policies.CreateItems, Permissions.CanCreate, Scopes.Write(Content.Locales.Source)),
        new(Policies.UploadMedia, Permissions.CanUploadMedia, Scopes.UploadMedia),
        new(Policies.TrashItems, Permissions.CanTrash, Scope: null),
        new(Policies.PurgeTrash, Permissions.CanPurge, Scope: null),
        new(Policies.ManageUsers, Permissions.CanManageUsers, Scope: null),
        new(Policies.ReadAudit, Permissions.CanReadAudit, Scope: null),
        new(Policies.ReadEnquiries, Permissions.CanReadEnquiries, Scope: null),
        new(Policies.ManageWebhooks, Permissions.CanManageWebhooks, Scopes.ManageWebhooks),
        new(Policies.AssignTranslations, Permissions.CanAssignTranslations, Scope: null),
        new(Policies.ReadAnalytics, Permissions.CanReadAnalytics, Scopes.ReadAnalytics),
        new(Policies.ViewReports, Permissions.CanViewReports, Scope: null),
        new(Policies.ManageMonitoring, Permissions.CanManageMonitoring, Scope: null),
        new(Policies.TriageMentions, Permissions.CanTriageMentions, Scope: null),
        new(Policies.ManageScreens, Permissions.CanManageScreens, Scopes.ManageScreens),
        new(Policies.ManageConferences, Permissions.CanManageConferences, Scope: null),
        new(Policies.ManageOwnTokens, Permissions.CanRead, Scope: null),
        new(Policies.ManageAgencies, Permissions.CanManageAgencies, Scope: null),
        new(Policies.ManageTerms, Permissions.CanManageTerms, Scope: null),
        new(Policies.ReviewQueue, Permissions.CanReview, Scopes.Read),
        new(Policies.CommentOnContent, Permissions.CanCommentSomewhere, StaffRule.AnyScope),
        new(Policies.MakeKits, Permissions.CanMakeKits, Scope: null),
    ];

    /// <summary>What an endpoint that declares nothing gets: the staff rule.</summary>
    public static StaffRule Fallback { get; } = All[0] with { Policy = "fallback" };
}

/// <summary>Decides <see cref="StaffRule"/>s; a refusal says why, so the answer can say it too.</summary>
public sealed class StaffRuleHandler : AuthorizationHandler<StaffRule>
{
    public const string AccountStateReason = "account-state";
    public const string ScopeReason = "scope";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffRule requirement)
    {
        if (requirement.Policy == StaffRule.Fallback.Policy && context.Resource is HttpContext http && http.GetEndpoint() is null)
        {
            context.Succeed(requirement); // no endpoint: the request ends in a 404, nothing to protect
            return Task.CompletedTask;
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask; // challenge: sign in (pages) or 401 (API)
        }

        var state = StaffAuthorization.StateOf(user);
        if (state == AccountState.Disabled || (requirement.NeedsActiveAccount && state != AccountState.Active))
        {
            context.Fail(new AuthorizationFailureReason(this, AccountStateReason + ":" + state));
            return Task.CompletedTask;
        }

        if (StaffAuthorization.IsToken(user) && (requirement.Scope is null
            || (requirement.Scope == StaffRule.AnyScope ? !user.HasClaim(c => c.Type == Scopes.Claim) : !StaffAuthorization.HasScope(user, requirement.Scope))))
        {
            context.Fail(new AuthorizationFailureReason(this, ScopeReason + ":" + (requirement.Scope ?? "cookie only")));
            return Task.CompletedTask;
        }

        if (requirement.Allows(user))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Resource-based: may this person edit, publish, or change the shared facts of one language version?
/// The rules are <see cref="Permissions"/>'; a token needs <c>write:{locale}</c> as well.
/// </summary>
public sealed class LanguageVersionHandler : AuthorizationHandler<OperationAuthorizationRequirement, LanguageVersion>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, LanguageVersion resource)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || StaffAuthorization.StateOf(user) != AccountState.Active)
        {
            return Task.CompletedTask;
        }

        var scopeLocale = requirement == ContentOperations.EditShared ? Content.Locales.Source : resource.Locale;
        if (StaffAuthorization.IsToken(user) && !StaffAuthorization.HasScope(user, Scopes.Write(scopeLocale)))
        {
            context.Fail(new AuthorizationFailureReason(this, StaffRuleHandler.ScopeReason + ":" + Scopes.Write(scopeLocale)));
            return Task.CompletedTask;
        }

        var allowed = requirement.Name switch
        {
            "edit" => Permissions.CanEdit(user, resource.Locale),
            "publish" => Permissions.CanPublish(user, resource.Locale),
            "edit-shared" => resource.Locale == Content.Locales.Source && Permissions.CanEditShared(user),
            "comment" => Permissions.CanComment(user, resource.Locale),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Marks a page handler that needs more than its page's policy, e.g. [HandlerPolicy(Policies.PurgeTrash)]
/// on OnPostPurgeAsync. Razor Pages apply [Authorize] per page only; <see cref="HandlerPolicyFilter"/>
/// applies these before the handler runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class HandlerPolicyAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}

/// <summary>Runs the selected handler's declared policy; a refusal is the same forbid or challenge as a page's.</summary>
internal sealed class HandlerPolicyFilter(IAuthorizationService authorization) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod?.MethodInfo.GetCustomAttributes(typeof(HandlerPolicyAttribute), inherit: true) is [HandlerPolicyAttribute declared])
        {
            var user = context.HttpContext.User;
            var result = await authorization.AuthorizeAsync(user, context.HttpContext, declared.Policy);
            if (!result.Succeeded)
            {
                context.Result = user.Identity?.IsAuthenticated == true ? new Microsoft.AspNetCore.Mvc.ForbidResult() : new Microsoft.AspNetCore.Mvc.ChallengeResult();
                return;
            }
        }

        await next();
    }
}

/// <summary>
/// What a refusal looks like. An account that may not be used yet is sent to the step it must take
/// (choose a password, set up the authenticator) on pages, and told so in the API; everything else
/// is the usual challenge or forbid.
/// </summary>
internal sealed class StaffAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).FirstOrDefault(m => m.Contains(':', StringComparison.Ordinal));
        if (!authorizeResult.Forbidden || reason is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var isApi = context.Request.Path.StartsWithSegments("/api");
        if (!isApi && reason == StaffRuleHandler.AccountStateReason + ":" + AccountState.MustChangePassword)
        {
            context.Response.Redirect("/admin/password");
            return;
        }

        if (!isApi && reason == StaffRuleHandler.AccountStateReason + ":" + AccountState.EnrolmentPending)
        {
            context.Response.Redirect("/admin/enrol");
            return;
        }

        if (!isApi)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // Machine-read, so in English like every other problem the API answers.
        var detail = reason.Split(':', 2) switch
        {
            [StaffRuleHandler.AccountStateReason, nameof(AccountState.MustChangePassword)] => "This account must choose its own password first (/admin/password).",
            [StaffRuleHandler.AccountStateReason, nameof(AccountState.EnrolmentPending)] => "Administrators must set up an authenticator app first (/admin/enrol).",
            [StaffRuleHandler.AccountStateReason, _] => "This account is disabled.",
            [StaffRuleHandler.ScopeReason, var scope] => $"This API token lacks the scope this needs ({scope}).",
            _ => "Your role does not allow this.",
        };
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail).ExecuteAsync(context);
    }
}
