using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Areas.Admin.Pages.Content;

/// <summary>One item in one language, as stored now: its state in every language, its fields, and the way to its history and the trash.</summary>
public sealed class ItemModel(CmsDbContext db, ContentTypeRegistry types, ContentEditor editor, AccountService accounts, Cms.Media.MediaLibrary media,
    Agencies.AgencyDirectory agencies, ContentChangeNotifier changes, Microsoft.Extensions.Localization.IStringLocalizer<AdminText> strings,
    Terminology.Termbase termbase) : AdminPage
{
    /// <summary>Forbidden termbase variants in this language as stored: the warning a save or publish leads to.</summary>
    public IReadOnlyList<Terminology.ForbiddenHit> TermWarnings { get; private set; } = [];

    /// <summary>The agencies that own the item (empty: none does).</summary>
    public IReadOnlyList<Agencies.Agency> Owners { get; private set; } = [];

    /// <summary>Whether the signed-in person may change the item's facts, its plan among them (role, and agency).</summary>
    public bool CanChangeItem { get; private set; }

    /// <summary>The item's own language plan (null: none, it follows its series or has all five).</summary>
    public IReadOnlyList<string>? OwnPlan { get; private set; }

    /// <summary>The plan that applies now.</summary>
    public IReadOnlyList<string> Plan { get; private set; } = Locales.All;

    /// <summary>The series whose plan an issue without its own follows, with that plan.</summary>
    public (string Key, IReadOnlyList<string> Plan)? SeriesPlan { get; private set; }

    public string? PlanProblem { get; private set; }

    public bool PlanSaved { get; private set; }

    /// <summary>For a media asset: the items that show it, said before it is moved to the trash.</summary>
    public IReadOnlyList<Cms.Media.MediaUse> Uses { get; private set; } = [];

    public ContentTypeDefinition Type { get; private set; } = null!;

    public long Id { get; private set; }

    public string Key { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Locale { get; private set; } = Locales.Source;

    public int Version { get; private set; }

    public bool Trashed { get; private set; }

    public ContentLocalization? Current { get; private set; }

    public Dictionary<string, string> States { get; } = [];

    public List<(FieldDefinition Field, string Value)> Fields { get; } = [];

    public async Task<IActionResult> OnGetAsync(string type, long id, string? locale, CancellationToken ct)
    {
        if (types.Find(type) is not { } definition)
        {
            return NotFound();
        }

        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == id && i.Type == type, ct);
        if (item is null)
        {
            return NotFound();
        }

        Type = definition;
        Id = item.Id;
        Key = item.Key;
        Version = item.Version;
        Trashed = item.DeletedAt is not null;
        Locale = Locales.IsSupported(locale) ? locale! : Locales.Source;
        var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
        Title = ContentJson.Parse(source?.FieldsJson)["title"]?.GetValue<string>() ?? item.Key;
        var publishedSource = (await PublishedSources.LoadAsync(db, [item.Id], ct)).GetValueOrDefault(item.Id);
        foreach (var l in Locales.All)
        {
            States[l] = LocaleStates.Of(item.Localizations.FirstOrDefault(x => x.Locale == l), source?.ContentHash, publishedSourceHash: publishedSource);
        }

        Current = item.Localizations.FirstOrDefault(l => l.Locale == Locale);
        if (Current is not null)
        {
            var merged = ContentJson.Merge(ContentJson.Parse(item.SharedJson), ContentJson.Parse(Current.FieldsJson));
            foreach (var field in definition.Fields)
            {
                Fields.Add((field, FormFields.ToText(field, merged[field.Name])));
            }

            TermWarnings = Terminology.Termbase.Check(await termbase.MatcherAsync(ct), Locale, ContentJson.Parse(Current.FieldsJson), Current.SeoTitle, Current.SeoDescription);
        }

        if (type == Cms.Media.MediaLibrary.Type)
        {
            Uses = await media.WhereUsedAsync(item.Key, ct);
        }

        var shared = ContentJson.Parse(item.SharedJson);
        Owners = await agencies.OwnersOfAsync(item.Type, item.Key, shared, ct);
        CanChangeItem = await MayAsync(new LanguageVersion(type, Locales.Source) { ItemId = item.Id }, ContentOperations.EditShared);
        OwnPlan = LanguagePlans.FromStored(item.PlannedLocales);
        if (LanguagePlans.SeriesOf(item.Type, item.Key, shared) is { } series && series != item.Key)
        {
            var stored = await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key && i.Key == series).Select(i => i.PlannedLocales).FirstOrDefaultAsync(ct);
            SeriesPlan = (series, LanguagePlans.Effective(stored));
        }

        Plan = OwnPlan ?? SeriesPlan?.Plan ?? Locales.All;
        PlanSaved = Request.Query.ContainsKey("planSaved");
        for (var i = 0; i < Locales.All.Count; i++)
        {
            var l = Locales.All[i];
            if (!Plan.Contains(l) && States[l] == "missing")
            {
                States[l] = PromoSite.Cms.Translation.CellStates.NotPlanned;
            }
        }

        return Page();
    }

    /// <summary>
    /// Sets the languages the item is meant to have ("inherit" clears its own plan, so an issue follows
    /// its series again). A fact about the item, so it takes the right to change its facts, agency included.
    /// </summary>
    public async Task<IActionResult> OnPostPlanAsync(string type, long id, string[]? planned, string? inherit, CancellationToken ct)
    {
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == id && i.Type == type && i.DeletedAt == null, ct);
        if (item is null)
        {
            return NotFound();
        }

        if (!await MayAsync(new LanguageVersion(type, Locales.Source) { ItemId = id }, ContentOperations.EditShared))
        {
            return Forbid();
        }

        IReadOnlyList<string>? plan = null;
        if (inherit is null && !LanguagePlans.TryParse(planned ?? [], out plan, out _))
        {
            var unknown = (planned ?? []).Where(l => !Locales.IsSupported(l));
            await OnGetAsync(type, id, Locales.Source, ct);
            PlanProblem = strings["admin.agencies.planUnknown", string.Join(", ", unknown), string.Join(", ", Locales.All)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var stored = inherit is null ? LanguagePlans.ToStored(plan ?? [Locales.Source]) : null;
        if (stored != item.PlannedLocales)
        {
            await accounts.AuditAsync(User.Identity!.Name!, "language-plan", $"{type}/{item.Key}", $"{item.PlannedLocales ?? "-"} → {stored ?? "-"}", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            item.PlannedLocales = stored;
            await db.BumpChangeCounterAsync(ct); // the delivery API shows the plan: other nodes reload
            await db.SaveChangesAsync(ct);
            changes.NotifyChanged();
        }

        return LocalRedirect($"/admin/content/{type}/{id}/vi?planSaved=1");
    }

    [HandlerPolicy(Policies.TrashItems)]
    public async Task<IActionResult> OnPostTrashAsync(string type, long id, CancellationToken ct)
    {
        // Trashing changes the item as a whole: who may change its facts (and its agency) may trash it.
        if (!await MayAsync(new LanguageVersion(type, Locales.Source) { ItemId = id }, ContentOperations.EditShared))
        {
            return Forbid();
        }

        if (await editor.TrashAsync(id, ct))
        {
            await accounts.AuditAsync(User.Identity!.Name!, AuditActions.Delete, $"{type}/{id}", "moved to the trash", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            await db.SaveChangesAsync(ct);
        }

        return LocalRedirect("/admin/trash");
    }
}
