using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Admin;

/// <summary>
/// A language version exactly as stored, for someone who may publish it but not edit it (a reviewer):
/// publishing changes its status and nothing else — not the text, the address, the SEO fields or the schedule.
/// </summary>
internal static class StoredCopy
{
    public static LocalizationInput Input(ContentLocalization stored, LocalizationStatus status) =>
        new(stored.Locale, Content.ContentJson.Parse(stored.FieldsJson), status, stored.Slug, stored.SeoTitle, stored.SeoDescription, stored.PublishAt, stored.UnpublishAt);
}
