using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Screens;

/// <summary>
/// The screens (e-billboards) of the province: each one's place, languages and rules, its address
/// to open on the screen, and when it last said it was alive (a screen silent for longer than
/// <see cref="StaleAfter"/> is highlighted). Administrators only: a screen speaks for the province in public.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageScreens)]
public sealed class IndexModel(CmsDbContext db, ScreenService screens, IContentDelivery delivery, IStringLocalizer<AdminText> a, TimeProvider clock) : AdminPage
{
    /// <summary>A screen polls and beats every minute; five minutes of silence means it is off or cut off.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    public IReadOnlyList<Screen> Screens { get; private set; } = [];

    public List<string> Errors { get; } = [];

    [BindProperty] public ScreenForm Form { get; set; } = new();

    public DateTime Now { get; private set; }

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "deleted" ? "admin.screens.done." + done : null;
        Form = ScreenForm.New();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (screen, problems) = await screens.CreateAsync(Form.ToInput(), new ScreenActor(User.Identity!.Name!, HttpContext.Connection.RemoteIpAddress?.ToString()), ct);
        if (screen is null)
        {
            Errors.AddRange(problems.Select(a.Problem));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        return LocalRedirect($"/admin/screens/{screen.Id}?done=created");
    }

    /// <summary>"2 minutes ago", in the staff member's language.</summary>
    public string Ago(DateTime at)
    {
        var span = Now - at;
        return span < TimeSpan.FromMinutes(1) ? a["admin.screens.ago.now"]
            : span < TimeSpan.FromHours(1) ? a["admin.screens.ago.minutes", (int)span.TotalMinutes]
            : span < TimeSpan.FromDays(1) ? a["admin.screens.ago.hours", (int)span.TotalHours]
            : a["admin.screens.ago.days", (int)span.TotalDays];
    }

    public bool IsStale(Screen screen) => screen.LastSeenAt is not { } seen || Now - seen > StaleAfter;

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Screens = await db.Screens.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        Form.Choices = await ScreenForm.ChoicesAsync(delivery, ct);
    }
}
