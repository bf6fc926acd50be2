using System.Collections.Frozen;
using System.Text.RegularExpressions;
using System.Xml;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PromoSite.Web.Publications;

/// <summary>
/// Turns the HTML the delivery renders from Markdown into XHTML for an EPUB. The HTML is parsed
/// (AngleSharp, as a browser would) and written node by node through the XmlWriter, so the result
/// is well-formed whatever the input and every text and attribute is escaped. Only the elements and
/// attributes Markdown produces are kept (anything else is unwrapped to its text); links are made
/// absolute, since a link to /vi/... means nothing inside a book; images are handed to the caller,
/// which embeds them or, when the file is not there, leaves their alternative text.
/// </summary>
internal static partial class XhtmlBody
{
    private const string Xhtml = "http://www.w3.org/1999/xhtml";

    private static readonly HtmlParser Parser = new();

    private static readonly FrozenSet<string> Elements = new[]
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark",
        "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "abbr", "small", "sub", "sup", "span", "div",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr", "br", "dl", "dt", "dd", "figure", "figcaption",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Attributes = new[] { "title", "colspan", "rowspan", "start", "reversed", "lang", "dir" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="html"/> as children of the element the writer is in.</summary>
    /// <param name="pageUrl">The absolute URL of the page the HTML comes from, to resolve relative links.</param>
    /// <param name="image">Given an img's src, the href of the embedded image, or null to keep only its alt text.</param>
    public static void Write(XmlWriter writer, string? html, Uri pageUrl, Func<string, string?> image)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return;
        }

        var document = Parser.ParseDocument("<!doctype html><html><body>" + html + "</body></html>");
        foreach (var node in document.Body!.ChildNodes)
        {
            WriteNode(writer, node, pageUrl, image);
        }
    }

    /// <summary>The src of every img in the HTML, so the caller can read the files before writing starts.</summary>
    public static IEnumerable<string> ImageSources(string? html) =>
        string.IsNullOrWhiteSpace(html)
            ? []
            : Parser.ParseDocument("<!doctype html><html><body>" + html + "</body></html>").Images
                .Select(i => i.GetAttribute("src")).OfType<string>().Where(s => s.Length > 0).ToList();

    private static void WriteNode(XmlWriter writer, INode node, Uri pageUrl, Func<string, string?> image)
    {
        switch (node)
        {
            case IText text:
                writer.WriteString(XmlText.Clean(text.Data));
                break;
            case IElement { LocalName: "img" } img:
                var alt = img.GetAttribute("alt") ?? "";
                var href = img.GetAttribute("src") is { Length: > 0 } src ? image(src) : null;
                if (href is null)
                {
                    writer.WriteString(XmlText.Clean(alt));
                    break;
                }

                writer.WriteStartElement("img", Xhtml);
                writer.WriteAttributeString("src", href);
                writer.WriteAttributeString("alt", XmlText.Clean(alt));
                writer.WriteEndElement();
                break;
            case IElement element when Elements.Contains(element.LocalName):
                writer.WriteStartElement(element.LocalName, Xhtml);
                foreach (var attribute in element.Attributes)
                {
                    if (Attributes.Contains(attribute.Name))
                    {
                        writer.WriteAttributeString(attribute.Name, XmlText.Clean(attribute.Value));
                    }
                    else if (attribute.Name == "style" && TextAlign().IsMatch(attribute.Value))
                    {
                        writer.WriteAttributeString("style", attribute.Value); // table column alignment from pipe tables
                    }
                    else if (attribute.Name == "href" && element.LocalName == "a")
                    {
                        writer.WriteAttributeString("href", Link(attribute.Value, pageUrl));
                    }
                }

                foreach (var child in element.ChildNodes)
                {
                    WriteNode(writer, child, pageUrl, image);
                }

                if (element.LocalName is "br" or "hr")
                {
                    writer.WriteEndElement();
                }
                else
                {
                    writer.WriteFullEndElement(); // <p></p>, not <p/>, for reading systems that parse as HTML
                }

                break;
            case IElement other:
                // Not something Markdown makes: keep what it says, not what it is.
                foreach (var child in other.ChildNodes)
                {
                    WriteNode(writer, child, pageUrl, image);
                }

                break;
        }
    }

    /// <summary>Fragments stay; everything else becomes an absolute URL (the delivery has already neutralised unsafe schemes).</summary>
    internal static string Link(string href, Uri pageUrl)
    {
        var value = href.Trim();
        if (value.Length == 0 || value.StartsWith('#'))
        {
            return value.Length == 0 ? "#" : value;
        }

        return Uri.TryCreate(pageUrl, value, out var absolute) && absolute.Scheme is "http" or "https" or "mailto" or "tel"
            ? absolute.AbsoluteUri
            : "#";
    }

    [GeneratedRegex("^\\s*text-align:\\s*(left|right|center)\\s*;?\\s*$")]
    private static partial Regex TextAlign();
}
