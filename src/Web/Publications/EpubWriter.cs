using System.IO.Compression;
using System.Text;
using System.Xml;

namespace PromoSite.Web.Publications;

/// <summary>An EPUB 3 book, ready to be written: what <see cref="EpubWriter"/> needs and nothing about where it came from.</summary>
/// <param name="Identifier">The stable dc:identifier (the same book gets the same one every time it is generated).</param>
/// <param name="Languages">BCP 47 tags; the first is the book's language, the others are languages some chapters fall back to.</param>
/// <param name="Modified">dcterms:modified; taken from the content, never the clock, so the same content gives the same bytes.</param>
internal sealed record EpubBook(
    string Identifier,
    IReadOnlyList<string> Languages,
    string Title,
    string? TitleLanguage,
    string? Description,
    string Publisher,
    DateOnly? Date,
    DateTime Modified,
    string ContentsHeading,
    EpubDocument TitlePage,
    IReadOnlyList<EpubDocument> Chapters,
    IReadOnlyList<EpubImage> Images,
    EpubImage? Cover);

/// <summary>One XHTML document of the spine. <paramref name="WriteBody"/> writes the inside of &lt;body&gt; through an XmlWriter, so every text is escaped.</summary>
internal sealed record EpubDocument(string Id, string Title, string Language, Action<XmlWriter> WriteBody)
{
    public string FileName => Id + ".xhtml";
}

/// <summary>An image in the book; <paramref name="Href"/> is relative to the package document (images/....png).</summary>
internal sealed record EpubImage(string Id, string Href, string MediaType, byte[] Bytes);

/// <summary>
/// Writes an EPUB 3 container: the uncompressed mimetype first, META-INF/container.xml, the package
/// document, the navigation document, a small style sheet, one XHTML document per chapter and the images.
/// Every XML file goes through XmlWriter (no string concatenation of markup), entry times come from the
/// book's modification date, so identical content gives identical bytes and a stable ETag.
/// </summary>
internal static class EpubWriter
{
    public const string MediaType = "application/epub+zip";
    private const string Xhtml = "http://www.w3.org/1999/xhtml";
    private const string Ops = "http://www.idpf.org/2007/ops";
    private const string Opf = "http://www.idpf.org/2007/opf";
    private const string Dc = "http://purl.org/dc/elements/1.1/";
    private const string Folder = "EPUB/";

    private const string StyleSheet = """
        body{font-family:serif;line-height:1.5;margin:0 5%}
        h1{font-size:1.6em;line-height:1.25;margin:1em 0 .5em}
        h2,h3{line-height:1.3}
        .kicker,.meta{font-size:.9em;color:#555}
        .lead{font-size:1.1em}
        .notice{border:1px solid #c9a640;padding:.4em .6em;font-size:.9em}
        figure{margin:1em 0}
        img{max-width:100%;height:auto}
        figcaption{font-size:.85em;color:#555}
        table{border-collapse:collapse}
        td,th{border:1px solid #999;padding:.2em .4em}
        nav ol{list-style:none;padding-left:0}
        nav li{margin:.4em 0}
        """;

    public static byte[] Write(EpubBook book)
    {
        // A MemoryStream is seekable, so entries get their sizes in the local headers (no data
        // descriptors), which is what EPUB reading systems and epubcheck expect for mimetype.
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            var time = new DateTimeOffset(DateTime.SpecifyKind(book.Modified < new DateTime(1980, 1, 2) ? new DateTime(1980, 1, 2) : book.Modified, DateTimeKind.Utc));
            Add(zip, "mimetype", time, Encoding.ASCII.GetBytes(MediaType), CompressionLevel.NoCompression);
            Add(zip, "META-INF/container.xml", time, Xml(WriteContainer));
            Add(zip, Folder + "package.opf", time, Xml(w => WritePackage(w, book)));
            Add(zip, Folder + "nav.xhtml", time, Xml(w => WriteNavigation(w, book)));
            Add(zip, Folder + "style.css", time, Encoding.UTF8.GetBytes(StyleSheet));
            foreach (var document in Documents(book))
            {
                Add(zip, Folder + document.FileName, time, Xml(w => WriteDocument(w, document)));
            }

            foreach (var image in Images(book))
            {
                // Images are compressed already; deflating them again only costs time.
                Add(zip, Folder + image.Href, time, image.Bytes, CompressionLevel.NoCompression);
            }
        }

        return buffer.ToArray();
    }

    private static IEnumerable<EpubDocument> Documents(EpubBook book) => [book.TitlePage, .. book.Chapters];

    private static IEnumerable<EpubImage> Images(EpubBook book) =>
        (book.Cover is null ? book.Images : [book.Cover, .. book.Images]).DistinctBy(i => i.Href);

    private static void Add(ZipArchive zip, string name, DateTimeOffset time, byte[] bytes, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = time;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteContainer(XmlWriter w)
    {
        w.WriteStartElement("container", "urn:oasis:names:tc:opendocument:xmlns:container");
        w.WriteAttributeString("version", "1.0");
        w.WriteStartElement("rootfiles");
        w.WriteStartElement("rootfile");
        w.WriteAttributeString("full-path", Folder + "package.opf");
        w.WriteAttributeString("media-type", "application/oebps-package+xml");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WritePackage(XmlWriter w, EpubBook book)
    {
        w.WriteStartElement("package", Opf);
        w.WriteAttributeString("version", "3.0");
        w.WriteAttributeString("unique-identifier", "pub-id");
        w.WriteAttributeString("xml", "lang", null, book.Languages[0]);

        w.WriteStartElement("metadata");
        w.WriteAttributeString("xmlns", "dc", null, Dc);
        w.WriteStartElement("dc", "identifier", Dc);
        w.WriteAttributeString("id", "pub-id");
        w.WriteString(book.Identifier);
        w.WriteEndElement();
        w.WriteStartElement("dc", "title", Dc);
        if (book.TitleLanguage is not null && book.TitleLanguage != book.Languages[0])
        {
            w.WriteAttributeString("xml", "lang", null, book.TitleLanguage);
        }

        w.WriteString(XmlText.Clean(book.Title));
        w.WriteEndElement();
        foreach (var language in book.Languages.Distinct(StringComparer.Ordinal))
        {
            w.WriteElementString("dc", "language", Dc, language);
        }

        w.WriteElementString("dc", "publisher", Dc, XmlText.Clean(book.Publisher));
        if (book.Date is { } date)
        {
            w.WriteElementString("dc", "date", Dc, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrWhiteSpace(book.Description))
        {
            w.WriteElementString("dc", "description", Dc, XmlText.Clean(book.Description));
        }

        w.WriteStartElement("meta");
        w.WriteAttributeString("property", "dcterms:modified");
        w.WriteString(book.Modified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndElement();
        w.WriteEndElement(); // metadata

        w.WriteStartElement("manifest");
        Item(w, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
        Item(w, "style", "style.css", "text/css", null);
        foreach (var document in Documents(book))
        {
            Item(w, document.Id, document.FileName, "application/xhtml+xml", null);
        }

        foreach (var image in Images(book))
        {
            Item(w, image.Id, image.Href, image.MediaType, image == book.Cover ? "cover-image" : null);
        }

        w.WriteEndElement();

        w.WriteStartElement("spine");
        foreach (var document in Documents(book))
        {
            w.WriteStartElement("itemref");
            w.WriteAttributeString("idref", document.Id);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement(); // package
    }

    private static void Item(XmlWriter w, string id, string href, string mediaType, string? properties)
    {
        w.WriteStartElement("item");
        w.WriteAttributeString("id", id);
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("media-type", mediaType);
        if (properties is not null)
        {
            w.WriteAttributeString("properties", properties);
        }

        w.WriteEndElement();
    }

    private static void WriteNavigation(XmlWriter w, EpubBook book)
    {
        var navigation = new EpubDocument("nav", book.ContentsHeading, book.Languages[0], body =>
        {
            body.WriteStartElement("nav", Xhtml);
            body.WriteAttributeString("epub", "type", Ops, "toc");
            body.WriteAttributeString("id", "toc");
            body.WriteElementString("h1", Xhtml, XmlText.Clean(book.ContentsHeading));
            body.WriteStartElement("ol", Xhtml);
            foreach (var document in Documents(book))
            {
                body.WriteStartElement("li", Xhtml);
                if (document.Language != book.Languages[0])
                {
                    Language(body, document.Language);
                }

                body.WriteStartElement("a", Xhtml);
                body.WriteAttributeString("href", document.FileName);
                body.WriteString(XmlText.Clean(document.Title));
                body.WriteEndElement();
                body.WriteEndElement();
            }

            body.WriteEndElement();
            body.WriteEndElement();

            body.WriteStartElement("nav", Xhtml);
            body.WriteAttributeString("epub", "type", Ops, "landmarks");
            body.WriteAttributeString("hidden", "hidden");
            body.WriteStartElement("ol", Xhtml);
            Landmark(body, "titlepage", book.TitlePage);
            if (book.Chapters.Count > 0)
            {
                Landmark(body, "bodymatter", book.Chapters[0]);
            }

            body.WriteEndElement();
            body.WriteEndElement();
        });
        WriteDocument(w, navigation);
    }

    private static void Landmark(XmlWriter w, string type, EpubDocument document)
    {
        w.WriteStartElement("li", Xhtml);
        w.WriteStartElement("a", Xhtml);
        w.WriteAttributeString("epub", "type", Ops, type);
        w.WriteAttributeString("href", document.FileName);
        w.WriteString(XmlText.Clean(document.Title));
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteDocument(XmlWriter w, EpubDocument document)
    {
        w.WriteRaw("<!DOCTYPE html>\n"); // a constant; XmlWriter's own WriteDocType adds a stray space
        w.WriteStartElement("html", Xhtml);
        w.WriteAttributeString("xmlns", "epub", null, Ops);
        Language(w, document.Language);
        w.WriteStartElement("head", Xhtml);
        w.WriteStartElement("meta", Xhtml);
        w.WriteAttributeString("charset", "utf-8");
        w.WriteEndElement();
        w.WriteElementString("title", Xhtml, XmlText.Clean(document.Title));
        w.WriteStartElement("link", Xhtml);
        w.WriteAttributeString("rel", "stylesheet");
        w.WriteAttributeString("type", "text/css");
        w.WriteAttributeString("href", "style.css");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("body", Xhtml);
        document.WriteBody(w);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>Both attributes: xml:lang is what XML and EPUB reading systems read, lang what HTML renderers read.</summary>
    public static void Language(XmlWriter w, string language)
    {
        w.WriteAttributeString("xml", "lang", null, language);
        w.WriteAttributeString("lang", language);
    }
}

/// <summary>Text as XML can carry it: characters XML 1.0 forbids (control characters an editor may have pasted) are dropped.</summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        if (text.All(c => XmlConvert.IsXmlChar(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                builder.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text, i, 2);
                i++;
            }
        }

        return builder.ToString();
    }
}
