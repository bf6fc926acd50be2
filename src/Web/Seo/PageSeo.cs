using System.Text.Json.Nodes;

namespace PromoSite.Web.Seo;

/// <summary>Everything the layout's head needs about one page; each page model fills one in.</summary>
public sealed class PageSeo
{
    public required string Title { get; init; }

    public required string Description { get; init; }

    /// <summary>Absolute URL of the page whose language is actually shown (a fallback page points at the original).</summary>
    public required string Canonical { get; init; }

    /// <summary>hreflang → absolute URL, only for real, published translations.</summary>
    public IReadOnlyList<(string HrefLang, string Url)> Alternates { get; init; } = [];

    public string? XDefault { get; set; }

    /// <summary>The picture link previews show (og:image), absolute; the site's default when null.</summary>
    public string? ImageUrl { get; set; }

    public string? ImageAlt { get; set; }

    public int? ImageWidth { get; set; }

    public int? ImageHeight { get; set; }

    public string OpenGraphType { get; init; } = "website";

    /// <summary>Whether search engines should index this URL (a fallback page should not).</summary>
    public bool Index { get; init; } = true;

    public List<JsonObject> JsonLd { get; } = [];
}

/// <summary>A link of the breadcrumb trail shown on the page and in BreadcrumbList JSON-LD.</summary>
public sealed record Crumb(string Name, string Path);
