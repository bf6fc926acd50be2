using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Publications;

namespace PromoSite.Web.Pages;

/// <summary>One thing handed out at an event, as its page links it: the item, its one-pager and, for an issue, its EPUB.</summary>
public sealed record Handout(DeliveredItem Item, string? PrintPath, string? EpubPath);

/// <summary>
/// What an event's [Handout] references lead to in the page's language, published items only (a draft
/// material is left out, never linked), in the order the fields and their entries are declared.
/// </summary>
public static class Handouts
{
    public static async Task<IReadOnlyList<Handout>> ForAsync(PublicPage page, IContentDelivery delivery, DeliveredItem item, CancellationToken ct)
    {
        var handouts = new List<Handout>();
        foreach (var field in page.Types.Get(item.Type).HandoutFields)
        {
            var keys = item.Fields[field.Name] switch
            {
                JsonArray array => array.Select(n => n?.GetValue<string>()).OfType<string>(),
                JsonValue value => [value.GetValue<string>()],
                _ => [],
            };
            var target = page.Types.Get(field.RefType!);
            foreach (var key in keys)
            {
                if (await delivery.GetByKeyAsync(page.Locale, target.Name, key, ct) is not { Path: { } path } material)
                {
                    continue;
                }

                var print = target.Printable ? PrintPath(page.Locale, path) : null;
                var epub = target.Name == PublicationIssue.Key ? PublicationReaderExtensions.EpubPath(path) : null;
                handouts.Add(new Handout(material, print, epub));
            }
        }

        return handouts;
    }

    /// <summary>The A4 one-pager of an item page (/{locale}/print/…).</summary>
    public static string PrintPath(string locale, string itemPath) => $"/{locale}/print{itemPath[(locale.Length + 1)..]}";
}
