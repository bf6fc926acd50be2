using System.Net;
using System.Text;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Kits;

/// <summary>
/// The two pages of a kit that the site does not have: the index at the root (what is inside, in
/// each chosen language) and a QR poster per item. Self-contained (inline styles, relative links),
/// so they open from a folder like the rest.
/// </summary>
internal static class KitHtml
{
    public sealed record Section(
        string Locale,
        IReadOnlyList<(string Title, string File)> Pages,
        IReadOnlyList<(string Title, string File)> OnePagers,
        IReadOnlyList<(string Title, string File)> Posters,
        IReadOnlyList<(string Title, string File)> Epubs);

    private const string Style = """
        <style>
        body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a;background:#fff}
        a{color:#0b57a4}h1{font-size:1.6rem}h2{border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}h3{font-size:1.05rem}
        ul{padding-left:1.2rem}li{margin:.3rem 0}
        .poster{text-align:center;max-width:40rem}.poster img{width:min(80vw,14cm);height:auto}.url{font-size:1.3rem;font-weight:600;word-break:break-all}
        @media print{.poster{page-break-after:always}}
        </style>
        """;

    public static string Index(Func<string, string, string> text, string campaign, IReadOnlyList<Section> sections)
    {
        var first = sections[0].Locale;
        var html = new StringBuilder();
        html.Append($"<!doctype html><html lang=\"{Locales.HtmlLang(first)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>{E(text(first, "kit.title"))} · {E(campaign)}</title>{Style}</head><body><main>");
        html.Append($"<h1>{E(text(first, "site.name"))}</h1><p>{E(text(first, "kit.campaign").Replace("{0}", campaign, StringComparison.Ordinal))}</p>");
        html.Append("<nav aria-label=\"").Append(E(text(first, "kit.title"))).Append("\"><ul>");
        foreach (var section in sections)
        {
            html.Append($"<li><a href=\"#{section.Locale}\" lang=\"{Locales.HtmlLang(section.Locale)}\">{E(Locales.NativeName(section.Locale))}</a></li>");
        }

        html.Append("</ul></nav>");
        foreach (var section in sections)
        {
            var l = section.Locale;
            html.Append($"<section id=\"{l}\" lang=\"{Locales.HtmlLang(l)}\" aria-labelledby=\"h-{l}\"><h2 id=\"h-{l}\">{E(Locales.NativeName(l))} · {E(text(l, "kit.title"))}</h2><p>{E(text(l, "kit.intro"))}</p>");
            List(html, text(l, "kit.pages"), section.Pages);
            List(html, text(l, "kit.onePagers"), section.OnePagers);
            List(html, text(l, "kit.posters"), section.Posters);
            List(html, text(l, "kit.epubs"), section.Epubs);
            html.Append("</section>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    public static string Poster(Func<string, string, string> text, string locale, string title, string qrFile, string displayUrl, string campaign) =>
        $"<!doctype html><html lang=\"{Locales.HtmlLang(locale)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + $"<title>{E(title)} · {E(text(locale, "kit.posters"))}</title>{Style}</head><body><main class=\"poster\">"
        + $"<p>{E(text(locale, "site.name"))}</p><h1>{E(title)}</h1>"
        + $"<img src=\"{Uri.EscapeDataString(qrFile)}\" width=\"600\" height=\"600\" alt=\"{E(text(locale, "kit.qrAlt").Replace("{0}", displayUrl, StringComparison.Ordinal))}\">"
        + $"<p>{E(text(locale, "kit.scan"))}</p><p class=\"url\">{E(displayUrl)}</p>"
        + $"<p><small>{E(text(locale, "kit.campaign").Replace("{0}", campaign, StringComparison.Ordinal))}</small></p></main></body></html>";

    private static void List(StringBuilder html, string heading, IReadOnlyList<(string Title, string File)> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        html.Append($"<h3>{E(heading)}</h3><ul>");
        foreach (var (title, file) in entries)
        {
            html.Append($"<li><a href=\"{E(string.Join('/', file.Split('/').Select(Uri.EscapeDataString)))}\">{E(title)}</a></li>");
        }

        html.Append("</ul>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
