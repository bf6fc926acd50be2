using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Media;
using PromoSite.Cms.Publications;
using PromoSite.Web.Media;
using PromoSite.Web.Seo;

using PromoSite.Cms.Sharing;

namespace PromoSite.Web.Pages;

/// <summary>
/// Every item page, whatever its type: <see cref="PublicPaths"/> says which item the path shows.
/// Old slugs redirect permanently; unpublished and trashed items say so and link onward (404 and
/// 410), never a bare error.
/// </summary>
public sealed class ItemModel(PublicPageServices services, PublicPaths paths, PublicationIssues publications, DraftPreview preview, ShortLinkService links, MediaImages images) : PublicPage(services)
{
    /// <summary>The item's picture (its image, or an issue's cover) in this language, when it has one.</summary>
    public MediaView? Image { get; private set; }

    /// <summary>An issue's PDF in this language (or its fallback's).</summary>
    public MediaView? Pdf { get; private set; }

    public DeliveredItem? Item { get; private set; }

    public DeliveredItem? Series { get; private set; }

    public IReadOnlyList<DeliveredItem> Articles { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> Issues { get; private set; } = [];

    public DeliveredItem? InIssue { get; private set; }

    public DeliveredItem? Previous { get; private set; }

    public DeliveredItem? Next { get; private set; }

    public List<(string Label, string Value, string? Href)> Facts { get; } = [];

    public List<(string Label, string Text)> Texts { get; } = [];

    /// <summary>Markdown fields other than the body (a conference's agenda), each under its label.</summary>
    public List<(string Label, string Html)> Sections { get; } = [];

    /// <summary>Localized lists (speakers, partners), each under its label.</summary>
    public List<(string Label, IReadOnlyList<string> Entries)> Lists { get; } = [];

    /// <summary>What is handed out at an event, with links to each page, one-pager and EPUB.</summary>
    public IReadOnlyList<Handout> Materials { get; private set; } = [];

    public string StateTitle { get; private set; } = "";

    public string StateText { get; private set; } = "";

    public string SectionPath { get; private set; } = "";

    public string SectionName { get; private set; } = "";

    /// <summary>Set when a signed-in editor previews a working copy at /admin/preview/{locale}/{id}.</summary>
    public bool IsPreview { get; private set; }

    /// <summary>The share panel: this page's permanent short link and QR code, and where its one-pager is.</summary>
    public SharePanel? Share { get; private set; }

    /// <summary>The admin address of an item's working copy in the public template (see <see cref="PreviewRoute"/>).</summary>
    public static string PreviewPath(string locale, long id) => $"/admin/preview/{locale}/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The preview's own route on this page. It lives under /admin because the staff cookie is only
    /// sent there (and to the management API), and only that route requires a signed-in user.
    /// </summary>
    public const string PreviewRoute = "admin/preview/{locale:locale}/{id:long}";

    public async Task<IActionResult> OnGetAsync(string? path, CancellationToken ct)
    {
        // Read from the route, never bound from the query: ?id= on a public page is not a preview.
        if (RouteData.Values.TryGetValue("id", out var previewId) && path is null)
        {
            return await PreviewAsync(Convert.ToString(previewId, CultureInfo.InvariantCulture) ?? "", ct);
        }

        path ??= "";
        if (path.StartsWith("preview/", StringComparison.Ordinal))
        {
            // The old address (in earlier XLIFF files and bookmarks): the staff cookie no longer comes here.
            Response.Headers.CacheControl = "no-store";
            return long.TryParse(path["preview/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var oldId)
                ? RedirectPermanent(PreviewPath(Locale, oldId))
                : State(StatusCodes.Status404NotFound, "notfound.title", "notfound.text");
        }

        var shown = await paths.ResolveAsync(Locale, path, ct);
        SetSection(shown.Type);
        if (shown is not { Status: LookupStatus.Found, Item: { } item, Type: { } type })
        {
            return Outcome(shown.Status, shown.RedirectPath);
        }

        Item = item;
        Series = shown.Parent;
        (Articles, Issues, InIssue, Previous, Next) = await publications.RelationsAsync(Locale, item, ct);
        BuildFacts(Item);
        Materials = await Handouts.ForAsync(this, Delivery, item, ct);
        MapPlaces = Places.Of(item) is { } place ? [place] : [];
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        if (SectionName.Length > 0 && type.Name != SitePage.Key)
        {
            Crumbs.Add(new(SectionName, SectionPath));
        }

        if (type.ListPath is { } list)
        {
            // Home › Tourism › Craft villages › the village: the way back to the type's own list.
            Crumbs.Add(new(T[type.LabelKey], $"/{Locale}/{list}"));
        }

        if (Series is not null)
        {
            Crumbs.Add(new(Series.Title, Series.Path!));
        }

        Crumbs.Add(new(Item.Title, Item.Path!));
        DescribeItemPage(Item, type.SchemaType == "Article" ? "article" : "website");
        await LoadMediaAsync(Item, ct);
        Share = await SharePanel.ForAsync(this, links, Item, ct);
        var site = new JsonLdSite(T["org.name"], Absolute($"/{Locale}/"), Series?.Title, Series?.Path is { } seriesPath ? Absolute(seriesPath) : null);
        Seo!.JsonLd.Add(JsonLd.ForItem(Item, type, Seo.Canonical, Seo.Description, Seo.ImageUrl, site));
        return Page();
    }

    /// <summary>
    /// The working copy in the public template, at /admin/preview/{locale}/{id}. The route requires the
    /// staff policy (the sign-in page otherwise); an unknown id gets the ordinary 404. Never cached (no-store, and /admin is outside the output cache), never indexed.
    /// </summary>
    private async Task<IActionResult> PreviewAsync(string id, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        // The route's staff policy has already let only an active account with read rights in;
        // the check here keeps a misconfigured route from ever showing a draft.
        if (User.Identity?.IsAuthenticated != true
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId)
            || await preview.GetAsync(Locale, itemId, ct) is not { } item)
        {
            SetSection(null);
            return PreviewState(StatusCodes.Status404NotFound, id);
        }

        IsPreview = true;
        Item = item;
        SetSection(Types.Get(item.Type));
        BuildFacts(item);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        DescribePreview(item.Title, Describe(item), itemId);
        await LoadMediaAsync(item, ct);
        return Page();
    }

    /// <summary>The language switcher stays within the preview; nothing points search engines anywhere.</summary>
    private void DescribePreview(string title, string description, long id)
    {
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = PreviewPath(locale, id);
        }

        Seo = new PageSeo { Title = title, Description = description, Canonical = Absolute(PreviewPath(Locale, id)), Index = false };
    }

    private PageResult PreviewState(int status, string id)
    {
        Response.StatusCode = status;
        StateTitle = T["notfound.title"];
        StateText = T["notfound.text"];
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        DescribePreview(StateTitle, StateText, long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0);
        return Page();
    }

    private async Task LoadMediaAsync(DeliveredItem item, CancellationToken ct)
    {
        Image = await images.GetAsync(Locale, PictureOf(item), ct) is { IsImage: true } image ? image : null;
        Pdf = await images.GetAsync(Locale, item.Fields["pdf"], ct) is { ContentType: "application/pdf" } pdf ? pdf : null;
        if (Image is not null && Seo is not null)
        {
            var (url, width, height) = Picture.ForSharing(Image);
            Seo.ImageUrl = Absolute(url);
            Seo.ImageWidth = width;
            Seo.ImageHeight = height;
            Seo.ImageAlt = Image.Alt;
        }
    }

    private void BuildFacts(DeliveredItem item)
    {
        ItemFacts.Build(this, item, Facts, Texts);
        foreach (var field in Types.Get(item.Type).LocalizedFields)
        {
            if (field is { Kind: FieldKind.Markdown, Name: not "body" } && item.Html[field.Name] is { } html)
            {
                Sections.Add((T[field.LabelKey], html.GetValue<string>()));
            }
            else if (field.Kind == FieldKind.TextList && item.Fields[field.Name] is JsonArray { Count: > 0 } entries)
            {
                Lists.Add((T[field.LabelKey], [.. entries.Select(e => e?.GetValue<string>()).OfType<string>()]));
            }
        }
    }

    private IActionResult Outcome(LookupStatus status, string? redirect) => status switch
    {
        LookupStatus.Moved => RedirectPermanent(redirect + Request.QueryString),
        LookupStatus.Gone => State(StatusCodes.Status410Gone, "gone.title", "gone.text"),
        LookupStatus.Unavailable => State(StatusCodes.Status404NotFound, "unavailable.title", "unavailable.text"),
        _ => State(StatusCodes.Status404NotFound, "notfound.title", "notfound.text"),
    };

    private PageResult State(int status, string title, string text)
    {
        Response.StatusCode = status;
        StateTitle = T[title];
        StateText = T[text];
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        DescribeListPage(StateTitle, StateText, Request.Path.Value![(Locale.Length + 1)..]);
        Seo = new PageSeo { Title = StateTitle, Description = StateText, Canonical = Seo!.Canonical, Index = false };
        return Page();
    }

    private void SetSection(ContentTypeDefinition? type)
    {
        var section = type?.Section;
        (SectionPath, SectionName) = section is null ? ($"/{Locale}/", T["nav.home"].Value) : ($"/{Locale}/{section}/", T[$"nav.{section}"].Value);
    }
}
