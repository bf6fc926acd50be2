using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// Administrators define the agencies, their contact details and what each owns (sections, types,
/// publication series); the page's policy covers every handler. A refused form keeps what was typed.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageAgencies)]
public sealed class AgenciesModel(CmsDbContext db, AgencyDirectory directory, ContentTypeRegistry types, AccountService accounts, ContentChangeNotifier changes) : AdminPage
{
    public IReadOnlyList<Agency> All { get; private set; } = [];

    /// <summary>Members per agency id.</summary>
    public IReadOnlyDictionary<long, int> Members { get; private set; } = new Dictionary<long, int>();

    /// <summary>The publication series that can be owned: key and Vietnamese title.</summary>
    public IReadOnlyList<(string Key, string Title)> Series { get; private set; } = [];

    public ContentTypeRegistry Types => types;

    /// <summary>The agency in the form: null for a new one.</summary>
    public long? EditingId { get; private set; }

    public AgencyInput Form { get; private set; } = new("", "", "", null, null, null, null, null, null, null, [], [], []);

    public IReadOnlyList<AgencyProblem> Problems { get; private set; } = [];

    /// <summary>An admin string key of what was just done, with the agency's name as {0}.</summary>
    public string? Notice { get; private set; }

    public string NoticeName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (id is { } editing && All.FirstOrDefault(a => a.Id == editing) is { } agency)
        {
            EditingId = agency.Id;
            Form = new AgencyInput(agency.Key, agency.NameVi, agency.NameEn, agency.NameKo, agency.NameJa, agency.NameZh, agency.Address, agency.Phone, agency.Email, agency.Website,
                [.. Owned(agency, OwnershipKinds.Section)], [.. Owned(agency, OwnershipKinds.Type)], [.. Owned(agency, OwnershipKinds.Series)]);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long? id, string? key, string? nameVi, string? nameEn, string? nameKo, string? nameJa, string? nameZh,
        string? address, string? phone, string? email, string? website, string[]? sections, string[]? ownedTypes, string[]? series, CancellationToken ct)
    {
        Form = new AgencyInput(key, nameVi, nameEn, nameKo, nameJa, nameZh, address, phone, email, website, sections ?? [], ownedTypes ?? [], series ?? []);
        EditingId = id;
        if (id is { } existing && !await db.Agencies.AnyAsync(a => a.Id == existing, ct))
        {
            return NotFound();
        }

        var (agency, problems) = await directory.SaveAsync(Form, id, ct);
        if (agency is null)
        {
            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        await accounts.AuditAsync(User.Identity!.Name!, id is null ? "agency-create" : "agency-change", "agency/" + agency.Key, Describe(agency), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.BumpChangeCounterAsync(ct); // public pages show agencies' names (a statement's issuer): every node reloads
        await db.SaveChangesAsync(ct);
        changes.NotifyChanged();
        return LocalRedirect("/admin/agencies?saved=" + Uri.EscapeDataString(agency.Key));
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().Include(a => a.Owns).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agency is null)
        {
            return NotFound();
        }

        await directory.DeleteAsync(id, ct);
        await accounts.AuditAsync(User.Identity!.Name!, "agency-delete", "agency/" + agency.Key, Describe(agency), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.BumpChangeCounterAsync(ct);
        await db.SaveChangesAsync(ct);
        changes.NotifyChanged();
        return LocalRedirect("/admin/agencies");
    }

    public static IEnumerable<string> Owned(Agency agency, string kind) => agency.Owns.Where(o => o.Kind == kind).Select(o => o.Value).Order(StringComparer.Ordinal);

    private static string Describe(Agency agency) =>
        $"{agency.NameVi}: {string.Join(", ", agency.Owns.Select(o => o.Kind + " " + o.Value))}";

    private async Task LoadAsync(CancellationToken ct)
    {
        All = (await directory.RulesAsync(ct)).Agencies;
        Members = await db.AgencyMembers.AsNoTracking().GroupBy(m => m.AgencyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var series = await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key && i.DeletedAt == null)
            .Select(i => new { i.Key, Source = i.Localizations.Where(l => l.Locale == Locales.Source).Select(l => l.FieldsJson).FirstOrDefault() })
            .ToListAsync(ct);
        Series = [.. series.Select(s => (s.Key, ContentJson.Parse(s.Source)["title"]?.GetValue<string>() ?? s.Key)).OrderBy(s => s.Item2, StringComparer.Ordinal)];
        if (Request.Query["saved"] is { Count: > 0 } saved && All.FirstOrDefault(a => a.Key == saved.ToString()) is { } agency)
        {
            Notice = "admin.agencies.saved";
            NoticeName = agency.NameVi;
        }
    }
}
