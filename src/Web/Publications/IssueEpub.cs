using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Publications;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Publications;

/// <summary>A generated book, or why there is none (the issue's lookup status, with the new address when it moved).</summary>
internal sealed record IssueEpubResult(LookupStatus Status, byte[]? Bytes = null, string? FileName = null, string? RedirectPath = null);

/// <summary>
/// Makes the EPUB of one publication issue in one language from what the delivery publishes: a
/// title page (cover, series, number, period, date, summary, the issue's text), then one document
/// per article in the issue's reading order. An article shown in another language because its
/// translation is missing keeps its own language (xml:lang) and says so in the reader's language.
/// Images come from media items through <see cref="IMediaFiles"/>: embedded when the file is
/// there and is a JPEG, PNG or GIF, left out (alternative text kept) otherwise.
/// </summary>
internal sealed class IssueEpubComposer(IContentDelivery delivery, PublicationIssues publications, IMediaFiles files, UiStrings strings)
{
    private const string Xhtml = "http://www.w3.org/1999/xhtml";
    private const string Ops = "http://www.idpf.org/2007/ops";

    public async Task<IssueEpubResult> ComposeAsync(string locale, string seriesSlug, string issueSlug, string baseUrl, CancellationToken ct)
    {
        var lookup = await publications.GetAsync(locale, seriesSlug, issueSlug, ct);
        if (lookup.Status != LookupStatus.Found)
        {
            return new IssueEpubResult(lookup.Status, RedirectPath: lookup.RedirectPath);
        }

        var (series, issue, articles) = (lookup.Series!, lookup.Issue!, lookup.Articles!);
        var images = new ImageSet(delivery, files, locale, ct);
        var cover = await images.FromMediaAsync(issue.Fields["cover"]);
        var articleImages = new List<MediaImage?>();
        foreach (var article in articles)
        {
            articleImages.Add(await images.FromMediaAsync(article.Fields["image"]));
        }

        foreach (var html in articles.Select(a => a.Html["body"]).Append(issue.Html["body"]))
        {
            await images.FromBodyAsync(html?.GetValue<string>());
        }

        var language = Locales.HtmlLang(locale);
        var culture = LocalizationExtensions.CultureFor(locale);
        var titlePage = new EpubDocument("title", issue.Title, Locales.HtmlLang(issue.ResolvedLocale),
            w => WriteTitlePage(w, locale, culture, baseUrl, series, issue, cover, images));
        var chapters = articles.Select((article, i) => new EpubDocument(
            $"article-{i + 1:00}", article.Title, Locales.HtmlLang(article.ResolvedLocale),
            w => WriteArticle(w, locale, culture, baseUrl, article, articleImages[i], images))).ToList();

        var publisher = series.As<Publication>().Publisher is { Length: > 0 } named ? named : Text(locale, "org.name");
        var model = issue.As<PublicationIssue>();
        var modified = new[] { series.UpdatedAt, issue.UpdatedAt }.Concat(articles.Select(a => a.UpdatedAt)).Concat(images.Modified).Max();
        var book = new EpubBook(
            Identifier: StableUrn($"promosite:publication-issues:{issue.Key}:{locale}"),
            Languages: [language, .. new[] { issue }.Concat(articles).Select(i => Locales.HtmlLang(i.ResolvedLocale)).Where(l => l != language).Distinct()],
            Title: issue.Title,
            TitleLanguage: Locales.HtmlLang(issue.ResolvedLocale),
            Description: issue.Summary,
            Publisher: publisher,
            Date: model.IssueDate,
            Modified: new DateTime(modified.Ticks - (modified.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            ContentsHeading: Text(locale, "issue.contents"),
            TitlePage: titlePage,
            Chapters: chapters,
            Images: images.All,
            Cover: cover?.Image);
        return new IssueEpubResult(LookupStatus.Found, EpubWriter.Write(book), $"{series.Slug}-{issue.Slug}-{locale}.epub");
    }

    private void WriteTitlePage(XmlWriter w, string locale, CultureInfo culture, string baseUrl, DeliveredItem series, DeliveredItem issue, MediaImage? cover, ImageSet images)
    {
        var documentLanguage = Locales.HtmlLang(issue.ResolvedLocale);
        w.WriteStartElement("section", Xhtml);
        w.WriteAttributeString("epub", "type", Ops, "titlepage");
        Paragraph(w, "kicker", series.Title, Locales.HtmlLang(series.ResolvedLocale), documentLanguage);
        if (cover is not null)
        {
            Figure(w, cover);
        }

        w.WriteElementString("h1", Xhtml, XmlText.Clean(issue.Title));
        var facts = new List<string>();
        foreach (var field in new[] { "number", "period", "issueDate" })
        {
            if (issue.Fields[field] is { } value)
            {
                var shown = field == "issueDate" ? FormatDate(value, culture) : field == "number" ? value.GetValue<int>().ToString(culture) : value.ToString();
                facts.Add($"{Text(locale, "field." + field)}: {shown}");
            }
        }

        Paragraph(w, "meta", string.Join(" · ", facts), Locales.HtmlLang(locale), documentLanguage);
        if (issue.IsFallback)
        {
            Paragraph(w, "notice", string.Format(culture, Text(locale, "fallback.notice"), Text(locale, "language." + issue.ResolvedLocale)), Locales.HtmlLang(locale), documentLanguage);
        }

        if (issue.Summary is not null)
        {
            Paragraph(w, "lead", issue.Summary, null, null);
        }

        XhtmlBody.Write(w, issue.Html["body"]?.GetValue<string>(), new Uri(baseUrl + issue.Path), images.HrefOf);
        w.WriteStartElement("p", Xhtml);
        w.WriteAttributeString("class", "meta");
        w.WriteStartElement("a", Xhtml);
        w.WriteAttributeString("href", baseUrl + issue.Path);
        w.WriteString(baseUrl + issue.Path);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private void WriteArticle(XmlWriter w, string locale, CultureInfo culture, string baseUrl, DeliveredItem article, MediaImage? image, ImageSet images)
    {
        var documentLanguage = Locales.HtmlLang(article.ResolvedLocale);
        w.WriteStartElement("article", Xhtml);
        if (article.IsFallback)
        {
            Paragraph(w, "notice", string.Format(culture, Text(locale, "fallback.notice"), Text(locale, "language." + article.ResolvedLocale)), Locales.HtmlLang(locale), documentLanguage);
        }

        w.WriteElementString("h1", Xhtml, XmlText.Clean(article.Title));
        var model = article.As<Article>();
        var meta = new[] { model.Date is { } date ? date.ToString("D", culture) : null, model.Author }.OfType<string>().ToList();
        if (meta.Count > 0)
        {
            Paragraph(w, "meta", string.Join(" · ", meta), Locales.HtmlLang(locale), documentLanguage); // the date is written the reader's way
        }

        if (article.Summary is not null)
        {
            Paragraph(w, "lead", article.Summary, null, null);
        }

        if (image is not null)
        {
            Figure(w, image);
        }

        XhtmlBody.Write(w, article.Html["body"]?.GetValue<string>(), new Uri(baseUrl + (article.Path ?? "/")), images.HrefOf);
        w.WriteEndElement();
    }

    private static void Paragraph(XmlWriter w, string @class, string text, string? language, string? documentLanguage)
    {
        w.WriteStartElement("p", Xhtml);
        w.WriteAttributeString("class", @class);
        if (language is not null && language != documentLanguage)
        {
            EpubWriter.Language(w, language);
        }

        w.WriteString(XmlText.Clean(text));
        w.WriteEndElement();
    }

    private static void Figure(XmlWriter w, MediaImage image)
    {
        w.WriteStartElement("figure", Xhtml);
        w.WriteStartElement("img", Xhtml);
        w.WriteAttributeString("src", image.Image.Href);
        w.WriteAttributeString("alt", XmlText.Clean(image.Alt));
        w.WriteEndElement();
        var caption = string.Join(" · ", new[] { image.Caption, image.Credit }.Where(c => !string.IsNullOrWhiteSpace(c)));
        if (caption.Length > 0)
        {
            w.WriteElementString("figcaption", Xhtml, XmlText.Clean(caption));
        }

        w.WriteEndElement();
    }

    private string Text(string locale, string key) => strings.Find(locale, key) ?? key;

    private static string FormatDate(JsonNode value, CultureInfo culture) =>
        DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("D", culture)
            : value.GetValue<string>();

    /// <summary>A name-based UUID (RFC 9562 version 5 layout over SHA-1): the same issue and language always get the same identifier.</summary>
    internal static string StableUrn(string name)
    {
#pragma warning disable CA5350 // SHA-1 is what name-based UUIDs are defined with; this is an identifier, not security.
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    private sealed record MediaImage(EpubImage Image, string Alt, string? Caption, string? Credit);

    /// <summary>The images of one book, read before writing starts (writing is synchronous), each file once.</summary>
    private sealed class ImageSet(IContentDelivery delivery, IMediaFiles files, string locale, CancellationToken ct)
    {
        private readonly Dictionary<string, EpubImage?> _byFile = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _bodyHrefs = new(StringComparer.Ordinal);

        public List<DateTime> Modified { get; } = [];

        public IReadOnlyList<EpubImage> All => [.. _byFile.Values.OfType<EpubImage>().DistinctBy(i => i.Href)];

        public string? HrefOf(string src) => _bodyHrefs.GetValueOrDefault(src);

        public async Task<MediaImage?> FromMediaAsync(JsonNode? reference)
        {
            if (reference?.GetValue<string>() is not { Length: > 0 } key
                || await delivery.GetByKeyAsync(locale, MediaAsset.Key, key, ct) is not { } media
                || media.Fields["file"]?.GetValue<string>() is not { Length: > 0 } file
                || await ReadAsync(file) is not { } image)
            {
                return null;
            }

            Modified.Add(media.UpdatedAt);
            var asset = media.As<MediaAsset>();
            return new MediaImage(image, asset.Alt ?? "", asset.Caption, asset.Credit);
        }

        /// <summary>Images in Markdown are addresses; only the site's own media files (/media/...) can be put in the book.</summary>
        public async Task FromBodyAsync(string? html)
        {
            foreach (var src in XhtmlBody.ImageSources(html))
            {
                if (!_bodyHrefs.ContainsKey(src) && src.StartsWith("/media/", StringComparison.Ordinal) && await ReadAsync(src) is { } image)
                {
                    _bodyHrefs[src] = image.Href;
                }
            }
        }

        private async Task<EpubImage?> ReadAsync(string file)
        {
            if (!_byFile.TryGetValue(file, out var image))
            {
                var bytes = await files.ReadAsync(file, ct);
                if (bytes is not null && EpubImageTypes.Sniff(bytes) is var (mediaType, extension))
                {
                    var name = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
                    image = new EpubImage("img-" + name, $"images/{name}{extension}", mediaType, bytes);
                }

                _byFile[file] = image;
            }

            return image;
        }
    }
}
