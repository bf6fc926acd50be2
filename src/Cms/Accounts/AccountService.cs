using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// Where a sign-in stands after a step. Unknown account, wrong password, wrong code and a throttled
/// attempt are all <see cref="Invalid"/>: the answer must not tell them apart.
/// </summary>
public enum SignInStatus { Succeeded, NeedsCode, NeedsEnrolment, Invalid }

/// <param name="RecoveryCodesLeft">Set when a recovery code was used instead of the authenticator.</param>
public sealed record SignInOutcome(SignInStatus Status, User? User = null, int? RecoveryCodesLeft = null);

/// <summary>
/// Accounts: the first administrator, password sign-in with throttling (<see cref="SignInThrottle"/>),
/// authenticator codes and recovery codes, enrolment, password and role changes (each ending the
/// user's other sessions through a new security stamp and by revoking their session rows), all audited.
/// </summary>
public sealed partial class AccountService(CmsDbContext db, IDataProtectionProvider protection, SignInThrottle throttle, TimeProvider clock, ILogger<AccountService> logger)
{
    private readonly PasswordHasher<User> _hasher = new();
    private readonly IDataProtector _totpProtector = protection.CreateProtector("PromoSite.Totp");

    /// <summary>
    /// With no user at all, creates the first administrator: from Admin:Email and Admin:Password when
    /// configured, otherwise with a one-time password written once to the console, to be changed at
    /// the first sign-in. There is never a default password.
    /// </summary>
    public async Task EnsureFirstAdministratorAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }

        var email = (configuration["Admin:Email"] is { Length: > 0 } configured ? configured : "admin@localhost").Trim().ToLowerInvariant();
        var password = configuration["Admin:Password"];
        var oneTime = string.IsNullOrEmpty(password);
        if (oneTime)
        {
            password = Totp.Base32(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant(); // 16 characters, 80 bits
        }
        else if (PasswordPolicy.Check(password, email) is { } problem)
        {
            throw new InvalidOperationException($"Admin:Password is not acceptable: {problem}");
        }

        var user = new User { Email = email, DisplayName = "Administrator", Role = Role.Administrator, MustChangePassword = oneTime, CreatedAt = Now };
        user.PasswordHash = _hasher.HashPassword(user, password!);
        db.Users.Add(user);
        await AuditAsync("system", AuditActions.UserCreate, email, "first administrator", null, ct);
        await db.SaveChangesAsync(ct);
        if (oneTime)
        {
            LogOneTimePassword(logger, email, password!);
            // Also straight to standard output, flushed before this returns: the logger writes on a
            // background queue that a short-lived command (migrate) can exit before it drains.
            Console.Out.WriteLine($"One-time password for {email}: {password} (sign in at /admin and choose your own; it is not shown again)");
            Console.Out.Flush();
        }
    }

    /// <summary>
    /// The first step. The next step depends on the account as it is in the database now: the code
    /// when it has an authenticator, enrolment only when it has none and must have one (administrators).
    /// </summary>
    public async Task<SignInOutcome> CheckPasswordAsync(string? email, string? password, string? address, CancellationToken ct = default)
    {
        var normalized = Account(email);
        if (await throttle.IsThrottledAsync(normalized, address, ct))
        {
            _hasher.VerifyHashedPassword(Nobody, DummyHash, password ?? ""); // the same time as a real check
            await AuditAsync(normalized, SignInThrottle.ThrottledAction, null, "password step", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Invalid);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null || user.Disabled)
        {
            _hasher.VerifyHashedPassword(Nobody, DummyHash, password ?? "");
            await AuditAsync(normalized, SignInThrottle.FailedAction, null, user is null ? "unknown account" : "disabled account", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Invalid);
        }

        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            await AuditAsync(user.Email, SignInThrottle.FailedAction, null, "wrong password", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Invalid);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = _hasher.HashPassword(user, password!);
            await db.SaveChangesAsync(ct);
        }

        if (user.TotpSecret is not null)
        {
            return new SignInOutcome(SignInStatus.NeedsCode, user);
        }

        return user.Role == Role.Administrator ? new SignInOutcome(SignInStatus.NeedsEnrolment, user) : await CompleteAsync(user, address, "password", ct);
    }

    /// <summary>
    /// The second step: a code from the authenticator, or one of the recovery codes, of a user whose
    /// password was just checked. <paramref name="stamp"/> is the security stamp at the password step:
    /// a password change or an authenticator reset in between ends the half-finished sign-in.
    /// </summary>
    public async Task<SignInOutcome> CheckCodeAsync(long userId, string stamp, string? code, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.TotpSecret is null || user.Disabled || !StampsEqual(user.SecurityStamp, stamp))
        {
            return new SignInOutcome(SignInStatus.Invalid);
        }

        if (await throttle.IsThrottledAsync(user.Email, address, ct))
        {
            await AuditAsync(user.Email, SignInThrottle.ThrottledAction, null, "code step", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Invalid);
        }

        if (await SecondFactorAsync(user, code, ct) is not { } how)
        {
            await AuditAsync(user.Email, SignInThrottle.FailedAction, null, "wrong authenticator or recovery code", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Invalid);
        }

        var outcome = await CompleteAsync(user, address, how, ct);
        return how == "recovery code" ? outcome with { RecoveryCodesLeft = await RecoveryCodesLeftAsync(user.Id, ct) } : outcome;
    }

    /// <summary>Whether a half-finished sign-in may enrol now: the account (still at that stamp) has no authenticator.</summary>
    public async Task<bool> MayEnrolAtSignInAsync(long userId, string stamp, CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.SecurityStamp, u.TotpSecret, u.Disabled }).FirstOrDefaultAsync(ct) is { TotpSecret: null, Disabled: false } user
        && StampsEqual(user.SecurityStamp, stamp);

    /// <summary>A new secret to show during enrolment (not stored until a code from it is confirmed).</summary>
    public static byte[] NewTotpSecret() => Totp.NewSecret();

    public string ProtectSecret(byte[] secret) => _totpProtector.Protect(Convert.ToBase64String(secret));

    public byte[] UnprotectSecret(string protectedSecret) => Convert.FromBase64String(_totpProtector.Unprotect(protectedSecret));

    /// <summary>
    /// Stores the new authenticator once the user proves their app produces its codes, and gives
    /// ten new recovery codes (returned once, kept hashed), or null. <paramref name="replacing"/> is
    /// false during sign-in: then the account must still have no authenticator at the moment of
    /// writing. It is true only after <see cref="ReauthenticateAsync"/> proved password and a
    /// current code. Either way the stamp must be the one the step started with, and the new stamp
    /// ends every other session.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnrolTotpAsync(long userId, string stamp, byte[] secret, string? code, bool replacing, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.Disabled || !StampsEqual(user.SecurityStamp, stamp) || (!replacing && user.TotpSecret is not null))
        {
            return null;
        }

        if (Totp.Verify(secret, code, clock.GetUtcNow(), 0) is not { } step)
        {
            return null;
        }

        var replaced = user.TotpSecret is not null;
        user.TotpSecret = ProtectSecret(secret);
        user.LastTotpStep = step;
        user.SecurityStamp = NewStamp();
        await RevokeSessionsAsync(user.Id, "authenticator-change", ct);
        var codes = await ReplaceRecoveryCodesAsync(user.Id, ct);
        await AuditAsync(user.Email, AuditActions.TotpEnrol, user.Email, replaced ? "authenticator replaced; new recovery codes" : "new recovery codes", address, ct);
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>
    /// A signed-in user proves it is really them before replacing their authenticator or their
    /// recovery codes: the current password, and a current code (or a recovery code, which is then
    /// spent) when they have an authenticator. Throttled and audited like sign-in.
    /// </summary>
    public async Task<bool> ReauthenticateAsync(long userId, string? password, string? code, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        if (await throttle.IsThrottledAsync(user.Email, address, ct))
        {
            await AuditAsync(user.Email, SignInThrottle.ThrottledAction, null, "re-authentication", address, ct);
            await db.SaveChangesAsync(ct);
            return false;
        }

        var passwordOk = _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") != PasswordVerificationResult.Failed;
        var secondOk = passwordOk && (user.TotpSecret is null || await SecondFactorAsync(user, code, ct) is not null);
        if (!secondOk)
        {
            await AuditAsync(user.Email, SignInThrottle.FailedAction, null, passwordOk ? "re-authentication: wrong code" : "re-authentication: wrong password", address, ct);
        }

        await db.SaveChangesAsync(ct);
        return secondOk;
    }

    /// <summary>Ten new recovery codes for a user who just re-authenticated; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(long userId, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        var codes = await ReplaceRecoveryCodesAsync(user.Id, ct);
        await AuditAsync(user.Email, AuditActions.RecoveryCodes, user.Email, "regenerated", address, ct);
        await db.SaveChangesAsync(ct);
        return codes;
    }

    public Task<int> RecoveryCodesLeftAsync(long userId, CancellationToken ct = default) =>
        db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);

    /// <summary>
    /// An administrator removes another user's authenticator (a lost phone and no recovery codes):
    /// the user's sessions end, and at the next sign-in, with their password, they set up a new one
    /// (administrators must; others may).
    /// </summary>
    public async Task<string?> ResetAuthenticatorAsync(string actor, long actorId, long userId, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return "admin.signin.noSuchUser";
        }

        if (user.Id == actorId)
        {
            return "admin.signin.resetOwn";
        }

        user.TotpSecret = null;
        user.SecurityStamp = NewStamp();
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await RevokeSessionsAsync(user.Id, "authenticator-reset", ct);
        await AuditAsync(actor, AuditActions.TotpReset, user.Email, "authenticator and recovery codes removed; sessions ended", address, ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// The locked-out case (reset-password on the command line): a new one-time password for the
    /// account, to be changed at the next sign-in; its sessions end. Returns the password, or the
    /// problem when there is no such account.
    /// </summary>
    public async Task<(string? Password, string? Problem)> ResetPasswordAsync(string actor, string? email, CancellationToken ct = default)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null)
        {
            return (null, $"There is no account {normalized}.");
        }

        var password = Totp.Base32(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant(); // as the first administrator's
        user.PasswordHash = _hasher.HashPassword(user, password);
        user.MustChangePassword = true;
        user.SecurityStamp = NewStamp();
        await RevokeSessionsAsync(user.Id, "password-reset", ct);
        await AuditAsync(actor, AuditActions.PasswordReset, user.Email, "one-time password issued; sessions ended", null, ct);
        await db.SaveChangesAsync(ct);
        return (password, null);
    }

    /// <summary>Null when changed; otherwise the admin string key of the problem (see <see cref="PasswordPolicy.Problem"/>).</summary>
    public async Task<string?> ChangePasswordAsync(long userId, string? current, string? next, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        if (await throttle.IsThrottledAsync(user.Email, address, ct))
        {
            await AuditAsync(user.Email, SignInThrottle.ThrottledAction, null, "password change", address, ct);
            await db.SaveChangesAsync(ct);
            return "admin.signin.currentPasswordWrong";
        }

        if (_hasher.VerifyHashedPassword(user, user.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
        {
            // Counted like a failed sign-in: a stolen session must not become a password oracle.
            await AuditAsync(user.Email, SignInThrottle.FailedAction, null, "password change: wrong current password", address, ct);
            await db.SaveChangesAsync(ct);
            return "admin.signin.currentPasswordWrong";
        }

        if (PasswordPolicy.Problem(next, user.Email) is { } problem)
        {
            return problem;
        }

        user.PasswordHash = _hasher.HashPassword(user, next!);
        user.MustChangePassword = false;
        user.SecurityStamp = NewStamp(); // ends every other session of this user
        await RevokeSessionsAsync(user.Id, "password-change", ct);
        await AuditAsync(user.Email, AuditActions.PasswordChange, user.Email, null, address, ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>A new account with a one-time password; the problem, if any, is an admin string key (with the e-mail, or the password length limit, as {0}).</summary>
    public async Task<(User? User, string? Problem)> CreateUserAsync(string actor, string? email, string? displayName, Role role, IEnumerable<string> locales, string? password, string? address, CancellationToken ct = default)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        if (!System.Net.Mail.MailAddress.TryCreate(normalized, out _) || normalized.Length > 254)
        {
            return (null, "admin.users.error.email");
        }

        if (await db.Users.AnyAsync(u => u.Email == normalized, ct))
        {
            return (null, "admin.users.error.exists");
        }

        if (PasswordPolicy.Problem(password, normalized) is { } problem)
        {
            return (null, problem);
        }

        var user = new User
        {
            Email = normalized,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? normalized : displayName.Trim(),
            Role = role,
            Locales = string.Join(',', locales.Where(Content.Locales.IsSupported).Distinct()),
            MustChangePassword = true,
            CreatedAt = Now,
        };
        user.PasswordHash = _hasher.HashPassword(user, password!);
        db.Users.Add(user);
        await AuditAsync(actor, AuditActions.UserCreate, normalized, $"{role} {user.Locales}".Trim(), address, ct);
        await db.SaveChangesAsync(ct);
        return (user, null);
    }

    /// <summary>Changes a user's role, locales or access; any change ends their sessions. The problem, if any, is an admin string key.</summary>
    public async Task<string?> UpdateUserAsync(string actor, long userId, Role role, IEnumerable<string> locales, bool disabled, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return "admin.signin.noSuchUser";
        }

        var wasAdministrator = user.Role == Role.Administrator && !user.Disabled;
        if (wasAdministrator && (role != Role.Administrator || disabled)
            && !await db.Users.AnyAsync(u => u.Id != userId && u.Role == Role.Administrator && !u.Disabled, ct))
        {
            return "admin.users.error.lastAdministrator";
        }

        var localeList = string.Join(',', locales.Where(Content.Locales.IsSupported).Distinct());
        if (user.Role == role && user.Locales == localeList && user.Disabled == disabled)
        {
            return null;
        }

        await AuditAsync(actor, AuditActions.RoleChange, user.Email, $"{user.Role} [{user.Locales}]{(user.Disabled ? " disabled" : "")} → {role} [{localeList}]{(disabled ? " disabled" : "")}", address, ct);
        user.Role = role;
        user.Locales = localeList;
        user.Disabled = disabled;
        user.SecurityStamp = NewStamp();
        await RevokeSessionsAsync(user.Id, "account-change", ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public Task AuditAsync(string actor, string action, string? target, string? detail, string? address, CancellationToken ct = default)
    {
        db.AuditLog.Add(new AuditEntry { At = Now, Actor = actor, Action = action, Target = target, Detail = detail, Address = address });
        return Task.CompletedTask;
    }

    private async Task<SignInOutcome> CompleteAsync(User user, string? address, string how, CancellationToken ct)
    {
        await AuditAsync(user.Email, how == "recovery code" ? AuditActions.SignInRecoveryCode : AuditActions.SignIn, null, how == "password" ? null : how, address, ct);
        await db.SaveChangesAsync(ct);
        return new SignInOutcome(SignInStatus.Succeeded, user);
    }

    /// <summary>
    /// A current authenticator code (its step is recorded, so it cannot be replayed) or an unused
    /// recovery code (spent); null when neither. Changes are saved by the caller.
    /// </summary>
    private async Task<string?> SecondFactorAsync(User user, string? code, CancellationToken ct)
    {
        if (user.TotpSecret is not null && Totp.Verify(UnprotectSecret(user.TotpSecret), code, clock.GetUtcNow(), user.LastTotpStep) is { } step)
        {
            user.LastTotpStep = step;
            return "authenticator";
        }

        if (RecoveryCode.Normalize(code) is not { } typed)
        {
            return null;
        }

        // Compared in constant time against each unused code, rather than looked up by hash, so the
        // time taken says nothing about how close a guess was.
        var hash = System.Text.Encoding.ASCII.GetBytes(RecoveryCode.Hash(typed));
        var unused = await db.RecoveryCodes.Where(c => c.UserId == user.Id && c.UsedAt == null).ToListAsync(ct);
        var match = unused.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(c.CodeHash), hash));
        if (match is null)
        {
            return null;
        }

        match.UsedAt = Now;
        return "recovery code";
    }

    private async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(long userId, CancellationToken ct)
    {
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var codes = Enumerable.Range(0, RecoveryCode.PerUser).Select(_ => RecoveryCode.NewCode()).ToList();
        db.RecoveryCodes.AddRange(codes.Select(c => new RecoveryCode { UserId = userId, CodeHash = RecoveryCode.Hash(RecoveryCode.Normalize(c)!), CreatedAt = Now }));
        return codes;
    }

    /// <summary>Marks every open session of the user revoked; saved with the change that caused it.</summary>
    private async Task RevokeSessionsAsync(long userId, string reason, CancellationToken ct)
    {
        foreach (var session in await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(ct))
        {
            session.RevokedAt = Now;
            session.RevokedReason = reason;
        }
    }

    private static string Account(string? email)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        return normalized.Length == 0 ? "anonymous" : normalized.Length > 254 ? normalized[..254] : normalized;
    }

    private static bool StampsEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static readonly User Nobody = new() { Email = "", DisplayName = "" };

    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(Nobody, "not a real password");

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: administrator {Email} was created with the one-time password {Password}. Sign in at /admin and choose a new password; it is not shown again.")]
    private static partial void LogOneTimePassword(ILogger logger, string email, string password);
}
