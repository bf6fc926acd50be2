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

    public string? ImageUrl { get; init; }

    public string OpenGraphType { get; init; } = "website";

    /// <summary>Whether search engines should index this URL (a fallback page should not).</summary>
    public bool Index { get; init; } = true;

    public List<JsonObject> JsonLd { get; } = [];
}

/// <summary>A link of the breadcrumb trail shown on the page and in BreadcrumbList JSON-LD.</summary>
public sealed record Crumb(string Name, string Path);
