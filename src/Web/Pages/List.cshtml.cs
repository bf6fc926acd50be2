using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>
/// The list of one type at its declared ListPath (/{locale}/tourism/craft-villages/,
/// /{locale}/investment/parks/): filters from the type's [Filter] fields, cards, pages. Its routes
/// are made from the declarations (<see cref="PublicSiteExtensions.AddPublicSite"/>), so a new type
/// has its list without a new page.
/// </summary>
public sealed class ListModel(PublicPageServices services) : PublicPage(services)
{
    public ContentTypeDefinition Type { get; private set; } = null!;

    public IReadOnlyList<ListFilter> Filters { get; private set; } = [];

    public ContentPage Results { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public string Action => $"/{Locale}/{Type.ListPath}";

    /// <summary>For dated types: the items of this page that are over (they follow the upcoming ones).</summary>
    public IReadOnlySet<long> Past { get; private set; } = new HashSet<long>();

    protected override string? FilterChoiceLabel(string field, string value) =>
        Filters.FirstOrDefault(f => f.Field.Name == field)?.Options.FirstOrDefault(o => o.Value == value).Label;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var path = (Request.Path.Value ?? "")[(Locale.Length + 1)..].Trim('/') + "/";
        if (Types.All.FirstOrDefault(t => t.ListPath == path) is not { } type)
        {
            return NotFound();
        }

        Type = type;
        var (list, filters) = await ListFilters.ReadAsync(this, Delivery, type, Request.Query, ct);
        if (list is null)
        {
            return NotFound();
        }

        (List, Filters) = (list, filters);
        Results = type.DateRangeStart is { } start
            ? await UpcomingThenPastAsync(type, start, list.Filters, list.Page, ct)
            : await Delivery.ListAsync(new ContentQuery(Locale, type.Name, list.Filters, Page: list.Page, PageSize: ListQuery.PageSize), ct);
        if (list.Page > Math.Max(Results.TotalPages, 1))
        {
            return NotFound();
        }

        MapPlaces = [.. Results.Items.Select(Places.Of).OfType<Place>()];
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        if (type.Section is { } section)
        {
            Crumbs.Add(new(T[$"nav.{section}"], $"/{Locale}/{section}/"));
        }

        Crumbs.Add(new(T[type.LabelKey], Action));
        DescribeListPage(T[type.LabelKey], T["list.typeIntro", T[type.LabelKey]], "/" + type.ListPath, list, type.Name);
        return Page();
    }

    /// <summary>
    /// A dated list (events, conferences) reads as a visitor plans: what is on or coming, soonest
    /// first, then what is over, latest first, so last year's fair never hides next month's.
    /// </summary>
    private async Task<ContentPage> UpcomingThenPastAsync(ContentTypeDefinition type, string start, IReadOnlyDictionary<string, string>? filters, int page, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var upcoming = await Delivery.ListAllAsync(new ContentQuery(Locale, type.Name, filters, From: today, Sort: start), ct);
        var all = await Delivery.ListAllAsync(new ContentQuery(Locale, type.Name, filters, Sort: "-" + start), ct);
        var upcomingIds = upcoming.Select(i => i.Id).ToHashSet();
        var past = all.Where(i => !upcomingIds.Contains(i.Id)).ToList();
        var items = upcoming.Concat(past).Skip((page - 1) * ListQuery.PageSize).Take(ListQuery.PageSize).ToList();
        Past = items.Where(i => !upcomingIds.Contains(i.Id)).Select(i => i.Id).ToHashSet();
        return new ContentPage(items, page, ListQuery.PageSize, all.Count);
    }
}
