using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// <c>Authorization: Bearer pst_…</c> on the management API. The principal carries the same claims
/// as a cookie session, computed from the owner's row as it is now, plus one <see cref="Scopes.Claim"/>
/// per scope; the authorization policies give it the intersection of scopes and role. Anywhere
/// else (the admin pages above all) the scheme answers "no result", so a token never opens a page.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name, and the authentication type of the identities it makes.</summary>
    public const string SchemeName = "Token";

    /// <summary>The only part of the site a token opens.</summary>
    public static readonly PathString ApiPath = "/api/v1/manage";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Path.StartsWithSegments(ApiPath) || BearerToken(Request) is not { } text)
        {
            return AuthenticateResult.NoResult();
        }

        var tokens = Context.RequestServices.GetRequiredService<ApiTokenService>();
        var check = await tokens.CheckAsync(text, Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
        if (check.Failure is { } failure)
        {
            return AuthenticateResult.Fail(Describe(failure));
        }

        var owner = check.Owner!;
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, owner.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, owner.Email),
                new Claim(ClaimTypes.GivenName, owner.DisplayName),
                new Claim(ClaimTypes.Role, owner.Role.ToString()),
                new Claim(Permissions.LocalesClaim, owner.Locales),
                new Claim(AccountStates.Claim, AccountStates.Of(owner).ToString()),
                .. check.Token!.ScopeList.Select(scope => new Claim(Scopes.Claim, scope)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>RFC 6750: 401 with <c>WWW-Authenticate: Bearer</c>, and <c>error="invalid_token"</c> when one was sent and refused.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is { } failure
            ? $"Bearer realm=\"PromoSite\", error=\"invalid_token\", error_description=\"{failure.Message}\""
            : "Bearer realm=\"PromoSite\"";
    }

    /// <summary>Authenticated, but the token's scopes or the owner's role do not allow this.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"PromoSite\", error=\"insufficient_scope\"";
        return Task.CompletedTask;
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string Describe(ApiTokenFailure failure) => failure switch
    {
        ApiTokenFailure.Revoked => "The token was revoked.",
        ApiTokenFailure.Expired => "The token has expired.",
        ApiTokenFailure.OwnerDisabled => "The token's owner is disabled.",
        _ => "The token is not valid.",
    };
}

internal static class ApiTokenExtensions
{
    /// <summary>The default scheme: picks the token scheme for a request with a Bearer header, the admin cookie otherwise.</summary>
    public const string SelectorScheme = "CookieOrToken";

    /// <summary>
    /// Personal access tokens for the management API: the Bearer scheme beside the admin cookie, and a
    /// default scheme that chooses between them by the Authorization header, so a token request needs
    /// no cookie (and, having none, no antiforgery token either).
    /// </summary>
    public static IHostApplicationBuilder AddApiTokens(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiTokenService>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SelectorScheme, "Admin cookie or API token", options => options.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.BearerToken(context.Request) is not null ? ApiTokenAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme);

        // After AddCmsAdmin's AddAuthentication(cookie) has named the cookie the default.
        builder.Services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = SelectorScheme;
            options.DefaultAuthenticateScheme = SelectorScheme;
            options.DefaultChallengeScheme = SelectorScheme;
            options.DefaultForbidScheme = SelectorScheme;
        });
        return builder;
    }
}
