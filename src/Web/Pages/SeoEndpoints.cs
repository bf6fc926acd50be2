using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Caching;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Pages;

/// <summary>
/// robots.txt, the sitemap index with a sitemap per locale and type, and an Atom feed per locale. Beside the
/// pages rather than in Seo: they list the site's sections and describe items as the pages do, and
/// Seo (what a page puts in its head) must not depend on the pages that use it.
/// </summary>
internal static class SeoEndpoints
{
    /// <summary>The pages that exist in every language and list content: home, the sections, and each type's own list.</summary>
    private static string[] ListPages(ContentTypeRegistry types) =>
        ["", .. SiteSections.All.Select(s => s + "/"), .. types.All.Select(t => t.ListPath).OfType<string>()];

    public static IEndpointRouteBuilder MapSeo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", (HttpContext http, IOptions<CmsOptions> options) =>
            Results.Text($"User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /admin/\n\nSitemap: {BaseUrl(http, options.Value)}/sitemap.xml\n", "text/plain; charset=utf-8"))
            .ExcludeFromDescription();

        app.MapGet("/sitemap.xml", async (HttpContext http, IContentDelivery delivery, ContentTypeRegistry types, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            // A part per language and type, so that a publish changes one part (and a static export rewrites one):
            // one sitemap per language was megabytes, rebuilt whole for every edit. lastmod of each part is its newest
            // item, so a crawler skips the unchanged ones; the sections' part changes with any of the language's items.
            // Only the items a part lists count (real translations, not pages showing fallback text), and a type with
            // none in the language has no part: an empty urlset is not a valid sitemap.
            var baseUrl = BaseUrl(http, options.Value);
            var parts = new List<(string Locale, string Part, DateTime LastModified)>();
            foreach (var locale in Locales.All)
            {
                var newest = new List<(string Part, DateTime LastModified)>();
                foreach (var type in types.WithPages)
                {
                    var page = await delivery.ListAsync(new ContentQuery(locale, type.Name, Sort: "-updated", PageSize: 1, OwnLanguageOnly: true), ct);
                    if (page.Items is [var latest, ..])
                    {
                        newest.Add((type.Name, latest.UpdatedAt));
                    }
                }

                parts.Add((locale, SectionsPart, newest.Count == 0 ? DateTime.UnixEpoch : newest.Max(n => n.LastModified)));
                parts.AddRange(newest.Select(n => (locale, n.Part, n.LastModified)));
            }

            return Xml(writer =>
            {
                writer.WriteStartElement("sitemapindex", "http://www.sitemaps.org/schemas/sitemap/0.9");
                foreach (var (locale, part, lastModified) in parts)
                {
                    writer.WriteStartElement("sitemap");
                    writer.WriteElementString("loc", $"{baseUrl}{SitemapPath(locale, part)}");
                    writer.WriteElementString("lastmod", Atom(lastModified));
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            });
        }).ExcludeFromDescription();

        app.MapGet("/sitemaps/{locale:locale}/{part}.xml", async (string locale, string part, HttpContext http, IContentDelivery delivery, ContentTypeRegistry types, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            if (part == SectionsPart)
            {
                return UrlSet(http, options.Value, locale, types, []);
            }

            return types.WithPages.FirstOrDefault(t => t.Name == part) is { } type
                ? UrlSet(http, options.Value, null, types, await OwnVersionsAsync(delivery, type, locale, ct))
                : Results.NotFound();
        }).ExcludeFromDescription();

        // A language's whole sitemap, as the index listed it before it was split in parts: kept for whoever submitted its address.
        app.MapGet("/sitemaps/{locale:locale}.xml", async (string locale, HttpContext http, IContentDelivery delivery, ContentTypeRegistry types, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            var versions = new List<ShownVersion>();
            foreach (var type in types.WithPages)
            {
                versions.AddRange(await OwnVersionsAsync(delivery, type, locale, ct));
            }

            return UrlSet(http, options.Value, locale, types, versions);
        }).ExcludeFromDescription();

        app.MapGet("/{locale:locale}/feed.xml", async (string locale, HttpContext http, IContentDelivery delivery, UiStrings strings, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            var entries = (await delivery.ListAsync(new ContentQuery(locale, Article.Key, PageSize: 50), ct)).Items
                .Concat((await delivery.ListAsync(new ContentQuery(locale, PublicationIssue.Key, PageSize: 50), ct)).Items)
                .OrderByDescending(Published).Take(50).ToList();
            return AtomFeed(http, options.Value, locale, entries, strings.Find(locale, "site.name"), $"/{locale}/feed.xml", $"/{locale}/", _ => strings.Find(locale, "org.name"));
        }).ExcludeFromDescription();

        // The press room's statements, newest first: an embargoed one is not in the delivery until its time,
        // and the page cache's version moves at that time, so the feed never shows it early.
        app.MapGet("/{locale:locale}/press/feed.xml", async (string locale, HttpContext http, IContentDelivery delivery, UiStrings strings, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            var entries = (await delivery.ListAsync(new ContentQuery(locale, Statement.Key, PageSize: 50), ct)).Items;
            return AtomFeed(http, options.Value, locale, entries, strings.Find(locale, "press.feedTitle"), $"/{locale}/press/feed.xml", $"/{locale}/press/",
                entry => entry.Agencies.GetValueOrDefault("agency")?.Name ?? strings.Find(locale, "org.name"));
        }).ExcludeFromDescription();
        return app;
    }

    private static IResult AtomFeed(HttpContext http, CmsOptions options, string locale, IReadOnlyList<DeliveredItem> entries, string? title, string selfPath, string alternatePath, Func<DeliveredItem, string?> author)
    {
        var baseUrl = BaseUrl(http, options);
        var updated = entries.Count == 0 ? DateTime.UnixEpoch : entries.Max(Updated);
        return Xml(writer =>
        {
            writer.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            writer.WriteAttributeString("xml", "lang", null, Locales.HtmlLang(locale));
            writer.WriteElementString("title", title);
            writer.WriteElementString("id", baseUrl + selfPath);
            writer.WriteElementString("updated", Atom(updated));
            Link(writer, "self", baseUrl + selfPath);
            Link(writer, "alternate", baseUrl + alternatePath);
            foreach (var entry in entries.Where(e => e.Path is not null))
            {
                http.ShowsItem(entry);
                writer.WriteStartElement("entry");
                if (entry.IsFallback)
                {
                    writer.WriteAttributeString("xml", "lang", null, Locales.HtmlLang(entry.ResolvedLocale));
                }

                writer.WriteElementString("title", entry.Title);
                writer.WriteElementString("id", baseUrl + entry.Path);
                writer.WriteElementString("updated", Atom(Updated(entry)));
                writer.WriteElementString("published", Atom(Published(entry)));
                Link(writer, "alternate", baseUrl + entry.Path);
                writer.WriteElementString("summary", PublicPage.Describe(entry));
                writer.WriteStartElement("author");
                writer.WriteElementString("name", author(entry));
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }, "application/atom+xml; charset=utf-8");
    }

    /// <summary>The part of a language's sitemap that lists its home page, sections and type lists (the registry refuses a type with pages of this name).</summary>
    internal const string SectionsPart = ContentTypeRegistry.SitemapSectionsPart;

    /// <summary>The address of one part of a language's sitemap: <see cref="SectionsPart"/> or a type's name.</summary>
    internal static string SitemapPath(string locale, string part) => $"/sitemaps/{locale}/{part}.xml";

    /// <summary>
    /// A type's items with their own version in the language (real translations: a page that would show fallback text is
    /// left out of the language's sitemap), in the order of their addresses. A sitemap needs only each one's address, date
    /// and addresses in the other languages, which the snapshot gives without delivering the items (merging fields,
    /// agencies, summaries): delivering was most of a part's time, and a watched export asks the edited type's part again
    /// after every edit.
    /// </summary>
    private static async Task<List<ShownVersion>> OwnVersionsAsync(IContentDelivery delivery, ContentTypeDefinition type, string locale, CancellationToken ct) =>
        [.. (await delivery.ShownVersionsAsync(type.Name, [locale], ct))
            .Where(v => v.ResolvedLocale == locale && v.Path is not null)
            .OrderBy(v => v.Path, StringComparer.Ordinal)];

    /// <summary>A urlset: the list pages of <paramref name="sectionsOf"/> (a language, or none), then the items that are real translations.</summary>
    private static IResult UrlSet(HttpContext http, CmsOptions options, string? sectionsOf, ContentTypeRegistry types, IEnumerable<ShownVersion> items)
    {
        var baseUrl = BaseUrl(http, options);
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            writer.WriteAttributeString("xmlns", "xhtml", null, "http://www.w3.org/1999/xhtml");
            foreach (var section in sectionsOf is null ? [] : ListPages(types))
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", $"{baseUrl}/{sectionsOf}/{section}");
                foreach (var other in Locales.All)
                {
                    Alternate(writer, Locales.HtmlLang(other), $"{baseUrl}/{other}/{section}");
                }

                // The same x-default the pages carry: the language chooser for the home page, English for sections.
                Alternate(writer, "x-default", section.Length == 0 ? $"{baseUrl}/" : $"{baseUrl}/en/{section}");

                writer.WriteEndElement();
            }

            foreach (var item in items)
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", baseUrl + item.Path);
                writer.WriteElementString("lastmod", Atom(item.UpdatedAt));
                foreach (var alternate in item.Alternates)
                {
                    Alternate(writer, Locales.HtmlLang(alternate.Locale), baseUrl + alternate.Path);
                }

                if ((item.Alternates.FirstOrDefault(a => a.Locale == "en") ?? item.Alternates.FirstOrDefault(a => a.Locale == Locales.Source)) is { } fallback)
                {
                    Alternate(writer, "x-default", baseUrl + fallback.Path);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    /// <summary>
    /// When the content says it appeared (an article's date, an issue's date), not when it was imported
    /// or published on this site; the site's own time only for content without a date of its own.
    /// </summary>
    internal static DateTime Published(DeliveredItem item) =>
        (item.Fields["date"] ?? item.Fields["issueDate"]) is { } date
        && DateOnly.TryParseExact(date.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : item.PublishedAt;

    /// <summary>Atom requires updated ≥ published in spirit: a dated article imported later was updated when imported.</summary>
    private static DateTime Updated(DeliveredItem item) => item.UpdatedAt > Published(item) ? item.UpdatedAt : Published(item);

    private static void Alternate(XmlWriter writer, string hreflang, string href)
    {
        writer.WriteStartElement("xhtml", "link", "http://www.w3.org/1999/xhtml");
        writer.WriteAttributeString("rel", "alternate");
        writer.WriteAttributeString("hreflang", hreflang);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static void Link(XmlWriter writer, string rel, string href)
    {
        writer.WriteStartElement("link");
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Atom(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static IResult Xml(Action<XmlWriter> write, string contentType = "application/xml; charset=utf-8")
    {
        // Written as UTF-8 bytes straight away: a language's sitemap is megabytes (4,800 items: 5.7 MB), and building it
        // as a string, then replacing its declaration and encoding it, copied it three times.
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = false, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) }))
        {
            write(writer);
        }

        return Results.Bytes(stream.GetBuffer().AsMemory(0, (int)stream.Length), contentType);
    }

    private static string BaseUrl(HttpContext http, CmsOptions options) => options.BaseUrlFor(http.Request);
}
