using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// Slows password and code guessing without letting anyone lock a person out.
///
/// The rule. Failures (wrong password, wrong or replayed code, unknown or disabled account) are the
/// audit log's "sign-in-failed" rows, so every node sees the same counts. They are counted per
/// account name AND client address over the last hour: from the 5th such failure on, that address
/// must wait before trying that account again — 30 seconds after the 5th, doubling with each
/// further failure, at most 15 minutes. Another address is not affected, so an attacker hammering
/// the chief administrator's e-mail from one place does not stop the administrator signing in
/// from the office. Against many addresses at once there is a much higher ceiling per account:
/// with 100 failures in the last hour from all addresses together, addresses that have not
/// signed in to that account successfully in the last 90 days are refused until the hour's count
/// falls below it; an address the owner has used is never refused for failures made elsewhere.
/// A refused attempt checks nothing, gets the same answer as a wrong password (unknown accounts are
/// throttled exactly like real ones, so the answer tells nothing) and is audited as
/// "sign-in-throttled", which does not count towards the limits. The per-address rate limit on the
/// sign-in pages (AdminExtensions) still applies on top.
/// </summary>
public sealed class SignInThrottle(CmsDbContext db, TimeProvider clock)
{
    public const string FailedAction = AuditActions.SignInFailed;
    public const string ThrottledAction = AuditActions.SignInThrottled;
    public const int FreeFailures = 4;
    public const int AccountCeiling = 100;
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly TimeSpan KnownAddressAge = TimeSpan.FromDays(90);

    /// <summary>Whether an attempt for <paramref name="account"/> (normalized e-mail) from <paramref name="address"/> must be refused now.</summary>
    public async Task<bool> IsThrottledAsync(string account, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Window;
        var failures = db.AuditLog.AsNoTracking().Where(e => e.Action == FailedAction && e.Actor == account && e.At > since);
        var fromHere = await failures.Where(e => e.Address == address).OrderByDescending(e => e.At).Select(e => e.At).Take(64).ToListAsync(ct);
        if (fromHere.Count > FreeFailures && now - fromHere[0] < WaitAfter(fromHere.Count))
        {
            return true;
        }

        if (await failures.CountAsync(ct) < AccountCeiling)
        {
            return false;
        }

        var knownSince = now - KnownAddressAge;
        return !await db.AuditLog.AsNoTracking().AnyAsync(e => e.Action == AuditActions.SignIn && e.Actor == account && e.Address == address && e.At > knownSince, ct);
    }

    /// <summary>How long an address waits after its n-th failure for one account within the hour.</summary>
    public static TimeSpan WaitAfter(int failures) =>
        failures <= FreeFailures ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, FirstWait.Ticks << Math.Min(failures - FreeFailures - 1, 20)));
}
