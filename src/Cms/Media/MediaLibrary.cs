using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Media;

/// <summary>What the library is searched by. Empty values do not filter.</summary>
public sealed record MediaSearch(string? Text = null, string? Tag = null, string? Section = null, string? Collection = null, string? Kind = null, string? MissingAltIn = null);

/// <summary>One asset in the library list, with its title and alt text in every language it has.</summary>
public sealed record MediaRow(
    long Id,
    string Key,
    string File,
    string Title,
    IReadOnlyList<string> Tags,
    string? Section,
    string? Collection,
    IReadOnlyDictionary<string, string?> AltByLocale,
    IReadOnlyDictionary<string, string> TitleByLocale,
    DateTime UpdatedAt)
{
    public string Url => "/media/" + File;

    public string Extension => System.IO.Path.GetExtension(File).TrimStart('.');

    public bool IsImage => Extension is "jpg" or "png" or "webp" or "gif";
}

/// <summary>A place that uses an asset: an item's field, or a Markdown body that shows its file.</summary>
public sealed record MediaUse(long ItemId, string Type, string Key, string Title, string Field, string? Locale);

/// <summary>Details an editor gives with an upload; they apply to every file of that upload.</summary>
public sealed record MediaUploadDetails(string? Title = null, IReadOnlyList<string>? Tags = null, string? Section = null, string? Collection = null, string? Credit = null, string? Licence = null);

/// <summary>
/// The shared media library over the "media" content type: searching it, creating items for
/// uploads, replacing an item's file, and finding where an asset is used. Media items are ordinary
/// content items, so their per-language title, alt text and caption go through the same editor,
/// revisions, translation matrix and XLIFF as everything else.
/// </summary>
public sealed class MediaLibrary(CmsDbContext db, ContentTypeRegistry types, ContentEditor editor)
{
    public const string Type = MediaAsset.Key;

    public async Task<IReadOnlyList<MediaRow>> SearchAsync(MediaSearch search, CancellationToken ct)
    {
        var items = await db.Items.AsNoTracking().Include(i => i.Localizations)
            .Where(i => i.Type == Type && i.DeletedAt == null)
            .OrderByDescending(i => i.UpdatedAt)
            .ToListAsync(ct);
        var rows = items.Select(ToRow).OfType<MediaRow>();
        if (!string.IsNullOrWhiteSpace(search.Text))
        {
            var text = search.Text.Trim();
            rows = rows.Where(r => Contains(r.Key, text) || r.TitleByLocale.Values.Any(t => Contains(t, text))
                || r.AltByLocale.Values.Any(a => Contains(a, text)) || r.Tags.Any(t => Contains(t, text)) || Contains(r.Collection, text));
        }

        if (!string.IsNullOrWhiteSpace(search.Tag))
        {
            rows = rows.Where(r => r.Tags.Contains(search.Tag.Trim(), StringComparer.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(search.Section))
        {
            rows = rows.Where(r => r.Section == search.Section);
        }

        if (!string.IsNullOrWhiteSpace(search.Collection))
        {
            rows = rows.Where(r => string.Equals(r.Collection, search.Collection.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (search.Kind is "image" or "pdf" or "video")
        {
            rows = rows.Where(r => search.Kind switch { "image" => r.IsImage, "pdf" => r.Extension == "pdf", _ => r.Extension == "mp4" });
        }

        if (Locales.IsSupported(search.MissingAltIn))
        {
            rows = rows.Where(r => r.IsImage && string.IsNullOrWhiteSpace(r.AltByLocale.GetValueOrDefault(search.MissingAltIn!)));
        }

        return [.. rows];
    }

    /// <summary>Every tag and collection in use, for the filters' suggestions.</summary>
    public async Task<(IReadOnlyList<string> Tags, IReadOnlyList<string> Collections)> VocabularyAsync(CancellationToken ct)
    {
        var shared = await db.Items.AsNoTracking().Where(i => i.Type == Type && i.DeletedAt == null).Select(i => i.SharedJson).ToListAsync(ct);
        var assets = shared.Select(json => ContentJson.ToModel<MediaAsset>(JsonNode.Parse(json)!.AsObject())).ToList();
        return ([.. assets.SelectMany(a => a.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)],
            [.. assets.Select(a => a.Collection).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)]);
    }

    public async Task<MediaRow?> FindAsync(long id, CancellationToken ct)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == id && i.Type == Type && i.DeletedAt == null, ct);
        return item is null ? null : ToRow(item);
    }

    /// <summary>
    /// Items (not in the trash) whose media fields name the asset, and Markdown bodies that show its
    /// file: what a replaced file reaches, and what breaks if the asset is deleted.
    /// </summary>
    public async Task<IReadOnlyList<MediaUse>> WhereUsedAsync(string key, CancellationToken ct)
    {
        var file = await db.Items.AsNoTracking().Where(i => i.Type == Type && i.Key == key).Select(i => i.SharedJson).FirstOrDefaultAsync(ct) is { } json
            ? JsonNode.Parse(json)?["file"]?.GetValue<string>()
            : null;
        var typesWithMedia = types.All.Where(t => t.Fields.Any(f => f.RefType == Type || f.Kind == FieldKind.Markdown)).Select(t => t.Name).ToList();
        var items = await db.Items.AsNoTracking().Include(i => i.Localizations)
            .Where(i => i.DeletedAt == null && typesWithMedia.Contains(i.Type))
            .ToListAsync(ct);
        var uses = new List<MediaUse>();
        foreach (var item in items)
        {
            var definition = types.Find(item.Type)!;
            var shared = JsonNode.Parse(item.SharedJson)!.AsObject();
            var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
            var title = source is null ? item.Key : JsonNode.Parse(source.FieldsJson)?["title"]?.GetValue<string>() ?? item.Key;
            foreach (var field in definition.Fields)
            {
                if (field.RefType == Type && field.Shared && Names(shared[field.Name], key))
                {
                    uses.Add(new MediaUse(item.Id, item.Type, item.Key, title, field.Label, null));
                }

                foreach (var localization in field.Localized ? item.Localizations : [])
                {
                    var value = JsonNode.Parse(localization.FieldsJson)?[field.Name];
                    if ((field.RefType == Type && Names(value, key))
                        || (field.Kind == FieldKind.Markdown && file is not null && value?.GetValue<string>().Contains("/media/" + file, StringComparison.Ordinal) == true))
                    {
                        uses.Add(new MediaUse(item.Id, item.Type, item.Key, title, field.Label, localization.Locale));
                    }
                }
            }
        }

        return uses;
    }

    /// <summary>
    /// Makes a media item for a stored file: key and Vietnamese title from the file's name (never
    /// used as a path), the editor's details, and what the photo says about when (and, if kept,
    /// where) it was taken. Published in Vietnamese when <paramref name="publish"/>, so pages can use it at once.
    /// </summary>
    public async Task<EditOutcome> CreateAsync(StoredMedia stored, string fileName, MediaUploadDetails details, bool publish, string author, CancellationToken ct)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(System.IO.Path.GetFileName(fileName.Replace('\\', '/')));
        var title = string.IsNullOrWhiteSpace(details.Title) ? Humanize(name) : details.Title.Trim();
        var key = await UniqueKeyAsync(Slugs.FromTitle(name) is { Length: > 0 } slug ? slug : "media", ct);
        var shared = new JsonObject { ["file"] = stored.RelativePath };
        if (details.Tags is { Count: > 0 } tags)
        {
            shared["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]);
        }

        Set(shared, "section", details.Section);
        Set(shared, "collection", details.Collection);
        Set(shared, "licence", details.Licence);
        if (stored.Metadata?.DateTaken is { } taken)
        {
            shared["dateTaken"] = taken.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (stored.Metadata is { Latitude: { } lat, Longitude: { } lng })
        {
            shared["coordinates"] = new JsonArray(Math.Round(lat, 6), Math.Round(lng, 6));
        }

        var status = publish ? LocalizationStatus.Published : LocalizationStatus.Draft;
        var fields = new JsonObject { ["title"] = title[..Math.Min(title.Length, 160)] };
        Set(fields, "credit", details.Credit); // a fact per language: the Vietnamese form, which translations show until they give theirs
        return await editor.CreateAsync(Type, key, shared, new LocalizationInput(Locales.Source, fields, status), author, ct);
    }

    /// <summary>
    /// Points an existing item at a new file. The key stays, so every page that uses the item shows
    /// the new file; the old file stays stored, so earlier revisions still show what they showed.
    /// </summary>
    public async Task<EditOutcome> ReplaceFileAsync(long id, int expectedVersion, StoredMedia stored, string author, CancellationToken ct)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == id && i.Type == Type && i.DeletedAt == null, ct);
        if (item?.Localizations.FirstOrDefault(l => l.Locale == Locales.Source) is not { } source)
        {
            return EditOutcome.Invalid(FieldError.Coded("id", "noMedia", "There is no such media item."));
        }

        var shared = JsonNode.Parse(item.SharedJson)!.AsObject();
        shared["file"] = stored.RelativePath;
        var input = new LocalizationInput(Locales.Source, JsonNode.Parse(source.FieldsJson)!.AsObject(), source.Status, source.Slug, source.SeoTitle, source.SeoDescription, source.PublishAt, source.UnpublishAt);
        return await editor.SaveAsync(id, expectedVersion, shared, input, author, ct);
    }

    private async Task<string> UniqueKeyAsync(string wanted, CancellationToken ct)
    {
        wanted = wanted.Length > 70 ? wanted[..70].TrimEnd('-') : wanted;
        var taken = await db.Items.Where(i => i.Type == Type && (i.Key == wanted || i.Key.StartsWith(wanted + "-"))).Select(i => i.Key).ToListAsync(ct);
        var key = wanted;
        for (var n = 2; taken.Contains(key, StringComparer.Ordinal); n++)
        {
            key = $"{wanted}-{n}";
        }

        return key;
    }

    private static MediaRow? ToRow(ContentItem item)
    {
        var asset = ContentJson.ToModel<MediaAsset>(JsonNode.Parse(item.SharedJson)!.AsObject());
        if (asset.File is not { Length: > 0 } file)
        {
            return null;
        }

        var fields = item.Localizations.ToDictionary(l => l.Locale, l => JsonNode.Parse(l.FieldsJson)!.AsObject(), StringComparer.Ordinal);
        var titles = fields.Where(f => f.Value["title"] is not null).ToDictionary(f => f.Key, f => f.Value["title"]!.GetValue<string>(), StringComparer.Ordinal);
        return new MediaRow(
            item.Id,
            item.Key,
            file,
            titles.GetValueOrDefault(Locales.Source) ?? item.Key,
            asset.Tags,
            JsonNode.Parse(item.SharedJson)?["section"]?.GetValue<string>(),
            asset.Collection,
            Locales.All.ToDictionary(l => l, l => fields.GetValueOrDefault(l)?["alt"]?.GetValue<string>(), StringComparer.Ordinal),
            titles,
            item.UpdatedAt);
    }

    private static bool Names(JsonNode? value, string key) => value switch
    {
        JsonArray list => list.Any(v => v?.GetValue<string>() == key),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>() == key,
        _ => false,
    };

    private static bool Contains(string? haystack, string needle) => haystack?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true;

    private static void Set(JsonObject json, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            json[name] = value.Trim();
        }
    }

    /// <summary>"da-ba-chong_2024 (1)" reads as "da ba chong 2024 (1)": a starting title the editor then improves.</summary>
    private static string Humanize(string fileName)
    {
        var words = fileName.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length > 0 ? words : "Untitled media";
    }
}
