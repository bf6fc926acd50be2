using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Editing;

/// <summary>What a save of one language of an item asks for.</summary>
public sealed record LocalizationInput(
    string Locale,
    JsonObject Fields,
    LocalizationStatus Status,
    string? Slug = null,
    string? SeoTitle = null,
    string? SeoDescription = null,
    DateTime? PublishAt = null,
    DateTime? UnpublishAt = null,
    string? TranslatedFrom = null)
{
    /// <summary>
    /// The audit-log line for this save, written in the save's own transaction (so a committed save
    /// always has its line, and a refused one none); its target is completed with the item.
    /// </summary>
    public SaveAudit? Audit { get; init; }
}

/// <summary>Who saved, as what action ("save", "publish", ...), with what detail, from where.</summary>
public sealed record SaveAudit(string Actor, string Action, string? Detail, string? Address);

public enum EditResult { Created, Updated, Unchanged, Invalid, Conflict }

public sealed record EditOutcome(EditResult Result, IReadOnlyList<FieldError> Errors, ContentItem? Item = null, ContentLocalization? Localization = null)
{
    public bool Succeeded => Result is EditResult.Created or EditResult.Updated or EditResult.Unchanged;

    public static EditOutcome Invalid(params FieldError[] errors) => new(EditResult.Invalid, errors);
}

/// <summary>
/// The one place content is written. Every save validates against the type's declaration, keeps
/// shared fields out of translations, settles the slug (unique per type and locale, with a
/// permanent redirect from the old one), fingerprints the fields so translations can be seen to be
/// outdated, and appends a revision, all in one transaction. A save based on a stale version is
/// refused, never merged silently.
/// </summary>
public sealed class ContentEditor(CmsDbContext db, ContentTypeRegistry types, ContentCommit commit, ChangeFeedRecorder feed, TimeProvider clock, IEnumerable<IContentSaveObserver> observers)
{
    /// <summary>Creates an item with its Vietnamese source (shared fields are set here).</summary>
    public async Task<EditOutcome> CreateAsync(string type, string key, JsonObject shared, LocalizationInput source, string author, CancellationToken ct = default)
    {
        var definition = types.Find(type);
        if (definition is null)
        {
            return EditOutcome.Invalid(FieldError.Coded("type", "notAType", $"'{type}' is not a content type.", type));
        }

        if (source.Locale != Locales.Source)
        {
            return EditOutcome.Invalid(FieldError.Coded("locale", "createInSource", $"An item is created in the source language ({Locales.Source}); translations come after."));
        }

        if (!Slugs.IsValid(key))
        {
            return EditOutcome.Invalid(FieldError.Coded("key", "badKey", $"'{key}' is not a valid key: use lowercase letters, digits and single hyphens.", key));
        }

        if (await db.Items.AnyAsync(i => i.Type == type && i.Key == key, ct))
        {
            return EditOutcome.Invalid(FieldError.Coded("key", "keyTaken", $"A {type} item with key '{key}' already exists.", key));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var item = new ContentItem { Type = type, Key = key, SharedJson = "{}", CreatedAt = now, UpdatedAt = now };
        return await SaveCoreAsync(definition, item, isNew: true, expectedVersion: null, shared, source, author, ct);
    }

    /// <summary>
    /// Saves one language of an existing item. <paramref name="shared"/> may be given only with the
    /// source language. <paramref name="expectedVersion"/> is the item version the editor started
    /// from; null skips the check (imports, which carry their own idempotency).
    /// </summary>
    public async Task<EditOutcome> SaveAsync(long itemId, int? expectedVersion, JsonObject? shared, LocalizationInput input, string author, CancellationToken ct = default)
    {
        var item = await db.Items.Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null)
        {
            return EditOutcome.Invalid(FieldError.Coded("", "noItem", $"Item {itemId} does not exist.", itemId));
        }

        return await SaveCoreAsync(types.Get(item.Type), item, isNew: false, expectedVersion, shared, input, author, ct);
    }

    private async Task<EditOutcome> SaveCoreAsync(
        ContentTypeDefinition type, ContentItem item, bool isNew, int? expectedVersion, JsonObject? shared, LocalizationInput input, string author, CancellationToken ct)
    {
        if (!Locales.IsSupported(input.Locale))
        {
            return EditOutcome.Invalid(FieldError.Coded("locale", "notALanguage", $"'{input.Locale}' is not one of {string.Join(", ", Locales.All)}.", input.Locale));
        }

        if (expectedVersion is not null && expectedVersion != item.Version)
        {
            return new EditOutcome(EditResult.Conflict, [FieldError.Coded("", "changedMeanwhile", $"This item was changed by someone else (version {item.Version}, yours was {expectedVersion}).", item.Version, expectedVersion ?? 0)], item);
        }

        if (item.DeletedAt is not null)
        {
            return EditOutcome.Invalid(FieldError.Coded("", "inTrash", "The item is in the trash; restore it before editing."));
        }

        var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
        if (input.Locale != Locales.Source && source is null)
        {
            return EditOutcome.Invalid(FieldError.Coded("locale", "sourceFirst", "Save the Vietnamese source before any translation."));
        }

        var currentShared = ContentJson.Parse(item.SharedJson);
        var newShared = shared ?? currentShared;
        var errors = new List<FieldError>();
        if (input.Locale != Locales.Source && shared is not null && ContentJson.Canonical(shared) != ContentJson.Canonical(currentShared))
        {
            var names = shared.Select(p => p.Key).Where(k => !JsonNode.DeepEquals(shared[k], currentShared[k]));
            errors.Add(FieldError.Coded(string.Join(", ", names), "sharedInTranslation", $"Shared fields are the same in every language and are edited in the source ({Locales.Source}) only; a {input.Locale} translation cannot change them."));
        }

        errors.AddRange(FieldsOfWrongScope(type, newShared, localized: false));
        errors.AddRange(FieldsOfWrongScope(type, input.Fields, localized: true));
        if (errors.Count > 0)
        {
            return EditOutcome.Invalid([.. errors]);
        }

        var merged = ContentJson.Merge(newShared, input.Fields);
        var requireComplete = input.Status is LocalizationStatus.Published or LocalizationStatus.InReview;
        errors.AddRange(ContentJson.Validate(type, merged).Where(e => requireComplete || HasValue(merged, e.Field)));
        errors.AddRange(await MissingReferencesAsync(type, newShared, input.Fields, ct));
        errors.AddRange(await TakenCampaignAsync(type, item.Id, newShared, ct));
        errors.AddRange(TextLimits.Check(type, input.Fields));
        if (shared is not null)
        {
            errors.AddRange(TextLimits.Check(type, shared));
        }

        errors.AddRange(SeoProblems(input));

        if (type.CorrectionField is { } correction && input.Status == LocalizationStatus.Published)
        {
            errors.AddRange(await MissingCorrectionNoteAsync(item, correction, input, newShared, ct));
        }

        if (input.UnpublishAt is not null && input.PublishAt is not null && input.UnpublishAt <= input.PublishAt)
        {
            errors.Add(FieldError.Coded("unpublishAt", "unpublishBeforePublish", "The unpublish time must come after the publish time."));
        }

        if (errors.Count > 0)
        {
            return EditOutcome.Invalid([.. errors]);
        }

        var localization = item.Localizations.FirstOrDefault(l => l.Locale == input.Locale);
        var scope = type.SlugScope is null ? "" : newShared[type.SlugScope]?.GetValue<string>() ?? "";
        var slug = await SettleSlugAsync(type, item, localization, input, merged, scope, errors, ct);
        if (errors.Count > 0)
        {
            return EditOutcome.Invalid([.. errors]);
        }

        var fieldsJson = ContentJson.Canonical(input.Fields);
        var sharedJson = ContentJson.Canonical(newShared);
        var sharedChanged = sharedJson != ContentJson.Canonical(currentShared);
        var changed = isNew || sharedChanged || localization is null
            || localization.FieldsJson != fieldsJson || localization.Slug != slug || localization.SlugScope != scope
            || localization.SeoTitle != input.SeoTitle || localization.SeoDescription != input.SeoDescription
            || localization.Status != input.Status || localization.PublishAt != input.PublishAt || localization.UnpublishAt != input.UnpublishAt
            || (input.TranslatedFrom is not null && localization.SourceHash != input.TranslatedFrom);
        if (!changed)
        {
            return new EditOutcome(EditResult.Unchanged, [], item, localization);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await commit.BeginAsync(ct);
        try
        {
            if (isNew)
            {
                db.Items.Add(item);
            }

            // What the public saw before this save, for the change feed (read before anything moves).
            var visibleBefore = isNew ? null : await feed.VisibleAsync(type, item, localization, now, ct);
            item.SharedJson = sharedJson;
            item.UpdatedAt = now;
            item.Version++;

            var contentChanged = localization is null || localization.FieldsJson != fieldsJson;
            var wasLive = localization?.PublishedRevisionId is not null;
            var hashBefore = localization?.ContentHash;
            var statusBefore = localization?.Status;
            if (localization is null)
            {
                localization = new ContentLocalization { Type = type.Name, Locale = input.Locale, Slug = slug, CreatedAt = now, Item = item };
                item.Localizations.Add(localization);
            }
            else if (localization.Slug != slug || localization.SlugScope != scope)
            {
                await KeepOldSlugAsync(item, localization, now, ct);
            }

            localization.Slug = slug;
            localization.SlugScope = scope;
            localization.FieldsJson = fieldsJson;
            localization.ContentHash = ContentJson.Hash(input.Fields);
            localization.FieldHashesJson = System.Text.Json.JsonSerializer.Serialize(ContentJson.FieldHashes(input.Fields));
            localization.SeoTitle = input.SeoTitle;
            localization.SeoDescription = input.SeoDescription;
            localization.Status = input.Status;
            localization.PublishAt = input.PublishAt;
            localization.UnpublishAt = input.UnpublishAt;
            localization.UpdatedAt = now;
            localization.Version++;
            if (input.Status == LocalizationStatus.Published)
            {
                localization.FirstPublishedAt ??= input.PublishAt is { } at && at > now ? at : now;
            }

            if (input.Locale == Locales.Source)
            {
                localization.SourceHash = null;
                localization.SourceFieldHashesJson = null;
            }
            else if (input.TranslatedFrom is not null)
            {
                localization.SourceHash = input.TranslatedFrom;
            }
            else if (contentChanged)
            {
                // A translation saved with new text was made from the source as it is now.
                localization.SourceHash = source!.ContentHash;
                localization.SourceFieldHashesJson = source.FieldHashesJson;
            }

            await db.SaveChangesAsync(ct);
            var number = (await db.Revisions.Where(r => r.ItemId == item.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;
            var revision = new Revision
            {
                ItemId = item.Id,
                Locale = input.Locale,
                Number = number,
                Status = input.Status,
                Slug = slug,
                SeoTitle = input.SeoTitle,
                SeoDescription = input.SeoDescription,
                PublishAt = input.PublishAt,
                UnpublishAt = input.UnpublishAt,
                SharedJson = sharedJson,
                FieldsJson = fieldsJson,
                SourceHash = localization.SourceHash,
                Author = author,
                CreatedAt = now,
            };
            db.Revisions.Add(revision);
            await db.SaveChangesAsync(ct);

            // What visitors see moves only on publish and unpublish; a draft or a review request
            // leaves the live revision where it is.
            if (input.Status == LocalizationStatus.Published)
            {
                localization.PublishedRevisionId = revision.Id;
            }
            else if (input.Status == LocalizationStatus.Unpublished)
            {
                localization.PublishedRevisionId = null;
            }

            // In the same transaction as the save: no event is lost, none is sent for a save that rolls back.
            Webhooks.WebhookOutbox.Record(db, item, input.Locale, input.Status, wasLive, hashBefore, localization.ContentHash, now, input.PublishAt);
            await feed.RecordSaveAsync(type, item, input, slug, revision.Number, visibleBefore, now, ct);
            if (input.Audit is { } audit)
            {
                db.AuditLog.Add(new Accounts.AuditEntry { At = now, Actor = audit.Actor, Action = audit.Action, Target = $"{type.Name}/{item.Key}/{input.Locale}", Detail = audit.Detail, Address = audit.Address });
            }

            foreach (var observer in observers)
            {
                await observer.SavedAsync(new ContentSave(item, localization, statusBefore, author, now), ct);
            }

            await db.SaveChangesAsync(ct);
            await commit.CommitAsync(transaction, item.Id, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            commit.DiscardChanges();
            db.ChangeTracker.Clear();
            return new EditOutcome(EditResult.Conflict, [FieldError.Coded("", "changedWhileSaving", "This item was changed by someone else while you were saving; nothing was overwritten.")]);
        }

        return new EditOutcome(isNew ? EditResult.Created : EditResult.Updated, [], item, localization);
    }

    /// <summary>
    /// A language that readers have seen is never changed silently: publishing it again with other
    /// text (or, for the source, other shared facts) needs a new note saying what changed, which
    /// becomes the next line of its public correction log. Publishing it unchanged needs none.
    /// </summary>
    private async Task<IEnumerable<FieldError>> MissingCorrectionNoteAsync(ContentItem item, FieldDefinition correction, LocalizationInput input, JsonObject newShared, CancellationToken ct)
    {
        if (item.Id == 0 || item.Localizations.FirstOrDefault(l => l.Locale == input.Locale) is not { FirstPublishedAt: not null })
        {
            return [];
        }

        var last = await db.Revisions.AsNoTracking()
            .Where(r => r.ItemId == item.Id && r.Locale == input.Locale && r.Status == LocalizationStatus.Published)
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.FieldsJson, r.SharedJson })
            .FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return [];
        }

        var before = ContentJson.Parse(last.FieldsJson);
        var after = input.Fields.DeepClone().AsObject();
        var oldNote = before[correction.Name]?.GetValue<string>()?.Trim();
        var newNote = after[correction.Name]?.GetValue<string>()?.Trim();
        before.Remove(correction.Name);
        after.Remove(correction.Name);
        var changed = ContentJson.Canonical(before) != ContentJson.Canonical(after)
            || (input.Locale == Locales.Source && ContentJson.Canonical(ContentJson.Parse(last.SharedJson)) != ContentJson.Canonical(newShared));
        return changed && (string.IsNullOrEmpty(newNote) || newNote == oldNote)
            ? [FieldError.Coded(correction.Name, "correctionNeeded", "This language was already published, so the change is shown to readers as a correction: say what changed in the correction note (a new note, not the previous one). Nothing was saved.")]
            : [];
    }

    /// <summary>Moves an item to the trash: its public URLs answer 410 Gone until it is restored.</summary>
    public Task<bool> TrashAsync(long itemId, CancellationToken ct = default) => SetTrashedAsync(itemId, trashed: true, ct);

    public Task<bool> RestoreFromTrashAsync(long itemId, CancellationToken ct = default) => SetTrashedAsync(itemId, trashed: false, ct);

    /// <summary>
    /// Deletes a trashed item for good, with its revisions and old slugs. Only the trash can be
    /// purged, so nothing published disappears in one step.
    /// </summary>
    public async Task<bool> PurgeAsync(long itemId, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == itemId && i.DeletedAt != null, ct);
        if (item is null)
        {
            return false;
        }

        await db.Revisions.Where(r => r.ItemId == itemId).ExecuteDeleteAsync(ct);
        await db.SlugRedirects.Where(r => r.ItemId == itemId).ExecuteDeleteAsync(ct);
        await db.Localizations.Where(l => l.ItemId == itemId).ExecuteDeleteAsync(ct);
        await db.Items.Where(i => i.Id == itemId).ExecuteDeleteAsync(ct);
        await commit.CommitAsync(transaction, itemId, ct);
        return true;
    }

    private async Task<bool> SetTrashedAsync(long itemId, bool trashed, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || (item.DeletedAt is not null) == trashed)
        {
            return false;
        }

        await feed.RecordTrashAsync(item, trashed, clock.GetUtcNow().UtcDateTime, ct);
        item.DeletedAt = trashed ? clock.GetUtcNow().UtcDateTime : null;
        item.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        item.Version++;
        if (trashed)
        {
            var live = await db.Localizations.Where(l => l.ItemId == itemId && l.PublishedRevisionId != null).Select(l => l.Locale).ToListAsync(ct);
            Webhooks.WebhookOutbox.RecordTrashed(db, item, live, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
        await commit.CommitAsync(transaction, itemId, ct);
        return true;
    }

    private static IEnumerable<FieldError> FieldsOfWrongScope(ContentTypeDefinition type, JsonObject fields, bool localized)
    {
        foreach (var (name, _) in fields)
        {
            if (!type.FieldsByName.TryGetValue(name, out var field))
            {
                yield return FieldError.Coded(name, "notAField", $"'{name}' is not a field of {type.Name}. Fields: {string.Join(", ", type.Fields.Select(f => f.Name))}.", name, string.Join(", ", type.Fields.Select(f => f.Name)));
            }
            else if (field.Localized != localized)
            {
                yield return localized
                    ? FieldError.Coded(name, "sharedField", $"'{name}' is a shared field: it is the same in every language and is set in the source ({Locales.Source}) only.")
                    : FieldError.Coded(name, "localizedField", $"'{name}' is a localized field and belongs to a language, not to the shared fields.");
            }
        }
    }

    /// <summary>The SEO fields' limits (see <see cref="TextLimits.SeoTitleMaxLength"/> for why they are not 70 and 160).</summary>
    private static IEnumerable<FieldError> SeoProblems(LocalizationInput input)
    {
        if (input.SeoTitle is { Length: > TextLimits.SeoTitleMaxLength })
        {
            yield return FieldError.Coded("seoTitle", "seoTitleLength", $"The SEO title has {input.SeoTitle.Length} characters; at most {TextLimits.SeoTitleMaxLength} are allowed (search engines show about 60).", input.SeoTitle.Length, TextLimits.SeoTitleMaxLength);
        }
        else if (input.SeoTitle is not null && TextLimits.CharacterProblem("seoTitle", "The SEO title", input.SeoTitle, multiLine: false) is { } problem)
        {
            yield return problem;
        }

        if (input.SeoDescription is { Length: > TextLimits.SeoDescriptionMaxLength })
        {
            yield return FieldError.Coded("seoDescription", "seoDescriptionLength", $"The SEO description has {input.SeoDescription.Length} characters; at most {TextLimits.SeoDescriptionMaxLength} are allowed (search engines show about 160).", input.SeoDescription.Length, TextLimits.SeoDescriptionMaxLength);
        }
        else if (input.SeoDescription is not null && TextLimits.CharacterProblem("seoDescription", "The SEO description", input.SeoDescription, multiLine: true) is { } problem)
        {
            yield return problem;
        }
    }

    private static bool HasValue(JsonObject merged, string field) =>
        merged[field] is { } node && !(node.GetValueKind() == System.Text.Json.JsonValueKind.String && string.IsNullOrWhiteSpace(node.GetValue<string>()));

    /// <summary>A campaign counts the scans and visits of one item only: another live item of the type that uses the name refuses the save.</summary>
    private async Task<IEnumerable<FieldError>> TakenCampaignAsync(ContentTypeDefinition type, long itemId, JsonObject shared, CancellationToken ct)
    {
        if (type.CampaignField is not { } field || shared[field.Name] is not { } node || node.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return [];
        }

        var campaign = node.GetValue<string>();
        var others = await db.Items.AsNoTracking().Where(i => i.Type == type.Name && i.Id != itemId && i.DeletedAt == null)
            .Select(i => new { i.Key, i.SharedJson }).ToListAsync(ct);
        var owner = others.FirstOrDefault(o => ContentJson.Parse(o.SharedJson)[field.Name] is { } other
            && other.GetValueKind() == System.Text.Json.JsonValueKind.String && other.GetValue<string>() == campaign);
        return owner is null
            ? []
            : [FieldError.Coded(field.Name, "campaignTaken", $"The campaign '{campaign}' is already used by '{owner.Key}'; each conference counts its own scans and visits, so choose another name.", campaign, owner.Key)];
    }

    private async Task<IEnumerable<FieldError>> MissingReferencesAsync(ContentTypeDefinition type, JsonObject shared, JsonObject localized, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        foreach (var field in type.Fields.Where(f => f.RefType is not null))
        {
            var node = (field.Localized ? localized : shared)[field.Name];
            var keys = node switch
            {
                null => [],
                JsonArray array => array.Select(n => n?.GetValue<string>()).OfType<string>().ToList(),
                _ when node.GetValueKind() == System.Text.Json.JsonValueKind.String => [node.GetValue<string>()],
                _ => [],
            };
            if (keys.Count == 0)
            {
                continue;
            }

            var found = await db.Items.Where(i => i.Type == field.RefType && keys.Contains(i.Key)).Select(i => i.Key).ToListAsync(ct);
            foreach (var missing in keys.Except(found))
            {
                errors.Add(FieldError.Coded(field.Name, "missingReference", $"'{field.Name}' refers to {field.RefType} '{missing}', which does not exist.", missing));
            }
        }

        // An agency named by key must be one of the agencies, or no reader could see its name.
        foreach (var field in type.Fields.Where(f => f.Agency))
        {
            var key = (field.Localized ? localized : shared)[field.Name] is { } node && node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : "";
            if (key.Length > 0 && !await db.Agencies.AnyAsync(a => a.Key == key, ct))
            {
                var known = string.Join(", ", await db.Agencies.OrderBy(a => a.Key).Select(a => a.Key).ToListAsync(ct));
                errors.Add(FieldError.Coded(field.Name, "unknownAgency", $"'{key}' is not an agency; the agencies are: {known}.", key, known));
            }
        }

        return errors;
    }

    private async Task<string> SettleSlugAsync(
        ContentTypeDefinition type, ContentItem item, ContentLocalization? localization, LocalizationInput input, JsonObject merged, string scope, List<FieldError> errors, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(input.Slug))
        {
            if (!Slugs.IsValid(input.Slug))
            {
                errors.Add(FieldError.Coded("slug", "badSlug", $"'{input.Slug}' is not a valid slug: lowercase letters a-z, digits and single hyphens, at most {Slugs.MaxLength} characters.", input.Slug, Slugs.MaxLength));
                return input.Slug;
            }

            if (type.Name == SitePage.Key && Slugs.Reserved.Contains(input.Slug))
            {
                errors.Add(FieldError.Coded("slug", "reservedSlug", $"'{input.Slug}' is a section of the public site and cannot be a page slug.", input.Slug));
                return input.Slug;
            }

            if (await SlugHolderAsync(type.Name, input.Locale, scope, input.Slug, item.Id, ct) is { } taken)
            {
                errors.Add(taken);
            }

            return input.Slug;
        }

        // A slug, once given, stays: printed links depend on it. It changes only when an editor sets one.
        if (localization is not null)
        {
            return localization.Slug;
        }

        var candidate = input.Locale switch
        {
            "vi" or "en" => Slugs.FromTitle(merged["title"]?.GetValue<string>() ?? ""),
            _ => item.Localizations.FirstOrDefault(l => l.Locale == "en")?.Slug ?? "",
        };
        if (candidate.Length == 0)
        {
            candidate = Slugs.FromTitle(merged["title"]?.GetValue<string>() ?? "");
        }

        if (candidate.Length == 0)
        {
            candidate = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source)?.Slug ?? item.Key;
        }

        if (type.Name == SitePage.Key && Slugs.Reserved.Contains(candidate))
        {
            candidate += "-page";
        }

        var unique = candidate;
        for (var n = 2; await SlugHolderAsync(type.Name, input.Locale, scope, unique, item.Id, ct) is not null; n++)
        {
            var suffix = "-" + n;
            unique = candidate[..Math.Min(candidate.Length, Slugs.MaxLength - suffix.Length)] + suffix;
        }

        return unique;
    }

    /// <summary>Who else holds a slug, as a current slug or as a redirect, said as the refusal; null when it is free for this item.</summary>
    private async Task<FieldError?> SlugHolderAsync(string type, string locale, string scope, string slug, long itemId, CancellationToken ct)
    {
        var current = await db.Localizations
            .Where(l => l.Type == type && l.Locale == locale && l.SlugScope == scope && l.Slug == slug && l.ItemId != itemId)
            .Select(l => l.Item.Key).FirstOrDefaultAsync(ct);
        if (current is not null)
        {
            return FieldError.Coded("slug", "slugTaken", $"The slug '{slug}' is already used in {locale} by {type} '{current}'.", slug, current);
        }

        var redirect = await db.SlugRedirects
            .Where(r => r.Type == type && r.Locale == locale && r.SlugScope == scope && r.Slug == slug && r.ItemId != itemId)
            .Select(r => r.ItemId).FirstOrDefaultAsync(ct);
        return redirect == 0 ? null
            : FieldError.Coded("slug", "slugRedirect", $"The slug '{slug}' is already used in {locale} by a permanent redirect to {type} item {redirect} (printed links may use it).", slug, redirect);
    }

    private async Task KeepOldSlugAsync(ContentItem item, ContentLocalization localization, DateTime now, CancellationToken ct)
    {
        var exists = await db.SlugRedirects.AnyAsync(r => r.Type == localization.Type && r.Locale == localization.Locale
            && r.SlugScope == localization.SlugScope && r.Slug == localization.Slug, ct);
        if (!exists)
        {
            db.SlugRedirects.Add(new SlugRedirect
            {
                Type = localization.Type,
                Locale = localization.Locale,
                SlugScope = localization.SlugScope,
                Slug = localization.Slug,
                ItemId = item.Id,
                CreatedAt = now,
            });
        }
    }
}
