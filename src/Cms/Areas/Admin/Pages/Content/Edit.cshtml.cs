using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Media;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Areas.Admin.Pages.Content;

/// <summary>
/// The edit form of one language of an item, generated from the type's declaration. Every action
/// is checked against <see cref="Permissions"/> on the server; a save carries the version it
/// started from and a stale one gets the conflict screen, never an overwrite.
/// </summary>
public sealed class EditModel(CmsDbContext db, ContentTypeRegistry types, ContentEditor editor, MediaLibrary mediaLibrary, IStringLocalizer<AdminText> strings,
    Terminology.Termbase termbase) : AdminPage
{
    /// <summary>The termbase, to highlight its terms in the Vietnamese and warn of forbidden variants in the text being edited.</summary>
    public Terminology.TermMatcher Terms { get; private set; } = new([]);

    /// <summary>Forbidden variants in the form's text as it stands (a warning, the save still happens).</summary>
    public IReadOnlyList<Terminology.ForbiddenHit> TermWarnings =>
        [.. Type.LocalizedFields.SelectMany(f => Terms.FindForbidden(Locale, Values.GetValueOrDefault("f." + f.Name), f.Name)).DistinctBy(h => (h.Term.Vi, h.Variant))];

    /// <summary>The library's assets, for the pickers of fields that take media (empty for types without such fields).</summary>
    public IReadOnlyList<MediaRow> MediaChoices { get; private set; } = [];

    /// <summary>The agencies an agency field may name (key and Vietnamese name), for its choice list.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AgencyChoices { get; private set; } = [];

    /// <summary>Media fields whose chosen image has no alt text in the language being edited: said before it is published.</summary>
    public IEnumerable<(FieldDefinition Field, MediaRow Asset)> MissingAlt =>
        from f in Type.Fields
        where f.RefType == MediaLibrary.Type
        let key = Values.GetValueOrDefault((f.Shared ? "s." : "f.") + f.Name)
        let asset = MediaChoices.FirstOrDefault(m => m.Key == key)
        where asset is { IsImage: true } && string.IsNullOrWhiteSpace(asset.AltByLocale.GetValueOrDefault(Locale))
        select (f, asset);

    public ContentTypeDefinition Type { get; private set; } = null!;

    public bool IsNew { get; private set; }

    public long Id { get; private set; }

    public string Locale { get; private set; } = Locales.Source;

    public string Title { get; private set; } = "";

    public string Key { get; private set; } = "";

    public int Version { get; private set; }

    public string TimeZone { get; private set; } = "UTC";

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The Vietnamese text of each localized field, shown to translators beside their own.</summary>
    public Dictionary<string, string> Source { get; } = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public List<(string Field, string Theirs, string Yours)> Conflict { get; } = [];

    public string? PreviewHtml { get; private set; }

    /// <summary>A translation, shown side by side with the Vietnamese it is made from.</summary>
    public bool IsTranslation => Locale != Locales.Source;

    /// <summary>
    /// For an outdated translation: the source fields that changed since it was translated, each
    /// with the change as HTML (&lt;del&gt;/&lt;ins&gt;), or null when the earlier text is not in the history.
    /// </summary>
    public Dictionary<string, string?> Changed { get; } = new(StringComparer.Ordinal);

    public bool IsOutdated { get; private set; }

    /// <summary>The languages with a live version: where a change to the shared facts will show once the Vietnamese is published.</summary>
    public IReadOnlyList<string> LiveLocales { get; private set; } = [];

    /// <summary>Decided once per request by the registered authorization handlers (resource: this type and language).</summary>
    public bool CanEdit { get; private set; }

    public bool CanPublish { get; private set; }

    public bool SharedEditable { get; private set; }

    private bool CanCreate { get; set; }

    /// <summary>This language as stored (null when it does not exist yet).</summary>
    private ContentLocalization? Stored { get; set; }

    public async Task<IActionResult> OnGetAsync(string type, string id, string locale, CancellationToken ct)
    {
        if (await LoadAsync(type, id, locale, ct) is { } problem)
        {
            return problem;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string type, string id, string locale, string? action, int version, string? key, string? copy, CancellationToken ct)
    {
        if (await LoadAsync(type, id, locale, ct) is { } problem)
        {
            return problem;
        }

        var status = action switch
        {
            "draft" => LocalizationStatus.Draft,
            "review" => LocalizationStatus.InReview,
            "publish" => LocalizationStatus.Published,
            "unpublish" => LocalizationStatus.Unpublished,
            _ => (LocalizationStatus?)null,
        };
        var allowed = status switch
        {
            LocalizationStatus.Draft or LocalizationStatus.InReview => CanEdit && (!IsNew || CanCreate),
            LocalizationStatus.Published or LocalizationStatus.Unpublished => CanPublish && (!IsNew || CanCreate) && (CanEdit || Stored is not null),
            _ => true, // preview: the page's staff policy
        };
        if (!allowed)
        {
            return Forbid();
        }

        // What was posted replaces what was loaded; read-only parts stay as stored.
        var zone = FormFields.Zone(TimeZone);
        var localized = new JsonObject();
        foreach (var field in Type.LocalizedFields)
        {
            var text = CanEdit ? Request.Form["f." + field.Name].ToString() : Values.GetValueOrDefault("f." + field.Name);
            Values["f." + field.Name] = text ?? "";
            if (FormFields.ToJson(field, text, strings, out var error) is { } value)
            {
                localized[field.Name] = value;
            }

            AddError(error);
        }

        JsonObject? shared = null;
        if (SharedEditable)
        {
            shared = [];
            foreach (var field in Type.SharedFields)
            {
                var text = Request.Form["s." + field.Name].ToString();
                Values["s." + field.Name] = text;
                if (FormFields.ToJson(field, text, strings, out var error) is { } value)
                {
                    shared[field.Name] = value;
                }

                AddError(error);
            }
        }

        // Without the right to edit (a reviewer publishing), the address, SEO fields and schedule
        // stay exactly as stored, like the text: publishing is not a way to change them.
        foreach (var name in CanEdit ? new[] { "slug", "seoTitle", "seoDescription", "publishAt", "unpublishAt" } : [])
        {
            Values[name] = Request.Form[name].ToString().Trim();
        }

        if (copy is not null)
        {
            // "Copy from Vietnamese": one field or all of them, into the form only; nothing is saved.
            if (!CanEdit || !IsTranslation)
            {
                return Forbid();
            }

            foreach (var field in Type.LocalizedFields.Where(f => copy == "*" || f.Name == copy))
            {
                Values["f." + field.Name] = Source.GetValueOrDefault(field.Name) ?? "";
            }

            Errors.Clear();
            return Page();
        }

        var publishAt = FormFields.FromLocalInput(Values["publishAt"], zone, strings, out var publishProblem);
        var unpublishAt = FormFields.FromLocalInput(Values["unpublishAt"], zone, strings, out var unpublishProblem);
        AddError(publishProblem);
        AddError(unpublishProblem);
        if (status is null)
        {
            PreviewHtml = MarkdownRenderer.ToHtml(localized["body"]?.GetValue<string>());
            return Page();
        }

        CheckLimits(status.Value);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var input = !CanEdit && Stored is not null
            ? StoredCopy.Input(Stored, status.Value)
            : new LocalizationInput(Locale, localized, status.Value, NullIfEmpty(Values["slug"]), NullIfEmpty(Values["seoTitle"]), NullIfEmpty(Values["seoDescription"]), publishAt, unpublishAt);
        var author = User.Identity!.Name!;
        input = input with { Audit = new SaveAudit(author, AuditActions.ForSave(status.Value), LocalizationStatuses.ToWire(status.Value), HttpContext.Connection.RemoteIpAddress?.ToString()) };
        var outcome = IsNew
            ? await editor.CreateAsync(Type.Name, await NewKeyAsync(key, localized, ct), shared ?? [], input, author, ct)
            : await editor.SaveAsync(Id, version, shared, input, author, ct);
        switch (outcome.Result)
        {
            case EditResult.Created or EditResult.Updated or EditResult.Unchanged:
                var itemId = outcome.Item!.Id;
                return LocalRedirect($"/admin/content/{Type.Name}/{itemId}/{Locale}");
            case EditResult.Conflict:
                await ShowConflictAsync(localized, ct);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                Errors.AddRange(outcome.Errors.Select(Describe));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    /// <summary>The live preview's request: Markdown in, the public site's safe HTML out; nothing is saved.</summary>
    public IActionResult OnPostRender(string? markdown) => Content(MarkdownRenderer.ToHtml(markdown), "text/html; charset=utf-8");

    private void AddError(string? error)
    {
        if (error is not null)
        {
            Errors.Add(error);
        }
    }

    /// <summary>
    /// The checks staff meet most (a required field left empty for review or publishing, a text over
    /// its length), made here first so that they are said in the admin's language and name the field
    /// as the form labels it; the editor's own validation still decides, and stays the last word.
    /// </summary>
    private void CheckLimits(LocalizationStatus status)
    {
        var complete = status is LocalizationStatus.Published or LocalizationStatus.InReview;
        foreach (var field in Type.Fields.Where(f => f.Localized || SharedEditable))
        {
            var text = Values.GetValueOrDefault((field.Shared ? "s." : "f.") + field.Name)?.Trim().ReplaceLineEndings("\n") ?? "";
            if (complete && field.Required && text.Length == 0)
            {
                AddError(strings["admin.edit.required", strings.Field(field)]);
            }
            else if (field.MaxLength is { } max && field.Kind is FieldKind.Text or FieldKind.Markdown && text.Length > max)
            {
                AddError(strings["admin.edit.tooLong", strings.Field(field), text.Length, max]);
            }
        }
    }

    /// <summary>An error from the editor with the field named as the form labels it.</summary>
    private string Describe(FieldError error)
    {
        var label = Type.FieldsByName.TryGetValue(error.Field, out var field) ? strings.Field(field)
            : error.Field switch
            {
                "slug" => strings["admin.content.slug"].Value,
                "seoTitle" => strings["admin.content.seoTitle"].Value,
                "seoDescription" => strings["admin.content.seoDescription"].Value,
                "unpublishAt" => strings["admin.edit.unpublishAt"].Value,
                "key" => strings["admin.edit.key"].Value,
                _ => error.Field,
            };
        var message = strings.Problem(error);
        return string.IsNullOrEmpty(label) ? message : $"{label}: {message}";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Both texts side by side; the form keeps the user's and now carries the saved version, so a second save is a deliberate choice.</summary>
    private async Task ShowConflictAsync(JsonObject yours, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstAsync(i => i.Id == Id, ct);
        Version = item.Version;
        var theirs = ContentJson.Parse(item.Localizations.FirstOrDefault(l => l.Locale == Locale)?.FieldsJson);
        foreach (var field in Type.LocalizedFields)
        {
            Conflict.Add((strings.Field(field), FormFields.ToText(field, theirs[field.Name]), FormFields.ToText(field, yours[field.Name])));
        }
    }

    private async Task<string> NewKeyAsync(string? requested, JsonObject localized, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return requested.Trim();
        }

        var baseKey = Slugs.FromTitle(localized["title"]?.GetValue<string>() ?? "");
        baseKey = baseKey.Length == 0 ? Type.Name : baseKey;
        var candidate = baseKey;
        for (var n = 2; await db.Items.AnyAsync(i => i.Type == Type.Name && i.Key == candidate, ct); n++)
        {
            candidate = $"{baseKey}-{n}";
        }

        return candidate;
    }

    /// <summary>
    /// Finds the Vietnamese the translation was made from (the source revision with the fingerprint
    /// the translation recorded) and compares it with today's, field by field. Without that
    /// revision (e.g. a translation imported with an older fingerprint), the per-field
    /// fingerprints still tell which fields changed, just not how.
    /// </summary>
    private async Task FindSourceChangesAsync(ContentTypeDefinition definition, long itemId, ContentLocalization translation, ContentLocalization source, JsonObject sourceFields, CancellationToken ct)
    {
        var history = await db.Revisions.AsNoTracking()
            .Where(r => r.ItemId == itemId && r.Locale == Locales.Source)
            .OrderByDescending(r => r.Number)
            .Select(r => r.FieldsJson)
            .ToListAsync(ct);
        var earlier = history.Select(ContentJson.Parse).FirstOrDefault(f => ContentJson.Hash(f) == translation.SourceHash);
        if (earlier is not null)
        {
            foreach (var field in definition.LocalizedFields)
            {
                var before = FormFields.ToText(field, earlier[field.Name]);
                var now = FormFields.ToText(field, sourceFields[field.Name]);
                if (before != now)
                {
                    Changed[field.Name] = TextDiff.ToHtml(TextDiff.Compare(before, now));
                }
            }

            return;
        }

        var then = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(translation.SourceFieldHashesJson ?? "null");
        if (then is null)
        {
            return; // the page says the source changed, without naming fields
        }

        var today = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(source.FieldHashesJson) ?? [];
        foreach (var field in definition.LocalizedFields.Where(f => then.GetValueOrDefault(f.Name) != today.GetValueOrDefault(f.Name)))
        {
            Changed[field.Name] = null;
        }
    }

    private async Task<IActionResult?> LoadAsync(string type, string id, string locale, CancellationToken ct)
    {
        if (types.Find(type) is not { } definition || !Locales.IsSupported(locale))
        {
            return NotFound();
        }

        Type = definition;
        Locale = locale;
        // The item's owning agency counts as well as role and language (Agencies/AgencyOwnershipHandler).
        var resource = new LanguageVersion(type, locale)
        {
            ItemId = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedId) ? parsedId : null,
            IsNew = id == "new",
            Series = Request.HasFormContentType && Request.Form.TryGetValue("s.publication", out var series) && !string.IsNullOrWhiteSpace(series) ? series.ToString().Trim() : null,
        };
        CanEdit = await MayAsync(resource, ContentOperations.Edit);
        CanPublish = await MayAsync(resource, ContentOperations.Publish);
        SharedEditable = await MayAsync(resource, ContentOperations.EditShared);
        CanCreate = await MeetsAsync(Policies.CreateItems);
        Terms = await termbase.MatcherAsync(ct);
        if (definition.Fields.Any(f => f.RefType == MediaLibrary.Type))
        {
            MediaChoices = await mediaLibrary.SearchAsync(new MediaSearch(), ct);
        }

        if (definition.Fields.Any(f => f.Agency))
        {
            AgencyChoices = await db.Agencies.AsNoTracking().OrderBy(a => a.NameVi).Select(a => new KeyValuePair<string, string>(a.Key, a.NameVi)).ToListAsync(ct);
        }

        var userId = long.Parse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, CultureInfo.InvariantCulture);
        TimeZone = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct) ?? "UTC";
        if (id == "new")
        {
            IsNew = true;
            return locale == Locales.Source ? null : NotFound();
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
        {
            return NotFound();
        }

        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == itemId && i.Type == type, ct);
        if (item is null || item.DeletedAt is not null)
        {
            return NotFound();
        }

        Id = item.Id;
        Key = item.Key;
        LiveLocales = [.. Locales.All.Where(l => item.Localizations.Any(x => x.Locale == l && x.PublishedRevisionId is not null))];
        Version = item.Version;
        var shared = ContentJson.Parse(item.SharedJson);
        var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
        var sourceFields = ContentJson.Parse(source?.FieldsJson);
        Title = sourceFields["title"]?.GetValue<string>() ?? item.Key;
        var current = item.Localizations.FirstOrDefault(l => l.Locale == locale);
        Stored = current;
        var fields = ContentJson.Parse(current?.FieldsJson);
        foreach (var field in definition.LocalizedFields)
        {
            Values["f." + field.Name] = FormFields.ToText(field, fields[field.Name]);
            if (locale != Locales.Source)
            {
                Source[field.Name] = FormFields.ToText(field, sourceFields[field.Name]);
            }
        }

        foreach (var field in definition.SharedFields)
        {
            Values["s." + field.Name] = FormFields.ToText(field, shared[field.Name]);
        }

        if (current is not null && source is not null && Translations.IsOutdated(locale, current.SourceHash, source.ContentHash))
        {
            IsOutdated = true;
            await FindSourceChangesAsync(definition, item.Id, current, source, sourceFields, ct);
        }

        var zone = FormFields.Zone(TimeZone);
        Values["slug"] = current?.Slug ?? "";
        Values["seoTitle"] = current?.SeoTitle ?? "";
        Values["seoDescription"] = current?.SeoDescription ?? "";
        Values["publishAt"] = FormFields.ToLocalInput(current?.PublishAt, zone);
        Values["unpublishAt"] = FormFields.ToLocalInput(current?.UnpublishAt, zone);
        return null;
    }
}
