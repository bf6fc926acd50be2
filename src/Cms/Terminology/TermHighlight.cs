using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace PromoSite.Cms.Terminology;

/// <summary>
/// The Vietnamese source with its termbase terms in &lt;mark&gt;, each titled with the approved form
/// in the target language. Built as one string because the source box keeps white space
/// (pre-wrap): template line breaks between the pieces would show.
/// </summary>
public static class TermHighlight
{
    public static IHtmlContent Html(TermMatcher matcher, string text, string locale, string noForm)
    {
        var html = new StringBuilder(text.Length + 64);
        var encoder = HtmlEncoder.Default;
        foreach (var (piece, term) in matcher.Segments(text))
        {
            if (term is null)
            {
                html.Append(encoder.Encode(piece));
                continue;
            }

            html.Append("<mark class=\"term\" data-term=\"").Append(encoder.Encode(term.Vi))
                .Append("\" title=\"").Append(encoder.Encode(term.Approved(locale) ?? noForm)).Append("\">")
                .Append(encoder.Encode(piece)).Append("</mark>");
        }

        return new HtmlString(html.ToString());
    }
}
