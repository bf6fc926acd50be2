using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Admin;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>Administrators manage users; every handler checks that on the server, whatever the form showed.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageUsers)]
public sealed class UsersModel(CmsDbContext db, AccountService accounts) : AdminPage
{
    public IReadOnlyList<User> All { get; private set; } = [];

    public string? Problem { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? email, string? displayName, Role role, string[]? locales, string? password, CancellationToken ct)
    {
        var (user, problem) = await accounts.CreateUserAsync(User.Identity!.Name!, email, displayName, role, locales ?? [], password, Address, ct);
        return await ShowAsync(problem, user is null ? null : $"{user.Email} was added.", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, Role role, string[]? locales, bool disabled, CancellationToken ct)
    {
        var problem = await accounts.UpdateUserAsync(User.Identity!.Name!, id, role, locales ?? [], disabled, Address, ct);
        return await ShowAsync(problem, problem is null ? "Saved. The user's other sessions have ended." : null, ct);
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

    private async Task LoadAsync(CancellationToken ct) => All = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
}
