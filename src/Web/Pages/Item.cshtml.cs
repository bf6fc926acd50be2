using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Media;
using PromoSite.Web.Media;
using PromoSite.Web.Seo;

using PromoSite.Cms.Sharing;

namespace PromoSite.Web.Pages;

/// <summary>
/// Every item page, whatever its type: the path is read back through the types' PublicPath
/// templates. Old slugs redirect permanently; unpublished and trashed items say so and link
/// onward (404 and 410), never a bare error.
/// </summary>
public sealed class ItemModel(PublicPageServices services, DraftPreview preview, ShortLinkService links, MediaImages images) : PublicPage(services)
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

    public string StateTitle { get; private set; } = "";

    public string StateText { get; private set; } = "";

    public string SectionPath { get; private set; } = "";

    public string SectionName { get; private set; } = "";

    /// <summary>Set when a signed-in editor previews a working copy at /{locale}/preview/{id}.</summary>
    public bool IsPreview { get; private set; }

    /// <summary>The share panel: this page's permanent short link and QR code, and where its one-pager is.</summary>
    public SharePanel? Share { get; private set; }

    public async Task<IActionResult> OnGetAsync(string path, CancellationToken ct)
    {
        if (path.StartsWith("preview/", StringComparison.Ordinal))
        {
            return await PreviewAsync(path["preview/".Length..], ct);
        }

        var parsed = ItemPath.Parse(Types, path);
        SetSection(parsed?.Type);
        if (parsed is null)
        {
            return State(StatusCodes.Status404NotFound, "notfound.title", "notfound.text");
        }

        if (parsed.Type.Name == "publication-issues")
        {
            var issue = await Delivery.GetIssueAsync(Locale, parsed.ParentSlug!, parsed.Slug, ct);
            if (issue.Status != LookupStatus.Found)
            {
                return Outcome(issue.Status, issue.RedirectPath);
            }

            Item = issue.Issue;
            Series = issue.Series;
            Articles = issue.Articles!;
        }
        else
        {
            var lookup = await Delivery.GetAsync(Locale, parsed.Type.Name, parsed.Slug, ct);
            if (lookup.Status != LookupStatus.Found)
            {
                return Outcome(lookup.Status, lookup.RedirectPath);
            }

            Item = lookup.Item;
        }

        await LoadRelatedAsync(Item!, ct);
        BuildFacts(Item!);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        if (SectionName.Length > 0 && parsed.Type.Name != "pages")
        {
            Crumbs.Add(new(SectionName, SectionPath));
        }

        if (Series is not null)
        {
            Crumbs.Add(new(Series.Title, Series.Path!));
        }

        Crumbs.Add(new(Item!.Title, Item.Path!));
        DescribeItemPage(Item, parsed.Type.Name == "articles" ? "article" : "website");
        await LoadMediaAsync(Item, ct);
        Share = await SharePanel.ForAsync(this, links, Item, ct);
        var site = new JsonLdSite(T["org.name"], Absolute($"/{Locale}/"), Series?.Title, Series?.Path is { } seriesPath ? Absolute(seriesPath) : null);
        Seo!.JsonLd.Add(JsonLd.ForItem(Item, Seo.Canonical, Seo.Description, Seo.ImageUrl, site));
        return Page();
    }

    /// <summary>
    /// The working copy in the public template. Anyone not signed in with read rights gets the
    /// ordinary 404, so the address reveals nothing; the page is never cached nor indexed.
    /// </summary>
    private async Task<IActionResult> PreviewAsync(string id, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var signedIn = await HttpContext.AuthenticateAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        if (!signedIn.Succeeded || !Cms.Accounts.Permissions.CanRead(signedIn.Principal)
            || !long.TryParse(id, System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var itemId)
            || await preview.GetAsync(Locale, itemId, ct) is not { } item)
        {
            SetSection(null);
            return State(StatusCodes.Status404NotFound, "notfound.title", "notfound.text");
        }

        IsPreview = true;
        Item = item;
        SetSection(Types.Get(item.Type));
        BuildFacts(item);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        DescribeListPage(item.Title, Describe(item), Request.Path.Value![(Locale.Length + 1)..]);
        Seo = new PageSeo { Title = item.Title, Description = Describe(item), Canonical = Seo!.Canonical, Index = false };
        await LoadMediaAsync(item, ct);
        return Page();
    }

    private async Task LoadMediaAsync(DeliveredItem item, CancellationToken ct)
    {
        Image = await images.GetAsync(Locale, item.Fields["image"] ?? item.Fields["cover"], ct) is { IsImage: true } image ? image : null;
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

    private async Task LoadRelatedAsync(DeliveredItem item, CancellationToken ct)
    {
        switch (item.Type)
        {
            case "publications":
                Issues = await Delivery.ListIssuesAsync(Locale, item.Key, ct);
                break;
            case "articles":
                InIssue = (await Delivery.IssuesContainingAsync(Locale, item.Key, ct)).FirstOrDefault();
                if (InIssue?.Fields["articles"] is JsonArray order)
                {
                    // Neighbours in the issue's reading order; one that is not published is skipped over.
                    var keys = order.Select(k => k!.GetValue<string>()).ToList();
                    var index = keys.IndexOf(item.Key);
                    Previous = await NeighbourAsync(keys[..Math.Max(index, 0)].AsEnumerable().Reverse(), ct);
                    Next = await NeighbourAsync(keys[(index + 1)..], ct);
                }

                break;
        }
    }

    private async Task<DeliveredItem?> NeighbourAsync(IEnumerable<string> keys, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            if (await Delivery.GetByKeyAsync(Locale, "articles", key, ct) is { Path: not null } article)
            {
                return article;
            }
        }

        return null;
    }

    private void BuildFacts(DeliveredItem item) => ItemFacts.Build(this, item, Facts, Texts);

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
        var section = PublicSections.Of(type);
        (SectionPath, SectionName) = section is null ? ($"/{Locale}/", T["nav.home"].Value) : ($"/{Locale}/{section}/", T[$"nav.{section}"].Value);
    }
}
