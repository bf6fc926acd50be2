using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using AngleSharp;
using AngleSharp.Html.Parser;
using AngleSharp.Xhtml;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Export;

/// <summary>What goes into one issue's EPUB, already resolved for a language (with fallback per article).</summary>
public sealed record EpubIssue(DeliveredItem Series, DeliveredItem Issue, IReadOnlyList<DeliveredItem> Articles, string Locale, string Publisher, string SiteName, string ContentsLabel, Func<string, string> FallbackNote);

/// <summary>
/// An EPUB 3 of a publication issue in one language: a title page, one XHTML document per article
/// in the issue's order, a navigation document and the package metadata. Every text goes
/// through an XML writer (escaped), the articles' HTML (from the site's safe Markdown renderer)
/// is re-serialised as XHTML, and an article shown in another language says so and carries its
/// own xml:lang. The ZIP starts with the uncompressed "mimetype" entry, as readers require.
/// Images are left out until the media library serves them (only what has a file can go in).
/// </summary>
public static class EpubBuilder
{
    private const string Xhtml = "http://www.w3.org/1999/xhtml";
    private const string Ops = "http://www.idpf.org/2007/ops";

    public static byte[] Build(EpubIssue epub, DateTime modified)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "mimetype", "application/epub+zip", CompressionLevel.NoCompression);
            Add(zip, "META-INF/container.xml", Xml(w =>
            {
                w.WriteStartElement("container", "urn:oasis:names:tc:opendocument:xmlns:container");
                w.WriteAttributeString("version", "1.0");
                w.WriteStartElement("rootfiles", "urn:oasis:names:tc:opendocument:xmlns:container");
                w.WriteStartElement("rootfile", "urn:oasis:names:tc:opendocument:xmlns:container");
                w.WriteAttributeString("full-path", "OEBPS/package.opf");
                w.WriteAttributeString("media-type", "application/oebps-package+xml");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
            }));
            var lang = Locales.HtmlLang(epub.Locale);
            Add(zip, "OEBPS/style.css", "body{font-family:serif;line-height:1.5;margin:0 5%}h1{line-height:1.2}.kicker,.note{color:#555;font-size:.9em}");
            Add(zip, "OEBPS/title.xhtml", Page(lang, epub.Issue.Title, w =>
            {
                Element(w, "p", epub.Series.Title, "kicker");
                Element(w, "h1", epub.Issue.Title);
                if (epub.Issue.Summary is { } summary)
                {
                    Element(w, "p", summary);
                }

                Element(w, "p", epub.Publisher, "kicker");
            }));
            for (var i = 0; i < epub.Articles.Count; i++)
            {
                var article = epub.Articles[i];
                Add(zip, $"OEBPS/article-{i + 1}.xhtml", Page(Locales.HtmlLang(article.ResolvedLocale), article.Title, w =>
                {
                    if (article.IsFallback)
                    {
                        w.WriteStartElement("p", Xhtml);
                        w.WriteAttributeString("class", "note");
                        w.WriteAttributeString("xml", "lang", null, lang);
                        w.WriteAttributeString("lang", lang);
                        w.WriteString(epub.FallbackNote(article.ResolvedLocale));
                        w.WriteEndElement();
                    }

                    Element(w, "h1", article.Title);
                    if (article.Summary is { } summary)
                    {
                        Element(w, "p", summary, "kicker");
                    }

                    if (article.Html["body"]?.GetValue<string>() is { Length: > 0 } html)
                    {
                        w.WriteRaw(AsXhtml(html));
                    }
                }));
            }

            Add(zip, "OEBPS/nav.xhtml", Page(lang, epub.ContentsLabel, w =>
            {
                w.WriteStartElement("nav", Xhtml);
                w.WriteAttributeString("epub", "type", Ops, "toc");
                Element(w, "h1", epub.ContentsLabel);
                w.WriteStartElement("ol", Xhtml);
                WriteLink(w, "title.xhtml", epub.Issue.Title);
                for (var i = 0; i < epub.Articles.Count; i++)
                {
                    WriteLink(w, $"article-{i + 1}.xhtml", epub.Articles[i].Title);
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }));
            Add(zip, "OEBPS/package.opf", Xml(w => Package(w, epub, lang, modified)));
        }

        return output.ToArray();
    }

    private static void Package(XmlWriter w, EpubIssue epub, string lang, DateTime modified)
    {
        const string opf = "http://www.idpf.org/2007/opf";
        const string dc = "http://purl.org/dc/elements/1.1/";
        w.WriteStartElement("package", opf);
        w.WriteAttributeString("version", "3.0");
        w.WriteAttributeString("unique-identifier", "id");
        w.WriteAttributeString("xml", "lang", null, lang);
        w.WriteStartElement("metadata", opf);
        w.WriteAttributeString("xmlns", "dc", null, dc);
        w.WriteStartElement("dc", "identifier", dc);
        w.WriteAttributeString("id", "id");
        w.WriteString($"urn:promosite:issue:{epub.Issue.Id}:{epub.Locale}");
        w.WriteEndElement();
        w.WriteElementString("dc", "title", dc, epub.Issue.Title);
        w.WriteElementString("dc", "language", dc, lang);
        w.WriteElementString("dc", "publisher", dc, epub.Publisher);
        w.WriteElementString("dc", "creator", dc, epub.SiteName);
        if (epub.Issue.Fields["issueDate"]?.GetValue<string>() is { } date)
        {
            w.WriteElementString("dc", "date", dc, date);
        }

        if (epub.Issue.Summary is { } summary)
        {
            w.WriteElementString("dc", "description", dc, summary);
        }

        w.WriteStartElement("meta", opf);
        w.WriteAttributeString("property", "dcterms:modified");
        w.WriteString(modified.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("manifest", opf);
        Item(w, opf, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
        Item(w, opf, "style", "style.css", "text/css", null);
        Item(w, opf, "title", "title.xhtml", "application/xhtml+xml", null);
        for (var i = 0; i < epub.Articles.Count; i++)
        {
            Item(w, opf, $"article-{i + 1}", $"article-{i + 1}.xhtml", "application/xhtml+xml", null);
        }

        w.WriteEndElement();
        w.WriteStartElement("spine", opf);
        ItemRef(w, opf, "title");
        for (var i = 0; i < epub.Articles.Count; i++)
        {
            ItemRef(w, opf, $"article-{i + 1}");
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Item(XmlWriter w, string ns, string id, string href, string type, string? properties)
    {
        w.WriteStartElement("item", ns);
        w.WriteAttributeString("id", id);
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("media-type", type);
        if (properties is not null)
        {
            w.WriteAttributeString("properties", properties);
        }

        w.WriteEndElement();
    }

    private static void ItemRef(XmlWriter w, string ns, string id)
    {
        w.WriteStartElement("itemref", ns);
        w.WriteAttributeString("idref", id);
        w.WriteEndElement();
    }

    private static void WriteLink(XmlWriter w, string href, string text)
    {
        w.WriteStartElement("li", Xhtml);
        w.WriteStartElement("a", Xhtml);
        w.WriteAttributeString("href", href);
        w.WriteString(text);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string Page(string lang, string title, Action<XmlWriter> body) => Xml(w =>
    {
        w.WriteStartElement("html", Xhtml);
        w.WriteAttributeString("xmlns", "epub", null, Ops);
        w.WriteAttributeString("xml", "lang", null, lang);
        w.WriteAttributeString("lang", lang);
        w.WriteStartElement("head", Xhtml);
        w.WriteElementString("title", Xhtml, title);
        w.WriteStartElement("link", Xhtml);
        w.WriteAttributeString("rel", "stylesheet");
        w.WriteAttributeString("href", "style.css");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("body", Xhtml);
        body(w);
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static void Element(XmlWriter w, string name, string text, string? cssClass = null)
    {
        w.WriteStartElement(name, Xhtml);
        if (cssClass is not null)
        {
            w.WriteAttributeString("class", cssClass);
        }

        w.WriteString(text);
        w.WriteEndElement();
    }

    /// <summary>The article's HTML (already safe: raw HTML is off in the Markdown renderer) as well-formed XHTML.</summary>
    private static string AsXhtml(string html)
    {
        var document = new HtmlParser().ParseDocument($"<!doctype html><html><body><div class=\"body\">{html}</div></body></html>");
        return document.Body!.FirstElementChild!.ToHtml(XhtmlMarkupFormatter.Instance);
    }

    private static string Xml(Action<XmlWriter> write)
    {
        var text = new StringBuilder();
        using (var w = XmlWriter.Create(text, new XmlWriterSettings { Indent = false, OmitXmlDeclaration = false }))
        {
            write(w);
        }

        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Add(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content)); // no byte order mark: "mimetype" must be exactly its text
    }
}
