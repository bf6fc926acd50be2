using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>
/// Tells analytics which language, section and item a counted path shows, by reading the path
/// back with the same templates the routes use. It runs in the analytics writer, off the request.
/// </summary>
internal sealed class PublicVisitClassifier(ContentTypeRegistry types, IContentDelivery delivery) : IVisitClassifier
{
    public async ValueTask<VisitTarget> ClassifyAsync(string path, CancellationToken ct)
    {
        var parts = path.Trim('/').Split('/', 2);
        if (!Locales.IsSupported(parts[0]))
        {
            return new VisitTarget("", null, null);
        }

        var locale = parts[0];
        var rest = parts.Length > 1 ? parts[1] : "";
        var first = rest.Split('/')[0];
        var section = SiteSections.All.Contains(first) ? first : null;
        if (rest.Length == 0 || ItemPath.Parse(types, rest) is not { } item)
        {
            return new VisitTarget(locale, section, null);
        }

        long? id = item.ParentSlug is not null && item.Type.Name == "publication-issues"
            ? (await delivery.GetIssueAsync(locale, item.ParentSlug, item.Slug, ct)).Issue?.Id
            : (await delivery.GetAsync(locale, item.Type.Name, item.Slug, ct)).Item?.Id;
        return new VisitTarget(locale, item.Type.Section ?? section, id);
    }
}
