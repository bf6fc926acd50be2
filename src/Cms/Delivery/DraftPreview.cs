using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Delivery;

/// <summary>
/// An item's working copy (draft, in review, or scheduled) as the public templates would show it,
/// for signed-in editors only. It reads the database directly and never touches the published
/// snapshot, the caches or the public API, so a draft cannot leak through them.
/// </summary>
public sealed class DraftPreview(CmsDbContext db, ContentTypeRegistry types, FallbackChains fallbacks)
{
    public async Task<DeliveredItem?> GetAsync(string locale, long id, CancellationToken ct = default)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null || types.Find(item.Type) is not { } type)
        {
            return null;
        }

        // The same fallback a visitor would get, over working copies, so editors see it too.
        var shown = fallbacks.For(locale).Select(l => item.Localizations.FirstOrDefault(x => x.Locale == l)).FirstOrDefault(l => l is not null);
        if (shown is null)
        {
            return null;
        }

        var fields = ContentJson.Merge(ContentJson.Parse(item.SharedJson), ContentJson.Parse(shown.FieldsJson));
        var html = new JsonObject();
        foreach (var field in type.LocalizedFields.Where(f => f.Kind == FieldKind.Markdown))
        {
            if (fields[field.Name] is { } markdown)
            {
                html[field.Name] = MarkdownRenderer.ToHtml(markdown.GetValue<string>());
            }
        }

        var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source)?.ContentHash;
        return new DeliveredItem(
            item.Id, item.Type, item.Key, locale, shown.Locale, shown.Locale != locale, shown.Slug, Path: null,
            fields["title"]?.GetValue<string>() ?? item.Key, fields["summary"]?.GetValue<string>(), shown.SeoTitle, shown.SeoDescription,
            [], shown.FirstPublishedAt ?? shown.UpdatedAt, shown.UpdatedAt,
            IsOutdated: Translations.IsOutdated(shown.Locale, shown.SourceHash, source))
        {
            Fields = fields,
            RenderHtml = () => html,
        };
    }
}
