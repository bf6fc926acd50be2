using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Admin;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>Administrators manage users: the page's policy covers every handler, whatever the form showed.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageUsers)]
public sealed class UsersModel(CmsDbContext db, AccountService accounts, StaffSessions sessions, TimeProvider clock, Agencies.AgencyDirectory agencies) : AdminPage
{
    /// <summary>The agencies a user can be put in, and who is in which (user id → agency ids).</summary>
    public IReadOnlyList<Agencies.Agency> AllAgencies { get; private set; } = [];

    public ILookup<long, long> Memberships { get; private set; } = Array.Empty<long>().ToLookup(_ => 0L);

    public IReadOnlyList<User> All { get; private set; } = [];

    /// <summary>Open sessions per user id.</summary>
    public IReadOnlyDictionary<long, int> OpenSessions { get; private set; } = new Dictionary<long, int>();

    /// <summary>An admin string key for the result of a reset or an ended session ({0} is the user's e-mail).</summary>
    public string? Notice { get; private set; }

    public string? NoticeTarget { get; private set; }

    public bool IsSelf(User user) => user.Email == User.Identity?.Name;

    /// <summary>An admin string key, with <see cref="ProblemArgument"/> as its {0}.</summary>
    public string? Problem { get; private set; }

    public object ProblemArgument => Problem switch
    {
        PasswordPolicy.TooShortKey => PasswordPolicy.MinLength,
        PasswordPolicy.TooLongKey => PasswordPolicy.MaxLength,
        _ => _subject ?? "",
    };

    /// <summary>An admin string key, with the user's e-mail as its {0}.</summary>
    public string? Message { get; private set; }

    public string MessageArgument => _subject ?? "";

    private string? _subject;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? email, string? displayName, Role role, string[]? locales, string? password, string[]? agencyKeys, CancellationToken ct)
    {
        var (agencyIds, unknown) = await agencies.ResolveAsync(agencyKeys ?? [], ct);
        if (unknown.Count > 0)
        {
            _subject = string.Join(", ", unknown);
            return await ShowAsync("admin.agencies.error.unknownAgency", null, ct);
        }

        var (user, problem) = await accounts.CreateUserAsync(User.Identity!.Name!, email, displayName, role, locales ?? [], password, Address, ct);
        _subject = user?.Email ?? email?.Trim().ToLowerInvariant();
        if (user is not null && agencyIds.Count > 0)
        {
            await SetAgenciesAsync(user.Id, user.Email, agencyIds, ct);
        }

        return await ShowAsync(problem, user is null ? null : "admin.users.added", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, Role role, string[]? locales, bool disabled, string[]? agencyKeys, CancellationToken ct)
    {
        var (agencyIds, unknown) = await agencies.ResolveAsync(agencyKeys ?? [], ct);
        if (unknown.Count > 0)
        {
            _subject = string.Join(", ", unknown);
            return await ShowAsync("admin.agencies.error.unknownAgency", null, ct);
        }

        var problem = await accounts.UpdateUserAsync(User.Identity!.Name!, id, role, locales ?? [], disabled, Address, ct);
        _subject = await db.Users.Where(u => u.Id == id).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (problem is null && _subject is not null)
        {
            await SetAgenciesAsync(id, _subject, agencyIds, ct);
        }

        return await ShowAsync(problem, problem is null ? "admin.users.saved" : null, ct);
    }

    /// <summary>Puts a user in exactly these agencies, audited when that changes anything.</summary>
    private async Task SetAgenciesAsync(long userId, string email, IReadOnlyList<long> agencyIds, CancellationToken ct)
    {
        var before = (await agencies.AgenciesOfUserAsync(userId, ct)).Order().ToList();
        if (before.SequenceEqual(agencyIds.Order()))
        {
            return;
        }

        await agencies.SetMembershipAsync(userId, agencyIds, ct);
        var keys = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).Select(a => a.Key).ToListAsync(ct);
        await accounts.AuditAsync(User.Identity!.Name!, "agency-members", email, keys.Count == 0 ? "-" : string.Join(", ", keys.Order(StringComparer.Ordinal)), Address, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A lost phone without recovery codes: the user's authenticator and recovery codes are removed
    /// and their sessions end; with their password they set up a new one at the next sign-in. Who may
    /// do this is the page's policy (administrators), declared by convention, not decided here.
    /// </summary>
    public async Task<IActionResult> OnPostResetAuthenticatorAsync(long id, CancellationToken ct)
    {
        var actorId = long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var problem = await accounts.ResetAuthenticatorAsync(User.Identity!.Name!, actorId, id, Address, ct);
        return await NoticeAsync(problem ?? "admin.signin.usersResetDone", id, problem is not null, ct);
    }

    /// <summary>Ends every session of another user at once (a lost laptop, someone leaving), audited.</summary>
    public async Task<IActionResult> OnPostEndSessionsAsync(long id, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == id).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (email is null)
        {
            return await NoticeAsync("admin.signin.noSuchUser", id, true, ct);
        }

        var count = await sessions.RevokeAllAsync(id, "administrator", ct);
        await accounts.AuditAsync(User.Identity!.Name!, AuditActions.SessionsRevoked, email, $"by an administrator ({count})", Address, ct);
        await db.SaveChangesAsync(ct);
        return await NoticeAsync("admin.sessions.usersEnded", id, false, ct);
    }

    private async Task<IActionResult> NoticeAsync(string key, long id, bool problem, CancellationToken ct)
    {
        Notice = key;
        NoticeTarget = await db.Users.Where(u => u.Id == id).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (problem)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(ct);
        return Page();
    }

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task<IActionResult> ShowAsync(string? problem, string? message, CancellationToken ct)
    {
        Problem = problem;
        Message = message;
        if (problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        All = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        AllAgencies = (await agencies.RulesAsync(ct)).Agencies;
        Memberships = await agencies.MembershipsAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        OpenSessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.RevokedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now)
            .GroupBy(s => s.UserId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
