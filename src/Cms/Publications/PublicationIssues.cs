using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Cms.Publications;

/// <summary>
/// What is special about publications, in one place: a series has issues (whose slugs are unique
/// within their series), an issue lists articles in reading order, and an article knows the issue it
/// appeared in and its neighbours there. Built on the generic delivery contract alone, so the
/// contract itself knows no publication, and this works the same over the delivery API.
/// </summary>
public sealed class PublicationIssues(IContentDelivery delivery, PublicPaths paths, ContentTypeRegistry types)
{
    public const string SeriesType = Publication.Key;

    public const string IssueType = PublicationIssue.Key;

    private const string ArticleType = Article.Key;

    /// <summary>One issue by its series' slug and its own, with its published articles in reading order.</summary>
    public async Task<IssueLookup> GetAsync(string locale, string seriesSlug, string issueSlug, CancellationToken ct = default)
    {
        var issueType = types.Get(IssueType);
        var found = await paths.ResolveAsync(locale, new ItemPath(issueType, issueSlug, seriesSlug, issueType.SlugScope), ct);
        return found is { Status: LookupStatus.Found, Item: { } issue }
            ? new IssueLookup(LookupStatus.Found, found.Parent, issue, await ArticlesAsync(locale, issue, ct))
            : new IssueLookup(found.Status, found.Parent, RedirectPath: found.RedirectPath);
    }

    /// <summary>An issue's articles in its reading order; one not published in this locale or its fallbacks is left out.</summary>
    public async Task<IReadOnlyList<DeliveredItem>> ArticlesAsync(string locale, DeliveredItem issue, CancellationToken ct = default)
    {
        var articles = new List<DeliveredItem>();
        foreach (var key in Keys(issue))
        {
            if (await delivery.GetByKeyAsync(locale, ArticleType, key, ct) is { } article)
            {
                articles.Add(article);
            }
        }

        return articles;
    }

    /// <summary>The published issues of a series (by key), newest first.</summary>
    public async Task<IReadOnlyList<DeliveredItem>> OfSeriesAsync(string locale, string seriesKey, CancellationToken ct = default) =>
        await AllIssuesAsync(locale, new Dictionary<string, string> { [types.Get(IssueType).SlugScope!] = seriesKey }, ct);

    /// <summary>The published issues that include an article (by key), newest first.</summary>
    public async Task<IReadOnlyList<DeliveredItem>> ContainingAsync(string locale, string articleKey, CancellationToken ct = default) =>
        [.. (await AllIssuesAsync(locale, null, ct)).Where(issue => Keys(issue).Contains(articleKey))];

    /// <summary>What publications add to an item's page: a series' issues, an issue's articles, an article's issue and neighbours there.</summary>
    public async Task<PublicationRelations> RelationsAsync(string locale, DeliveredItem item, CancellationToken ct = default)
    {
        switch (item.Type)
        {
            case SeriesType:
                return PublicationRelations.None with { Issues = await OfSeriesAsync(locale, item.Key, ct) };
            case IssueType:
                return PublicationRelations.None with { Articles = await ArticlesAsync(locale, item, ct) };
            case ArticleType when (await ContainingAsync(locale, item.Key, ct)).FirstOrDefault() is { } issue:
                // Neighbours in the issue's reading order; one that is not published is skipped over.
                var keys = Keys(issue).ToList();
                var index = keys.IndexOf(item.Key);
                return PublicationRelations.None with
                {
                    InIssue = issue,
                    Previous = await NeighbourAsync(locale, keys[..Math.Max(index, 0)].AsEnumerable().Reverse(), ct),
                    Next = await NeighbourAsync(locale, keys[(index + 1)..], ct),
                };
            default:
                return PublicationRelations.None;
        }
    }

    private async Task<DeliveredItem?> NeighbourAsync(string locale, IEnumerable<string> keys, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            if (await delivery.GetByKeyAsync(locale, ArticleType, key, ct) is { Path: not null } article)
            {
                return article;
            }
        }

        return null;
    }

    private Task<List<DeliveredItem>> AllIssuesAsync(string locale, IReadOnlyDictionary<string, string>? filters, CancellationToken ct) =>
        delivery.ListAllAsync(new ContentQuery(locale, IssueType, filters, Sort: "-issueDate"), ct);

    private static IEnumerable<string> Keys(DeliveredItem issue) =>
        (issue.Fields["articles"] as JsonArray ?? []).Select(key => key?.GetValue<string>()).OfType<string>();
}

/// <summary>An issue looked up by its series' slug and its own (Series is set when the series was found).</summary>
public sealed record IssueLookup(LookupStatus Status, DeliveredItem? Series = null, DeliveredItem? Issue = null, IReadOnlyList<DeliveredItem>? Articles = null, string? RedirectPath = null);

/// <summary>What publications add to an item's page; empty lists and nulls for every other type.</summary>
public sealed record PublicationRelations(
    IReadOnlyList<DeliveredItem> Articles,
    IReadOnlyList<DeliveredItem> Issues,
    DeliveredItem? InIssue,
    DeliveredItem? Previous,
    DeliveredItem? Next)
{
    public static readonly PublicationRelations None = new([], [], null, null, null);
}
