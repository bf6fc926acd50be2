using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Screens;

/// <summary>One screen: its address to open on the device, its settings, and removing it.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageScreens)]
public sealed class EditModel(CmsDbContext db, ScreenService screens, IContentDelivery delivery, IStringLocalizer<AdminText> a, Microsoft.Extensions.Options.IOptions<PromoSite.Cms.Content.CmsOptions> options) : AdminPage
{
    public Screen Screen { get; private set; } = null!;

    public List<string> Errors { get; } = [];

    [BindProperty] public ScreenForm Form { get; set; } = new();

    public string? Done { get; private set; }

    /// <summary>The address to open on the device: on the public site's base, which may not be the admin's host.</summary>
    public string SignageUrl => $"{options.Value.BaseUrlFor(Request).TrimEnd('/')}/signage/{Screen.Code}";

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        if (await db.Screens.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } screen)
        {
            return NotFound();
        }

        Screen = screen;
        Form = ScreenForm.From(screen);
        Done = done is "created" or "saved" ? "admin.screens.done." + done : null;
        Form.Choices = await ScreenForm.ChoicesAsync(delivery, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var (screen, problems) = await screens.UpdateAsync(id, Form.ToInput(), new ScreenActor(User.Identity!.Name!, HttpContext.Connection.RemoteIpAddress?.ToString()), ct);
        if (screen is null)
        {
            return NotFound();
        }

        if (problems.Count > 0)
        {
            Screen = screen;
            Errors.AddRange(problems.Select(a.Problem));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Form.Choices = await ScreenForm.ChoicesAsync(delivery, ct);
            return Page();
        }

        return LocalRedirect($"/admin/screens/{id}?done=saved");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct) =>
        await screens.DeleteAsync(id, new ScreenActor(User.Identity!.Name!, HttpContext.Connection.RemoteIpAddress?.ToString()), ct) ? LocalRedirect("/admin/screens?done=deleted") : NotFound();
}
