using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>
/// Tells analytics which language, section and item a counted path shows, through the same
/// <see cref="PublicPaths"/> the item page and the one-pager use. It runs in the analytics writer, off the request.
/// </summary>
internal sealed class PublicVisitClassifier(PublicPaths paths) : IVisitClassifier
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
        if (rest.Length == 0 || paths.Parse(rest) is not { } parsed)
        {
            return new VisitTarget(locale, section, null);
        }

        var shown = await paths.ResolveAsync(locale, parsed, ct);
        return new VisitTarget(locale, parsed.Type.Section ?? section, shown.Item?.Id);
    }
}
