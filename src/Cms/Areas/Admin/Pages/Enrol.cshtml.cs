using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Storage;
using QRCoder;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// Authenticator enrolment, for an administrator finishing sign-in (who has only passed the password
/// step) or a signed-in user turning it on. The new secret waits in the encrypted pending cookie
/// until a code from it is confirmed.
/// </summary>
[EnableRateLimiting(AdminExtensions.SignInRateLimit)]
[Microsoft.AspNetCore.Authorization.AllowAnonymous] // the pending sign-in or the signed-in user: decided inside, step by step
public sealed class EnrolModel(AccountService accounts, PendingSignIn pending, CmsDbContext db) : PageModel
{
    public string Key { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    public bool Required { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await WhoAsync(ct) is not { } userId)
        {
            return LocalRedirect("/admin/sign-in");
        }

        var secret = AccountService.NewTotpSecret();
        pending.Start(HttpContext, userId, accounts.ProtectSecret(secret));
        await ShowAsync(userId, secret, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        if (await WhoAsync(ct) is not { } userId || pending.Read(HttpContext) is not { TotpSecret: { } protectedSecret } state || state.UserId != userId)
        {
            return LocalRedirect("/admin/sign-in");
        }

        var secret = accounts.UnprotectSecret(protectedSecret);
        if (!await accounts.EnrolTotpAsync(userId, secret, code, HttpContext.Connection.RemoteIpAddress?.ToString(), ct))
        {
            Problem = "That code is not right. Check that the app shows PromoSite and that your phone's clock is correct.";
            await ShowAsync(userId, secret, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        pending.End(HttpContext);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AdminExtensions.PrincipalFor(user));
        return LocalRedirect("/admin");
    }

    /// <summary>The signed-in user, or the one half-way through signing in.</summary>
    private Task<long?> WhoAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true && long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return Task.FromResult<long?>(id);
        }

        Required = true;
        return Task.FromResult(pending.Read(HttpContext)?.UserId);
    }

    private async Task ShowAsync(long userId, byte[] secret, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstAsync(ct);
        Key = string.Join(' ', Totp.Base32(secret).Chunk(4).Select(c => new string(c)));
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Totp.ProvisioningUri("PromoSite", email, secret), QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}
