using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace PromoSite.Cms.Admin;

/// <summary>A user holding a one-time password can do nothing in the admin but choose a new one.</summary>
public sealed class PasswordChangeFilter : IAsyncPageFilter
{
    public const string Claim = "promosite:must-change";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var path = context.HttpContext.Request.Path;
        if (context.HttpContext.User.FindFirst(Claim)?.Value == "1" && path.StartsWithSegments("/admin")
            && !path.StartsWithSegments("/admin/password") && !path.StartsWithSegments("/admin/sign-out"))
        {
            context.Result = new RedirectResult("/admin/password");
            return;
        }

        await next();
    }
}
