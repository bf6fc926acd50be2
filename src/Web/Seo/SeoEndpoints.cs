using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Seo;

/// <summary>robots.txt, the sitemap index with one sitemap per locale, and an Atom feed per locale.</summary>
internal static class SeoEndpoints
{
    private static readonly string[] Sections = ["", .. Pages.PublicSections.All.Select(s => s + "/")];

    public static IEndpointRouteBuilder MapSeo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", (HttpContext http, IOptions<CmsOptions> options) =>
            Results.Text($"User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /admin/\n\nSitemap: {BaseUrl(http, options.Value)}/sitemap.xml\n", "text/plain; charset=utf-8"))
            .ExcludeFromDescription();

        app.MapGet("/sitemap.xml", (HttpContext http, IOptions<CmsOptions> options) => Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var locale in Locales.All)
            {
                writer.WriteStartElement("sitemap");
                writer.WriteElementString("loc", $"{BaseUrl(http, options.Value)}/sitemaps/{locale}.xml");
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        })).ExcludeFromDescription();

        app.MapGet("/sitemaps/{locale:locale}.xml", async (string locale, HttpContext http, IContentDelivery delivery, ContentTypeRegistry types, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            var baseUrl = BaseUrl(http, options.Value);
            var items = await AllItemsAsync(delivery, types, locale, ct);
            return Xml(writer =>
            {
                writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
                writer.WriteAttributeString("xmlns", "xhtml", null, "http://www.w3.org/1999/xhtml");
                foreach (var section in Sections)
                {
                    writer.WriteStartElement("url");
                    writer.WriteElementString("loc", $"{baseUrl}/{locale}/{section}");
                    foreach (var other in Locales.All)
                    {
                        Alternate(writer, Locales.HtmlLang(other), $"{baseUrl}/{other}/{section}");
                    }

                    writer.WriteEndElement();
                }

                // Only real translations: a page that would show fallback text is left out of this locale's sitemap.
                foreach (var item in items.Where(i => !i.IsFallback && i.Path is not null))
                {
                    writer.WriteStartElement("url");
                    writer.WriteElementString("loc", baseUrl + item.Path);
                    writer.WriteElementString("lastmod", item.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    foreach (var alternate in item.Alternates)
                    {
                        Alternate(writer, Locales.HtmlLang(alternate.Locale), baseUrl + alternate.Path);
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            });
        }).ExcludeFromDescription();

        app.MapGet("/{locale:locale}/feed.xml", async (string locale, HttpContext http, IContentDelivery delivery, UiStrings strings, IOptions<CmsOptions> options, CancellationToken ct) =>
        {
            var baseUrl = BaseUrl(http, options.Value);
            var entries = (await delivery.ListAsync(new ContentQuery(locale, "articles", PageSize: 50), ct)).Items
                .Concat((await delivery.ListAsync(new ContentQuery(locale, "publication-issues", PageSize: 50), ct)).Items)
                .OrderByDescending(i => i.PublishedAt).Take(50).ToList();
            var updated = entries.Count == 0 ? DateTime.UnixEpoch : entries.Max(e => e.UpdatedAt);
            return Xml(writer =>
            {
                writer.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
                writer.WriteAttributeString("xml", "lang", null, Locales.HtmlLang(locale));
                writer.WriteElementString("title", strings.Find(locale, "site.name"));
                writer.WriteElementString("id", $"{baseUrl}/{locale}/feed.xml");
                writer.WriteElementString("updated", Atom(updated));
                Link(writer, "self", $"{baseUrl}/{locale}/feed.xml");
                Link(writer, "alternate", $"{baseUrl}/{locale}/");
                foreach (var entry in entries.Where(e => e.Path is not null))
                {
                    writer.WriteStartElement("entry");
                    if (entry.IsFallback)
                    {
                        writer.WriteAttributeString("xml", "lang", null, Locales.HtmlLang(entry.ResolvedLocale));
                    }

                    writer.WriteElementString("title", entry.Title);
                    writer.WriteElementString("id", baseUrl + entry.Path);
                    writer.WriteElementString("updated", Atom(entry.UpdatedAt));
                    writer.WriteElementString("published", Atom(entry.PublishedAt));
                    Link(writer, "alternate", baseUrl + entry.Path);
                    writer.WriteElementString("summary", Pages.PublicPage.Describe(entry));
                    writer.WriteStartElement("author");
                    writer.WriteElementString("name", strings.Find(locale, "org.name"));
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }, "application/atom+xml; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<List<DeliveredItem>> AllItemsAsync(IContentDelivery delivery, ContentTypeRegistry types, string locale, CancellationToken ct)
    {
        var all = new List<DeliveredItem>();
        foreach (var type in types.All.Where(t => t.PublicPath is not null))
        {
            for (var page = 1; ; page++)
            {
                var result = await delivery.ListAsync(new ContentQuery(locale, type.Name, Page: page, PageSize: ContentQuery.MaxPageSize), ct);
                all.AddRange(result.Items);
                if (page >= result.TotalPages)
                {
                    break;
                }
            }
        }

        return all;
    }

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
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = false, OmitXmlDeclaration = false }))
        {
            write(writer);
        }

        // StringBuilder output declares utf-16; the bytes sent are UTF-8.
        return Results.Text(builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), contentType, Encoding.UTF8);
    }

    private static string BaseUrl(HttpContext http, CmsOptions options) => options.BaseUrlFor(http.Request);
}
