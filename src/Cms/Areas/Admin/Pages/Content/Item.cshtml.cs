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
public sealed class ItemModel(CmsDbContext db, ContentTypeRegistry types, ContentEditor editor, AccountService accounts, Cms.Media.MediaLibrary media) : AdminPage
{
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
        }

        if (type == Cms.Media.MediaLibrary.Type)
        {
            Uses = await media.WhereUsedAsync(item.Key, ct);
        }

        return Page();
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
