using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Conferences;

/// <summary>The conferences, newest first, each leading to its QR kit and figures; they are edited as content.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageConferences)]
public sealed class IndexModel(CmsDbContext db) : AdminPage
{
    public sealed record Row(long Id, string Key, string Title, string? Start, string Campaign);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var items = await db.Items.AsNoTracking().Where(i => i.Type == Conference.Key && i.DeletedAt == null)
            .Select(i => new { i.Id, i.Key, i.SharedJson, Fields = i.Localizations.Where(l => l.Locale == Locales.Source).Select(l => l.FieldsJson).FirstOrDefault() })
            .ToListAsync(ct);
        Rows = [.. items.Select(i =>
        {
            var shared = ContentJson.Parse(i.SharedJson);
            return new Row(i.Id, i.Key, i.Fields is null ? i.Key : ContentJson.Parse(i.Fields)["title"]?.GetValue<string>() ?? i.Key, shared["startDate"]?.GetValue<string>(), shared["campaign"]?.GetValue<string>() ?? "");
        }).OrderByDescending(r => r.Start, StringComparer.Ordinal)];
        return Page();
    }
}
