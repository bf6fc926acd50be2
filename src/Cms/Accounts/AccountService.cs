using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Accounts;

public enum SignInStatus { Succeeded, NeedsCode, NeedsEnrolment, Invalid, LockedOut }

public sealed record SignInOutcome(SignInStatus Status, User? User = null, DateTime? LockedUntil = null);

/// <summary>
/// Accounts: the first administrator, password sign-in with lockout, authenticator codes, password
/// and role changes (each ending the user's other sessions through a new security stamp), all audited.
/// </summary>
public sealed partial class AccountService(CmsDbContext db, IDataProtectionProvider protection, TimeProvider clock, ILogger<AccountService> logger)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

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
        await AuditAsync("system", "user-create", email, "first administrator", null, ct);
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

    public async Task<SignInOutcome> CheckPasswordAsync(string? email, string? password, string? address, CancellationToken ct = default)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null || user.Disabled)
        {
            _hasher.VerifyHashedPassword(new User { Email = "", DisplayName = "" }, DummyHash, password ?? ""); // same time as a real check
            await AuditAsync(normalized.Length == 0 ? "anonymous" : normalized, "sign-in-failed", null, user is null ? "unknown account" : "disabled account", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Invalid);
        }

        if (user.LockedUntil is { } until && until > Now)
        {
            await AuditAsync(user.Email, "sign-in-failed", null, "locked out", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: until);
        }

        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            RecordFailure(user);
            await AuditAsync(user.Email, "sign-in-failed", null, user.LockedUntil > Now ? "wrong password; account locked" : "wrong password", address, ct);
            await db.SaveChangesAsync(ct);
            return user.LockedUntil > Now ? new SignInOutcome(SignInStatus.LockedOut, LockedUntil: user.LockedUntil) : new SignInOutcome(SignInStatus.Invalid);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = _hasher.HashPassword(user, password!);
        }

        user.FailedSignIns = 0;
        await db.SaveChangesAsync(ct);
        if (user.TotpSecret is not null)
        {
            return new SignInOutcome(SignInStatus.NeedsCode, user);
        }

        return user.Role == Role.Administrator ? new SignInOutcome(SignInStatus.NeedsEnrolment, user) : await CompleteAsync(user, address, ct);
    }

    /// <summary>The second step: the authenticator code of a user whose password was just checked.</summary>
    public async Task<SignInOutcome> CheckCodeAsync(long userId, string? code, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.TotpSecret is null || user.Disabled)
        {
            return new SignInOutcome(SignInStatus.Invalid);
        }

        if (user.LockedUntil is { } until && until > Now)
        {
            return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: until);
        }

        var step = Totp.Verify(Secret(user), code, clock.GetUtcNow(), user.LastTotpStep);
        if (step is null)
        {
            RecordFailure(user);
            await AuditAsync(user.Email, "sign-in-failed", null, "wrong authenticator code", address, ct);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(user.LockedUntil > Now ? SignInStatus.LockedOut : SignInStatus.Invalid, LockedUntil: user.LockedUntil);
        }

        user.LastTotpStep = step.Value;
        return await CompleteAsync(user, address, ct);
    }

    /// <summary>A new secret to show during enrolment (not stored until a code from it is confirmed).</summary>
    public static byte[] NewTotpSecret() => Totp.NewSecret();

    public string ProtectSecret(byte[] secret) => _totpProtector.Protect(Convert.ToBase64String(secret));

    public byte[] UnprotectSecret(string protectedSecret) => Convert.FromBase64String(_totpProtector.Unprotect(protectedSecret));

    /// <summary>Turns on two-factor sign-in once the user proves their app produces the right codes.</summary>
    public async Task<bool> EnrolTotpAsync(long userId, byte[] secret, string? code, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        var step = Totp.Verify(secret, code, clock.GetUtcNow(), 0);
        if (step is null)
        {
            return false;
        }

        user.TotpSecret = ProtectSecret(secret);
        user.LastTotpStep = step.Value;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await AuditAsync(user.Email, "totp-enrol", user.Email, null, address, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<string?> ChangePasswordAsync(long userId, string? current, string? next, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        if (_hasher.VerifyHashedPassword(user, user.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
        {
            return "The current password is not right.";
        }

        if (PasswordPolicy.Check(next, user.Email) is { } problem)
        {
            return problem;
        }

        user.PasswordHash = _hasher.HashPassword(user, next!);
        user.MustChangePassword = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N"); // ends every other session of this user
        await AuditAsync(user.Email, "password-change", user.Email, null, address, ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<(User? User, string? Problem)> CreateUserAsync(string actor, string? email, string? displayName, Role role, IEnumerable<string> locales, string? password, string? address, CancellationToken ct = default)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        if (!System.Net.Mail.MailAddress.TryCreate(normalized, out _) || normalized.Length > 254)
        {
            return (null, "Enter the person's e-mail address.");
        }

        if (await db.Users.AnyAsync(u => u.Email == normalized, ct))
        {
            return (null, $"{normalized} already has an account.");
        }

        if (PasswordPolicy.Check(password, normalized) is { } problem)
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
        await AuditAsync(actor, "user-create", normalized, $"{role} {user.Locales}".Trim(), address, ct);
        await db.SaveChangesAsync(ct);
        return (user, null);
    }

    /// <summary>Changes a user's role, locales or access; any change ends their sessions.</summary>
    public async Task<string?> UpdateUserAsync(string actor, long userId, Role role, IEnumerable<string> locales, bool disabled, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return "There is no such user.";
        }

        var wasAdministrator = user.Role == Role.Administrator && !user.Disabled;
        if (wasAdministrator && (role != Role.Administrator || disabled)
            && !await db.Users.AnyAsync(u => u.Id != userId && u.Role == Role.Administrator && !u.Disabled, ct))
        {
            return "This is the last active administrator; make someone else administrator first.";
        }

        var localeList = string.Join(',', locales.Where(Content.Locales.IsSupported).Distinct());
        if (user.Role == role && user.Locales == localeList && user.Disabled == disabled)
        {
            return null;
        }

        await AuditAsync(actor, "role-change", user.Email, $"{user.Role} [{user.Locales}]{(user.Disabled ? " disabled" : "")} → {role} [{localeList}]{(disabled ? " disabled" : "")}", address, ct);
        user.Role = role;
        user.Locales = localeList;
        user.Disabled = disabled;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
        return null;
    }

    public Task AuditAsync(string actor, string action, string? target, string? detail, string? address, CancellationToken ct = default)
    {
        db.AuditLog.Add(new AuditEntry { At = Now, Actor = actor, Action = action, Target = target, Detail = detail, Address = address });
        return Task.CompletedTask;
    }

    private async Task<SignInOutcome> CompleteAsync(User user, string? address, CancellationToken ct)
    {
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await AuditAsync(user.Email, "sign-in", null, null, address, ct);
        await db.SaveChangesAsync(ct);
        return new SignInOutcome(SignInStatus.Succeeded, user);
    }

    /// <summary>Wrong passwords and wrong codes count together towards the lockout.</summary>
    private void RecordFailure(User user)
    {
        user.FailedSignIns++;
        if (user.FailedSignIns >= MaxFailedSignIns)
        {
            user.LockedUntil = Now + LockoutDuration;
            user.FailedSignIns = 0;
        }
    }

    private byte[] Secret(User user) => UnprotectSecret(user.TotpSecret!);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(new User { Email = "", DisplayName = "" }, "not a real password");

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: administrator {Email} was created with the one-time password {Password}. Sign in at /admin and choose a new password; it is not shown again.")]
    private static partial void LogOneTimePassword(ILogger logger, string email, string password);
}
