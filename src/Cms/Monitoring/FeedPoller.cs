using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms.Monitoring;

/// <summary>
/// Reads every due source, files the items that match a keyword rule as mentions, and schedules the
/// next read: the poll interval after a good answer (a 304 included), growing waits after a failure.
/// Every connection goes through the webhook SSRF guard; a feed that is too large, of a type that is
/// not a feed, or carries a DTD is refused and counted as a failure, never parsed.
/// </summary>
public sealed partial class FeedPoller(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IOptions<MonitoringOptions> options,
    IJobLease lease,
    TimeProvider clock,
    ILogger<FeedPoller> logger) : LeasedRoundWorker(lease, logger)
{
    public const string HttpClientName = "monitoring";

    /// <summary>One cms node polls (a second would ask every source twice and file nothing new); the others wait for its lease to lapse.</summary>
    protected override string LeaseName => "press-monitor";

    protected override TimeProvider Pace => clock;

    protected override bool Enabled => options.Value.Poll;

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One round over the due sources; returns the number of mentions filed. Rounds never overlap.</summary>
    public Task<int> RunOnceAsync(CancellationToken ct) => OneRoundAtATimeAsync(PollDueAsync, ct);

    private async Task<int> PollDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.MonitorSources.Where(s => s.Enabled && s.NextFetchAt <= now).OrderBy(s => s.NextFetchAt).Take(20).ToListAsync(ct);
        var rules = (await db.KeywordRules.AsNoTracking().ToListAsync(ct))
            .Select(r => (r.Phrase, Tokens: SearchText.Tokens(r.Phrase))).Where(r => r.Tokens.Count > 0).ToList();
        var filed = 0;
        foreach (var source in due)
        {
            filed += await PollAsync(db, source, rules, ct);
        }

        return filed;
    }

    private async Task<int> PollAsync(CmsDbContext db, MonitorSource source, List<(string Phrase, List<string> Tokens)> rules, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        source.LastFetchedAt = now;
        List<FeedEntry> entries;
        try
        {
            var fetched = await FetchAsync(source, ct);
            if (fetched is null)
            {
                Succeeded(source, now); // 304: nothing new
                await db.SaveChangesAsync(ct);
                return 0;
            }

            entries = fetched;
        }
        catch (Exception ex) when (ex is HttpRequestException or FeedRefusedException or XmlException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            source.Failures++;
            source.LastError = Truncate(ex.Message, 500);
            var wait = TimeSpan.FromTicks(Math.Min(options.Value.MaxBackoff.Ticks, options.Value.PollInterval.Ticks * (1L << Math.Min(source.Failures, 20))));
            source.NextFetchAt = now + wait;
            LogSourceFailed(Logger, source.Name, source.Failures, ex.Message);
            await db.SaveChangesAsync(ct);
            return 0;
        }

        Succeeded(source, now);
        var fingerprints = entries.Select(e => e.Fingerprint).Distinct().ToList();
        var known = (await db.Mentions.Where(m => fingerprints.Contains(m.Fingerprint)).Select(m => m.Fingerprint).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var filed = 0;
        foreach (var entry in entries)
        {
            if (!known.Add(entry.Fingerprint))
            {
                continue; // seen before (in this feed, another feed or earlier in this one)
            }

            var tokens = SearchText.Tokens(entry.Title + " \n " + entry.Text);
            var matched = rules.Where(r => Contains(tokens, r.Tokens)).Select(r => r.Phrase).Distinct().ToList();
            if (matched.Count == 0)
            {
                continue;
            }

            db.Mentions.Add(new Mention
            {
                SourceId = source.Id,
                Fingerprint = entry.Fingerprint,
                Locale = source.Locale ?? entry.Locale ?? GuessLocale(entry.Title + entry.Text),
                Title = Truncate(entry.Title, 500),
                Snippet = entry.Text.Length == 0 ? null : Truncate(entry.Text, 1000),
                Link = entry.Link is { Length: <= 2000 } link ? link : null,
                MatchedRules = Truncate(string.Join('\n', matched), 2000),
                PublishedAt = entry.Published,
                FoundAt = now,
            });
            filed++;
        }

        await db.SaveChangesAsync(ct);
        return filed;
    }

    private void Succeeded(MonitorSource source, DateTime now)
    {
        source.Failures = 0;
        source.LastError = null;
        source.NextFetchAt = now + options.Value.PollInterval;
    }

    /// <summary>The feed's entries, or null when the server says it has not changed since the validators we hold.</summary>
    private async Task<List<FeedEntry>?> FetchAsync(MonitorSource source, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
        request.Headers.Accept.ParseAdd("application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8");
        if (source.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (source.LastModified is { } modified && DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
        var json = mediaType is "application/feed+json" or "application/json";
        var xml = mediaType is "application/atom+xml" or "application/rss+xml" or "application/xml" or "text/xml" or "application/rdf+xml";
        if (!json && !xml)
        {
            throw new FeedRefusedException($"'{mediaType}' is not a feed type (RSS, Atom or JSON Feed).");
        }

        var max = options.Value.MaxFeedBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new FeedRefusedException($"The feed is {response.Content.Headers.ContentLength} bytes; at most {max} are read.");
        }

        // Read at most max + 1 bytes whatever the headers claim: a server may lie or stream for ever.
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                throw new FeedRefusedException($"The feed is larger than {max} bytes; refused.");
            }
        }

        buffer.Position = 0;
        var entries = json ? ReadJsonFeed(buffer) : ReadXmlFeed(buffer);
        source.ETag = response.Headers.ETag?.ToString();
        source.LastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
        return entries;
    }

    /// <summary>RSS and Atom through System.ServiceModel.Syndication, with DTDs prohibited (no entity expansion, no external fetch).</summary>
    private static List<FeedEntry> ReadXmlFeed(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0, IgnoreComments = true };
        using var reader = XmlReader.Create(stream, settings);
        SyndicationFeed feed;
        try
        {
            feed = SyndicationFeed.Load(reader);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedRefusedException("The feed declares a DTD; refused.");
        }

        var locale = Locale(feed.Language);
        return [.. feed.Items.Select(item =>
        {
            var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri?.ToString();
            var text = item.Summary?.Text ?? (item.Content as TextSyndicationContent)?.Text ?? "";
            var published = item.PublishDate != default ? item.PublishDate.UtcDateTime : item.LastUpdatedTime != default ? item.LastUpdatedTime.UtcDateTime : (DateTime?)null;
            return new FeedEntry(Fingerprint(item.Id ?? link ?? item.Title?.Text), PlainText(item.Title?.Text), PlainText(text), link, published, locale);
        })];
    }

    /// <summary>JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/): items with id, url, title, summary or content_text/content_html.</summary>
    private static List<FeedEntry> ReadJsonFeed(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.GetString()?.StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal) != true
            || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new FeedRefusedException("The JSON is not a JSON Feed (no version or items).");
        }

        var locale = root.TryGetProperty("language", out var language) ? Locale(language.GetString()) : null;
        var entries = new List<FeedEntry>();
        foreach (var item in items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            var id = String(item, "id");
            var url = String(item, "url");
            var text = String(item, "summary") ?? String(item, "content_text") ?? String(item, "content_html") ?? "";
            var published = DateTimeOffset.TryParse(String(item, "date_published"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : (DateTime?)null;
            var itemLocale = String(item, "language") is { } own ? Locale(own) : locale;
            entries.Add(new FeedEntry(Fingerprint(id ?? url ?? String(item, "title")), PlainText(String(item, "title")), PlainText(text), url, published, itemLocale));
        }

        return entries;
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether the rule's tokens appear one after another in the text's tokens.</summary>
    public static bool Contains(List<string> text, List<string> phrase)
    {
        for (var i = 0; i + phrase.Count <= text.Count; i++)
        {
            var all = true;
            for (var j = 0; j < phrase.Count && all; j++)
            {
                all = text[i + j] == phrase[j];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static string Fingerprint(string? key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((key ?? Guid.NewGuid().ToString()).Trim())))[..32];

    private static string? Locale(string? language) =>
        language?.Split('-', '_')[0].ToLowerInvariant() is { } code && Content.Locales.All.Contains(code) ? code : null;

    /// <summary>The language of a text by its script, when the feed does not say: Hangul, kana, Han, Vietnamese letters, else English.</summary>
    public static string GuessLocale(string text)
    {
        if (text.Any(c => c is >= '\uAC00' and <= '\uD7AF'))
        {
            return "ko";
        }

        if (text.Any(c => c is >= '\u3040' and <= '\u30FF'))
        {
            return "ja";
        }

        if (text.Any(c => c is >= '\u4E00' and <= '\u9FFF'))
        {
            return "zh";
        }

        return text.Any(c => "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ".Contains(char.ToLowerInvariant(c), StringComparison.Ordinal)) ? "vi" : "en";
    }

    /// <summary>Feed text as plain text: tags dropped, entities decoded, spaces collapsed.</summary>
    private static string PlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tags();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitoring source {Source} failed ({Failures} in a row): {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, int failures, string reason);

    private sealed record FeedEntry(string Fingerprint, string Title, string Text, string? Link, DateTime? Published, string? Locale);
}

/// <summary>A feed refused before parsing: wrong type, too large, a DTD, not a feed at all.</summary>
public sealed class FeedRefusedException(string message) : Exception(message);
