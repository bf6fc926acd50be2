using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Accounts;

/// <summary>A token just made: the only moment its text exists outside the client.</summary>
public sealed record NewApiToken(ApiToken Token, string Text);

/// <summary>Why a presented token was refused (said in <c>WWW-Authenticate</c>, never which part was wrong beyond this).</summary>
public enum ApiTokenFailure { Malformed, Unknown, Revoked, Expired, OwnerDisabled }

public sealed record ApiTokenCheck(ApiToken? Token, User? Owner, ApiTokenFailure? Failure);

/// <summary>
/// Making, listing, revoking and checking personal access tokens; shared by /admin/tokens and the
/// Bearer authentication handler. Every creation, revocation and first use is audited.
/// </summary>
public sealed class ApiTokenService(CmsDbContext db, AccountService accounts, TimeProvider clock)
{
    /// <summary>A token lives at most a year: long enough for a yearly rotation, short enough to die if forgotten.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>Last-used is written at most this often per token.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public const int MaxNameLength = 100;

    /// <summary>Live tokens per person; more means nobody knows any more which one is used where.</summary>
    public const int MaxLivePerUser = 20;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Makes a token for <paramref name="owner"/>. Problems are admin string keys (admin.tokens.*), so
    /// the page says them in the reader's language; nothing is stored when there is one.
    /// </summary>
    public async Task<(NewApiToken? Created, IReadOnlyList<string> Problems)> CreateAsync(
        User owner, string? name, IEnumerable<string> scopes, DateOnly? expires, string? address, CancellationToken ct = default)
    {
        var problems = new List<string>();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            problems.Add("admin.tokens.errorName");
        }
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            problems.Add("admin.tokens.errorNameLength");
        }

        var chosen = scopes.Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            problems.Add("admin.tokens.errorScopes");
        }
        else if (chosen.Any(s => !Scopes.All.Contains(s)))
        {
            problems.Add("admin.tokens.errorUnknownScope");
        }

        var now = Now;
        var expiresAt = expires?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        if (expiresAt is null || expiresAt <= now || expiresAt > now + MaxLifetime)
        {
            problems.Add("admin.tokens.errorExpiry");
        }

        if (await db.ApiTokens.CountAsync(t => t.UserId == owner.Id && t.RevokedAt == null && t.ExpiresAt > now, ct) >= MaxLivePerUser)
        {
            problems.Add("admin.tokens.errorTooMany");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var (text, publicId, hash) = ApiTokenText.New();
        var token = new ApiToken
        {
            UserId = owner.Id, Name = name!, PublicId = publicId, SecretHash = hash,
            Scopes = string.Join(',', Scopes.All.Where(chosen.Contains)), CreatedAt = now, ExpiresAt = expiresAt!.Value,
        };
        db.ApiTokens.Add(token);
        await accounts.AuditAsync(owner.Email, AuditActions.TokenCreate, Target(token),
            $"{token.Name}; {token.Scopes}; expires {token.ExpiresAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", address, ct);
        await db.SaveChangesAsync(ct);
        return (new NewApiToken(token, text), []);
    }

    /// <summary>One person's tokens, newest first, revoked and expired ones included (they are the history).</summary>
    public Task<List<ApiToken>> ListAsync(long ownerId, CancellationToken ct = default) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == ownerId).OrderByDescending(t => t.Id).ToListAsync(ct);

    /// <summary>Everyone's tokens that still work, with their owners, for administrators.</summary>
    public async Task<List<(ApiToken Token, User Owner)>> ListLiveAsync(CancellationToken ct = default)
    {
        var now = Now;
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null && t.ExpiresAt > now)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, Owner = u })
            .OrderBy(r => r.Owner.Email).ThenByDescending(r => r.Token.Id)
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.Token, r.Owner))];
    }

    /// <summary>Revokes a token; <paramref name="ownerId"/> limits it to that person's own. False when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(long id, long? ownerId, string actor, string? address, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (ownerId == null || t.UserId == ownerId) && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = Now;
        token.RevokedBy = actor;
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == token.UserId).Select(u => u.Email).FirstAsync(ct);
        await accounts.AuditAsync(actor, AuditActions.TokenRevoke, Target(token), owner == actor ? token.Name : $"{token.Name} (of {owner})", address, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Checks a presented token against the database as it is now (revocation and a disabled owner take
    /// effect on the next request) and records its use.
    /// </summary>
    public async Task<ApiTokenCheck> CheckAsync(string? text, string? address, CancellationToken ct = default)
    {
        if (!ApiTokenText.TryParse(text, out var publicId, out var secret))
        {
            return new ApiTokenCheck(null, null, ApiTokenFailure.Malformed);
        }

        var found = await db.ApiTokens.AsNoTracking().Where(t => t.PublicId == publicId)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, Owner = u })
            .FirstOrDefaultAsync(ct);
        if (found is null || !ApiTokenText.Matches(secret, found.Token.SecretHash))
        {
            return new ApiTokenCheck(null, null, ApiTokenFailure.Unknown);
        }

        var (token, owner) = (found.Token, found.Owner);
        var now = Now;
        var failure = token.RevokedAt is not null ? ApiTokenFailure.Revoked
            : token.ExpiresAt <= now ? ApiTokenFailure.Expired
            : owner.Disabled ? ApiTokenFailure.OwnerDisabled
            : (ApiTokenFailure?)null;
        if (failure is not null)
        {
            return new ApiTokenCheck(token, owner, failure);
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUsedResolution)
        {
            // The condition is repeated in the statement, so concurrent requests write once.
            var before = now - LastUsedResolution;
            var written = await db.ApiTokens.Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt <= before))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
            if (written > 0 && token.LastUsedAt is null)
            {
                await accounts.AuditAsync(owner.Email, AuditActions.TokenFirstUse, Target(token), token.Name, address, ct);
                await db.SaveChangesAsync(ct);
            }

            token.LastUsedAt = now;
        }

        return new ApiTokenCheck(token, owner, null);
    }

    private static string Target(ApiToken token) => "token " + token.PublicId;
}
