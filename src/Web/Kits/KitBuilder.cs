using System.IO.Compression;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Kits;
using PromoSite.Cms.Printing;
using PromoSite.Cms.Sharing;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Kits;

/// <summary>
/// Builds a conference kit: the chosen part of the site rendered through the app's own pipeline
/// (<see cref="InMemorySite"/>), with every link made relative (folder/index.html) so that it opens
/// from a folder with file://, links to pages outside the kit sent to the live site and marked
/// (data-kit-online), scripts left out (the pages are readable without them, and module scripts and
/// the service worker cannot run from file://); a PDF one-pager per printable item, a QR poster per
/// item and the EPUBs of chosen issues, each with its campaign short link (channel "kit"), and an
/// index.html at the root that lists it all in the chosen languages.
/// </summary>
internal sealed partial class KitBuilder(
    InMemorySite site, IContentDelivery delivery, ContentTypeRegistry types, ShortLinkService links, ChromiumPdf pdf, UiStrings strings,
    ILogger<KitBuilder> logger) : IKitBuilder
{
    public const string OnlineAttribute = "data-kit-online";
    private const string AssetFolder = "assets/";

    private sealed record KitPage(string Locale, string Path, string File, string Title);

    private sealed record KitItem(string Locale, DeliveredItem Item, bool Printable);

    private readonly Dictionary<string, string?> _assets = new(StringComparer.Ordinal); // site path → file in the zip, null when it could not be fetched
    private readonly Dictionary<string, byte[]> _assetBytes = new(StringComparer.Ordinal);
    private readonly HtmlParser _parser = new();
    private Dictionary<string, string> _files = new(StringComparer.Ordinal); // site path of a page or EPUB → file in the zip
    private HttpClient _client = null!;
    private string _live = "";

    public async Task<KitContents> BuildAsync(KitRequest request, Stream output, IProgress<KitProgress> progress, CancellationToken ct)
    {
        _live = request.LiveBaseUrl.TrimEnd('/');
        using var client = site.CreateClient(_live);
        _client = client;
        var (pages, items) = await ChooseAsync(request, ct);
        var issues = items.Where(i => i.Item.Type == PublicationIssue.Key).ToList();
        _files = pages.ToDictionary(p => p.Path, p => p.File, StringComparer.Ordinal);
        foreach (var issue in issues)
        {
            _files[issue.Item.Path + ".epub"] = EpubFile(issue);
        }

        var printable = items.Where(i => i.Printable).ToList();
        var total = pages.Count + printable.Count + items.Count + issues.Count;
        var done = 0;
        void Step() => progress.Report(new KitProgress(++done, total));
        progress.Report(new KitProgress(0, total));

        var notes = new List<string>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        // Pages first: what fails to render leaves the kit, so no link leads to a missing file.
        var rendered = new List<KitPage>();
        var pageHtml = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var (status, _, bytes) = await GetAsync(page.Path, ct);
            if (status == 200)
            {
                pageHtml[page.Path] = System.Text.Encoding.UTF8.GetString(bytes);
                rendered.Add(page);
            }
            else
            {
                _files.Remove(page.Path);
                LogPageFailed(logger, page.Path, status);
            }
        }

        foreach (var page in rendered)
        {
            await WriteAsync(zip, page.File, System.Text.Encoding.UTF8.GetBytes(await RewritePageAsync(page.Path, page.File, pageHtml[page.Path], ct)), ct);
            Step();
        }

        if (rendered.Count < pages.Count)
        {
            notes.Add("admin.kits.note.pagesMissing");
        }

        // Short links, one per item and language for the campaign, shared by the poster and the one-pager.
        var codes = new Dictionary<KitItem, ShortLink>();
        foreach (var item in items)
        {
            var (link, problem) = await links.ForKitAsync(item.Item.Id, item.Locale, request.Campaign, request.RequestedBy, ct);
            codes[item] = link ?? throw new InvalidOperationException(problem);
        }

        var pdfs = new List<(KitItem Item, string File)>();
        var printing = true;
        foreach (var item in printable)
        {
            var (bytes, unavailable) = printing ? await PrintAsync(item, codes[item], ct) : (null, false);
            if (bytes is not null)
            {
                var file = $"pdf/{item.Locale}/{item.Item.Type}-{item.Item.Key}.pdf";
                await WriteAsync(zip, file, bytes, ct);
                pdfs.Add((item, file));
            }
            else if (unavailable)
            {
                printing = false; // Chromium is missing here: the rest would fail the same way
                notes.Add("admin.kits.note.noPdf");
            }

            Step();
        }

        var posters = new List<(KitItem Item, string File)>();
        foreach (var item in items)
        {
            var link = codes[item];
            var name = $"posters/{item.Locale}/{item.Item.Type}-{item.Item.Key}";
            var printed = ShortLinkService.PrintedUrl(_live, link.Code);
            await WriteAsync(zip, name + ".png", ShortLinkService.QrPng(printed), ct);
            await WriteAsync(zip, name + ".html", System.Text.Encoding.UTF8.GetBytes(KitHtml.Poster(Text, item.Locale, item.Item.Title, name.Split('/')[^1] + ".png", ShortLinkService.DisplayUrl(_live, link.Code), request.Campaign)), ct);
            posters.Add((item, name + ".html"));
            Step();
        }

        var epubs = new List<(KitItem Item, string File)>();
        foreach (var issue in issues)
        {
            var (status, _, bytes) = await GetAsync(issue.Item.Path + ".epub", ct);
            if (status == 200)
            {
                await WriteAsync(zip, EpubFile(issue), bytes, ct);
                epubs.Add((issue, EpubFile(issue)));
            }

            Step();
        }

        var sections = request.Locales.Select(locale => new KitHtml.Section(
            locale,
            [.. rendered.Where(p => p.Locale == locale).Select(p => (p.Title, p.File))],
            [.. pdfs.Where(p => p.Item.Locale == locale).Select(p => (p.Item.Item.Title, p.File))],
            [.. posters.Where(p => p.Item.Locale == locale).Select(p => (p.Item.Item.Title, p.File))],
            [.. epubs.Where(p => p.Item.Locale == locale).Select(p => (p.Item.Item.Title, p.File))])).ToList();
        await WriteAsync(zip, "index.html", System.Text.Encoding.UTF8.GetBytes(KitHtml.Index(Text, request.Campaign, sections)), ct);
        return new KitContents(rendered.Count, pdfs.Count, posters.Count, epubs.Count, notes);
    }

    private string Text(string locale, string key) => strings.Find(locale, key) ?? key;

    private static string EpubFile(KitItem issue) => $"epub/{issue.Locale}/{issue.Item.Key}.epub";

    /// <summary>Per language: the home page, the chosen sections' list pages and every chosen item (alone or by its section).</summary>
    private async Task<(List<KitPage> Pages, List<KitItem> Items)> ChooseAsync(KitRequest request, CancellationToken ct)
    {
        var pages = new List<KitPage>();
        var items = new List<KitItem>();
        foreach (var locale in request.Locales)
        {
            pages.Add(new KitPage(locale, $"/{locale}/", $"{locale}/index.html", Text(locale, "kit.home")));
            var chosen = new Dictionary<long, DeliveredItem>();
            foreach (var type in request.Sections.Select(types.Find).OfType<ContentTypeDefinition>())
            {
                if ((type.ListPath ?? (type.Section is { } section ? section + "/" : null)) is { } list && pages.All(p => p.Path != $"/{locale}/{list}"))
                {
                    pages.Add(new KitPage(locale, $"/{locale}/{list}", FileFor($"/{locale}/{list}"), Text(locale, type.LabelKey)));
                }

                foreach (var item in await delivery.ListAllAsync(new ContentQuery(locale, type.Name), ct))
                {
                    chosen.TryAdd(item.Id, item);
                }
            }

            foreach (var id in request.ItemIds)
            {
                if (!chosen.ContainsKey(id) && await delivery.GetByIdAsync(locale, id, ct) is { } item)
                {
                    chosen[id] = item;
                }
            }

            foreach (var item in chosen.Values.Where(i => i.Path is not null))
            {
                items.Add(new KitItem(locale, item, types.Find(item.Type) is { Printable: true }));
                pages.Add(new KitPage(locale, item.Path!, FileFor(item.Path!), item.Title));
            }
        }

        return (pages, items);
    }

    /// <summary>A page's file: /en/ocop/x → en/ocop/x/index.html, so a folder opens as the page.</summary>
    internal static string FileFor(string path) => Uri.UnescapeDataString(path.Trim('/')) is { Length: > 0 } inner ? inner + "/index.html" : "index.html";

    /// <summary>The path from one file of the zip to another, as a relative URL.</summary>
    internal static string Relative(string fromFile, string toFile)
    {
        var from = fromFile.Split('/')[..^1];
        var to = toFile.Split('/');
        var common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common])
        {
            common++;
        }

        return string.Concat(Enumerable.Repeat("../", from.Length - common)) + string.Join('/', to[common..].Select(Uri.EscapeDataString));
    }

    private async Task<string> RewritePageAsync(string path, string file, string html, CancellationToken ct)
    {
        var document = await _parser.ParseDocumentAsync(html, ct);
        foreach (var script in document.QuerySelectorAll("script").Where(s => s.GetAttribute("type") != "application/ld+json").ToList())
        {
            script.Remove();
        }

        foreach (var link in document.QuerySelectorAll("link[rel~=manifest], link[rel~=modulepreload], link[rel~=preconnect], link[rel~=dns-prefetch]").ToList())
        {
            link.Remove();
        }

        await FetchAssetsAsync(path, document, ct);
        var online = Text(LocaleOfPath(path), "kit.online");
        foreach (var element in document.QuerySelectorAll("[href], [src], [srcset], [poster], [action]"))
        {
            switch (element.LocalName)
            {
                case "a" or "area":
                    PageLink(element, "href", path, file, online);
                    break;
                case "form":
                    PageLink(element, "action", path, file, online);
                    break;
                case "iframe":
                    Live(element, "src", path);
                    break;
                case "link" when !IsAssetLink(element):
                    Live(element, "href", path);
                    break;
                default:
                    foreach (var attribute in new[] { "href", "src", "poster" })
                    {
                        if (element.GetAttribute(attribute) is { } value)
                        {
                            element.SetAttribute(attribute, AssetUrl(path, file, value));
                        }
                    }

                    if (element.GetAttribute("srcset") is { } srcset)
                    {
                        element.SetAttribute("srcset", string.Join(", ", srcset.Split(',').Select(c => c.Trim()).Where(c => c.Length > 0).Select(c =>
                        {
                            var parts = c.Split(' ', 2);
                            return AssetUrl(path, file, parts[0]) + (parts.Length > 1 ? " " + parts[1] : "");
                        })));
                    }

                    break;
            }
        }

        return document.ToHtml();
    }

    private static bool IsAssetLink(IElement link) =>
        (link.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r is "stylesheet" or "icon" or "apple-touch-icon" or "preload");

    private static string LocaleOfPath(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] && Locales.IsSupported(first) ? first : Locales.Source;

    /// <summary>A link to a page: relative when the page is in the kit, else to the live site, marked as needing a network.</summary>
    private void PageLink(IElement element, string attribute, string path, string file, string online)
    {
        if (element.GetAttribute(attribute) is not { } href || Resolve(path, href) is not { } target)
        {
            return;
        }

        if (target.Query.Length == 0 && _files.TryGetValue(target.Path, out var to))
        {
            element.SetAttribute(attribute, Relative(file, to) + target.Fragment);
            return;
        }

        element.SetAttribute(attribute, _live + target.Path + target.Query + target.Fragment);
        element.SetAttribute(OnlineAttribute, "");
        if (element.LocalName == "a" && element.GetAttribute("title") is null)
        {
            element.SetAttribute("title", online);
        }
    }

    private void Live(IElement element, string attribute, string path)
    {
        if (element.GetAttribute(attribute) is { } href && Resolve(path, href) is { } target)
        {
            element.SetAttribute(attribute, _live + target.Path + target.Query + target.Fragment);
        }
    }

    private string AssetUrl(string path, string file, string url)
    {
        if (Resolve(path, url) is not { } target)
        {
            return url;
        }

        return _assets.GetValueOrDefault(target.Path) is { } asset
            ? Relative(file, asset) + target.Fragment
            : _live + target.Path + target.Query + target.Fragment;
    }

    private readonly record struct Target(string Path, string Query, string Fragment);

    /// <summary>A URL of this site (relative, root-relative or absolute to the live base) as path, query and fragment; null for other sites, mailto: and the like.</summary>
    private Target? Resolve(string from, string href)
    {
        if (href.Length == 0 || href.StartsWith('#') || href.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        if (href.StartsWith(_live, StringComparison.OrdinalIgnoreCase) && (href.Length == _live.Length || href[_live.Length] is '/' or '?' or '#'))
        {
            href = href[_live.Length..] is { Length: > 0 } rest ? rest : "/";
        }

        return Uri.TryCreate(new Uri("http://kit.invalid" + from), href, out var uri) && uri.Scheme == "http" && uri.Host == "kit.invalid"
            ? new Target(uri.AbsolutePath, uri.Query, uri.Fragment)
            : null;
    }

    /// <summary>Fetches the files a page shows (styles, icons, images) and what its styles refer to, once for the whole kit.</summary>
    private async Task FetchAssetsAsync(string path, IDocument document, CancellationToken ct)
    {
        var wanted = new List<string>();
        foreach (var element in document.QuerySelectorAll("[src], [srcset], [poster], [href]"))
        {
            if (element.LocalName is "a" or "area" or "iframe" || (element.LocalName == "link" && !IsAssetLink(element)))
            {
                continue;
            }

            wanted.AddRange(new[] { "src", "poster", "href" }.Select(element.GetAttribute).OfType<string>());
            wanted.AddRange((element.GetAttribute("srcset") ?? "").Split(',').Select(c => c.Trim().Split(' ')[0]).Where(c => c.Length > 0));
        }

        foreach (var url in wanted)
        {
            if (Resolve(path, url) is { } target)
            {
                await FetchAssetAsync(target.Path + target.Query, ct);
            }
        }
    }

    private async Task<string?> FetchAssetAsync(string pathAndQuery, CancellationToken ct)
    {
        var path = pathAndQuery.Split('?', 2)[0];
        if (_assets.TryGetValue(path, out var known))
        {
            return known;
        }

        _assets[path] = null; // a style that refers to itself stops here
        var (status, type, bytes) = await GetAsync(pathAndQuery, ct);
        if (status != 200 || type is "text/html" || path.EndsWith('/'))
        {
            return null;
        }

        var file = AssetFolder + Uri.UnescapeDataString(path.TrimStart('/'));
        if (type == "text/css")
        {
            bytes = System.Text.Encoding.UTF8.GetBytes(await RewriteCssAsync(path, file, System.Text.Encoding.UTF8.GetString(bytes), ct));
        }

        _assetBytes[file] = bytes;
        return _assets[path] = file;
    }

    [System.Text.RegularExpressions.GeneratedRegex("""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")]
    private static partial System.Text.RegularExpressions.Regex CssUrl();

    private async Task<string> RewriteCssAsync(string path, string file, string css, CancellationToken ct)
    {
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match match in CssUrl().Matches(css))
        {
            var url = match.Groups[2].Value;
            if (!replacements.ContainsKey(url) && Resolve(path, url) is { } target)
            {
                replacements[url] = await FetchAssetAsync(target.Path + target.Query, ct) is { } asset ? Relative(file, asset) + target.Fragment : _live + target.Path + target.Query + target.Fragment;
            }
        }

        return CssUrl().Replace(css, m => replacements.TryGetValue(m.Groups[2].Value, out var to) ? $"url(\"{to}\")" : m.Value);
    }

    /// <summary>
    /// The item's one-pager with the kit's short link (?link=CODE) as a PDF: the print page with its
    /// styles and images beside it (relative, for Chromium to read from its folder), links to the live site.
    /// </summary>
    private async Task<(byte[]? Pdf, bool Unavailable)> PrintAsync(KitItem item, ShortLink link, CancellationToken ct)
    {
        var path = Pages.Handouts.PrintPath(item.Locale, item.Item.Path!);
        var (status, _, bytes) = await GetAsync($"{path}?link={link.Code}", ct);
        if (status != 200)
        {
            LogPageFailed(logger, path, status);
            return (null, false);
        }

        var document = await _parser.ParseDocumentAsync(System.Text.Encoding.UTF8.GetString(bytes), ct);
        await FetchAssetsAsync(path, document, ct);
        var assets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var element in document.QuerySelectorAll("[href], [src], [srcset]"))
        {
            if (element.LocalName is "a" or "area" || (element.LocalName == "link" && !IsAssetLink(element)))
            {
                Live(element, "href", path);
                continue;
            }

            foreach (var attribute in new[] { "href", "src" })
            {
                if (element.GetAttribute(attribute) is { } value)
                {
                    var local = AssetUrl(path, "page.html", value);
                    element.SetAttribute(attribute, local);
                    if (_assetBytes.TryGetValue(local.Split('#')[0], out var asset))
                    {
                        assets[local.Split('#')[0]] = asset;
                    }
                }
            }

            element.RemoveAttribute("srcset"); // the src is enough on paper
        }

        // The styles' own images, beside them.
        foreach (var (file, asset) in _assetBytes.Where(a => a.Key.EndsWith(".svg", StringComparison.Ordinal) || a.Key.EndsWith(".png", StringComparison.Ordinal)))
        {
            assets.TryAdd(file, asset);
        }

        try
        {
            return (await pdf.PrintAsync(document.ToHtml(), ct, assets), false);
        }
        catch (PdfUnavailableException e)
        {
            LogNoPdf(logger, e.Message);
            return (null, true);
        }
    }

    private async Task<(int Status, string? Type, byte[] Bytes)> GetAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await _client.GetAsync(new Uri(pathAndQuery.TrimStart('/'), UriKind.Relative), ct);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(ct));
    }

    /// <summary>One file into the zip, after the assets fetched since the last one (text is compressed; PDFs, images and EPUBs are already).</summary>
    private async Task WriteAsync(ZipArchive zip, string file, byte[] bytes, CancellationToken ct)
    {
        foreach (var (asset, content) in _assetBytes.Where(a => _written.Add(a.Key)).ToList())
        {
            await WriteEntryAsync(zip, asset, content, ct);
        }

        await WriteEntryAsync(zip, file, bytes, ct);
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string file, byte[] bytes, CancellationToken ct)
    {
        var compressed = !(file.EndsWith(".pdf", StringComparison.Ordinal) || file.EndsWith(".epub", StringComparison.Ordinal)
            || file.EndsWith(".png", StringComparison.Ordinal) || file.EndsWith(".jpg", StringComparison.Ordinal) || file.EndsWith(".webp", StringComparison.Ordinal) || file.EndsWith(".avif", StringComparison.Ordinal));
        var entry = zip.CreateEntry(file, compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
        await using var stream = entry.Open();
        await stream.WriteAsync(bytes, ct);
    }

    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conference kit: {Path} answered {Status}, so it is left out")]
    private static partial void LogPageFailed(ILogger logger, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conference kit without PDFs: {Reason}")]
    private static partial void LogNoPdf(ILogger logger, string reason);
}
