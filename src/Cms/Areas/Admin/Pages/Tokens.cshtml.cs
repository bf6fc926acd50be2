using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// Personal access tokens for the management API: one's own (make, see, revoke) and, for
/// administrators, everyone's live tokens so a leaked one can be stopped at once. Who may use the page
/// and its all-users handler is declared by policy (own tokens; managing users), not decided here.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageOwnTokens)]
public sealed class TokensModel(ApiTokenService tokens, CmsDbContext db, TimeProvider clock, IStringLocalizer<AdminText> text) : AdminPage
{
    /// <summary>The scopes offered as checkboxes; write scopes are chosen per language beside them.</summary>
    public static readonly IReadOnlyList<string> PlainScopes = [Scopes.Read, Scopes.UploadMedia, Scopes.ReadAnalytics, Scopes.ManageWebhooks, Scopes.ManageScreens];

    public static readonly IReadOnlyList<int> Lifetimes = [30, 90, 180, 365];

    public IReadOnlyList<ApiToken> Own { get; private set; } = [];

    /// <summary>Everyone's live tokens; null when the reader may not manage users.</summary>
    public IReadOnlyList<(ApiToken Token, User Owner)>? Everyone { get; private set; }

    /// <summary>The text of a token just made: shown once, never stored.</summary>
    public string? NewToken { get; private set; }

    public List<string> Errors { get; } = [];

    public string? Done { get; private set; }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done == "revoked" ? text["admin.tokens.revoked"].Value : null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string[] scopes, string[] writeLocales, int? days, CancellationToken ct)
    {
        var owner = await db.Users.AsNoTracking().FirstAsync(u => u.Id == OwnerId, ct);
        var chosen = scopes.Concat(writeLocales.Where(Locales.IsSupported).Select(Scopes.Write));
        DateOnly? expires = days is { } d && Lifetimes.Contains(d) ? DateOnly.FromDateTime(Now).AddDays(d) : null;
        var (created, problems) = await tokens.CreateAsync(owner, name, chosen, expires, Address, ct);
        if (created is null)
        {
            Errors.AddRange(problems.Select(p => text[p].Value));
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            NewToken = created.Text;
            Done = text["admin.tokens.created", created.Token.Name].Value;
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Revokes one of the reader's own tokens.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct) =>
        await tokens.RevokeAsync(id, OwnerId, User.Identity!.Name!, Address, ct) ? LocalRedirect("/admin/tokens?done=revoked") : NotFound();

    /// <summary>Revokes anyone's token (administrators: a leaked token, someone who left).</summary>
    [HandlerPolicy(Policies.ManageUsers)]
    public async Task<IActionResult> OnPostRevokeAnyAsync(long id, CancellationToken ct) =>
        await tokens.RevokeAsync(id, ownerId: null, User.Identity!.Name!, Address, ct) ? LocalRedirect("/admin/tokens?done=revoked") : NotFound();

    /// <summary>The explanation of a scope beside its checkbox.</summary>
    public static string ScopeKey(string scope) => scope switch
    {
        Scopes.Read => "admin.tokens.scopeRead",
        Scopes.UploadMedia => "admin.tokens.scopeUploadMedia",
        Scopes.ReadAnalytics => "admin.tokens.scopeReadAnalytics",
        Scopes.ManageScreens => "admin.tokens.scopeManageScreens",
        _ => "admin.tokens.scopeManageWebhooks",
    };

    /// <summary>In the user's time zone and language, like every time in the admin.</summary>
    public string Format(DateTime? at) => at is { } value ? StaffClock.Format(User, value) : "";

    private long OwnerId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task LoadAsync(CancellationToken ct)
    {
        Own = await tokens.ListAsync(OwnerId, ct);
        Everyone = await MeetsAsync(Policies.ManageUsers) ? await tokens.ListLiveAsync(ct) : null;
    }
}
