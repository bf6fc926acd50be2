using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using QRCoder;

namespace PromoSite.Cms.Areas.Admin.Pages;

public enum EnrolMode { Verify, Scan, Codes }

/// <summary>
/// The authenticator and the recovery codes. Two ways in, and no other:
/// <list type="bullet">
/// <item>half-way through sign-in, with a pending cookie at the enrolment stage, for an account
/// that has no authenticator (checked again against the database on every request and when the
/// secret is stored), so a cookie from the code step cannot replace the owner's authenticator;</item>
/// <item>signed in, after proving it is really the user: the current password and a current code
/// (or a recovery code) when an authenticator exists, the password when none does. The proof is a
/// short-lived protected token in the form, bound to the user and their security stamp.</item>
/// </list>
/// Each enrolment gives ten new recovery codes, shown once.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AdminExtensions.SignInRateLimit)]
public sealed class EnrolModel(AccountService accounts, PendingSignIn pending, StaffSessions sessions, CmsDbContext db, IDataProtectionProvider protection) : PageModel
{
    private static readonly TimeSpan ProofLifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _proofs = protection.CreateProtector("PromoSite.Reenrol").ToTimeLimitedDataProtector();

    public EnrolMode Mode { get; private set; }

    public string Key { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    /// <summary>During sign-in: an administrator cannot go on without one.</summary>
    public bool Required { get; private set; }

    public bool HasAuthenticator { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>For a signed-in user: the protected proof of re-authentication carrying the new secret.</summary>
    public string? Enrolment { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public string? Problem { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private long? SignedInUserId =>
        User.Identity?.IsAuthenticated == true && long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SignInModel.SafeReturn(returnUrl);
        if (SignedInUserId is { } userId)
        {
            return await VerifyPageAsync(userId, null, ct);
        }

        switch (pending.Read(HttpContext))
        {
            case null:
                return LocalRedirect("/admin/sign-in");
            case { Stage: not PendingStage.Enrol }:
                // The account has an authenticator: its code is the only way on.
                return LocalRedirect("/admin/code?returnUrl=" + Uri.EscapeDataString(ReturnUrl));
            case var state when !await accounts.MayEnrolAtSignInAsync(state.UserId, state.Stamp, ct):
                pending.End(HttpContext);
                return LocalRedirect("/admin/sign-in");
            case var state:
                var secret = AccountService.NewTotpSecret();
                pending.Start(HttpContext, state with { Secret = secret });
                Required = true;
                await ScanPageAsync(state.UserId, secret, ct);
                return Page();
        }
    }

    /// <summary>Sign-in enrolment: the code from the new app stores the secret, if the account still has none.</summary>
    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SignInModel.SafeReturn(returnUrl);
        if (pending.Read(HttpContext) is not { Stage: PendingStage.Enrol, Secret: { } secret } state)
        {
            return LocalRedirect("/admin/sign-in");
        }

        if (await accounts.EnrolTotpAsync(state.UserId, state.Stamp, secret, code, replacing: false, Address, ct) is not { } codes)
        {
            if (!await accounts.MayEnrolAtSignInAsync(state.UserId, state.Stamp, ct))
            {
                pending.End(HttpContext);
                return LocalRedirect("/admin/sign-in");
            }

            Required = true;
            return await WrongCodeAsync(state.UserId, secret, ct);
        }

        pending.End(HttpContext);
        await sessions.SignInAsync(HttpContext, await db.Users.AsNoTracking().FirstAsync(u => u.Id == state.UserId, ct), ct);
        return ShowCodes(codes);
    }

    /// <summary>Signed in: password (and a current code when there is an authenticator) before a new secret is shown.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(string? password, string? code, CancellationToken ct)
    {
        if (SignedInUserId is not { } userId)
        {
            return LocalRedirect("/admin/sign-in");
        }

        if (!await accounts.ReauthenticateAsync(userId, password, code, Address, ct))
        {
            return await VerifyPageAsync(userId, "admin.signin.verifyFailed", ct);
        }

        var stamp = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstAsync(ct);
        var secret = AccountService.NewTotpSecret();
        Enrolment = _proofs.Protect(string.Join('|', userId.ToString(System.Globalization.CultureInfo.InvariantCulture), stamp, Convert.ToBase64String(secret)), ProofLifetime);
        await ScanPageAsync(userId, secret, ct);
        return Page();
    }

    /// <summary>Signed in, re-authenticated: the code from the new app replaces the authenticator.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string? enrolment, string? code, CancellationToken ct)
    {
        if (SignedInUserId is not { } userId || ReadProof(enrolment) is not { } proof || proof.UserId != userId)
        {
            return SignedInUserId is null ? LocalRedirect("/admin/sign-in") : await VerifyPageAsync(SignedInUserId.Value, "admin.signin.proofExpired", ct);
        }

        if (await accounts.EnrolTotpAsync(userId, proof.Stamp, proof.Secret, code, replacing: true, Address, ct) is not { } codes)
        {
            Enrolment = enrolment;
            return await WrongCodeAsync(userId, proof.Secret, ct);
        }

        // The new stamp ended every session of the user, this one included: start a fresh one.
        await sessions.SignInAsync(HttpContext, await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct), ct);
        return ShowCodes(codes);
    }

    /// <summary>Signed in: new recovery codes after password and a current code; the old ones stop working.</summary>
    public async Task<IActionResult> OnPostRecoveryAsync(string? password, string? code, CancellationToken ct)
    {
        if (SignedInUserId is not { } userId)
        {
            return LocalRedirect("/admin/sign-in");
        }

        var hasAuthenticator = await db.Users.Where(u => u.Id == userId).Select(u => u.TotpSecret != null).FirstAsync(ct);
        if (!hasAuthenticator || !await accounts.ReauthenticateAsync(userId, password, code, Address, ct))
        {
            return await VerifyPageAsync(userId, "admin.signin.verifyFailed", ct);
        }

        return ShowCodes(await accounts.RegenerateRecoveryCodesAsync(userId, Address, ct));
    }

    private async Task<IActionResult> VerifyPageAsync(long userId, string? problem, CancellationToken ct)
    {
        Mode = EnrolMode.Verify;
        Problem = problem;
        HasAuthenticator = await db.Users.Where(u => u.Id == userId).Select(u => u.TotpSecret != null).FirstAsync(ct);
        RecoveryCodesLeft = await accounts.RecoveryCodesLeftAsync(userId, ct);
        if (problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private async Task<IActionResult> WrongCodeAsync(long userId, byte[] secret, CancellationToken ct)
    {
        Problem = "admin.signin.enrolCodeInvalid";
        await ScanPageAsync(userId, secret, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The codes are in this response only: never cached, never shown again.</summary>
    private PageResult ShowCodes(IReadOnlyList<string> codes)
    {
        Mode = EnrolMode.Codes;
        RecoveryCodes = codes;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private (long UserId, string Stamp, byte[] Secret)? ReadProof(string? token)
    {
        try
        {
            var parts = _proofs.Unprotect(token ?? "").Split('|');
            return parts.Length == 3 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var id) ? (id, parts[1], Convert.FromBase64String(parts[2])) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private async Task ScanPageAsync(long userId, byte[] secret, CancellationToken ct)
    {
        Mode = EnrolMode.Scan;
        Response.Headers.CacheControl = "no-store";
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstAsync(ct);
        Key = string.Join(' ', Totp.Base32(secret).Chunk(4).Select(c => new string(c)));
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Totp.ProvisioningUri("PromoSite", email, secret), QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(QrPngWriter.Write(data, 5));
    }
}
