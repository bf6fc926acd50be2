using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;

namespace PromoSite.Web.Export;

/// <summary>
/// Search in the static export, where no server answers a query: an index per language and type (at the
/// addresses <see cref="Pages.SearchModel.StaticIndexPaths"/> lists) built from the published content with the site search's own tokenizer (<see cref="SearchText"/>), searched in the
/// browser by wwwroot/search-static.js on the exported search page. Served only by the process that
/// renders the export (<see cref="Setting"/>, set by the export verb): on the live site the index would
/// be a whole-site listing rebuilt per request, and the live search answers queries anyway.
/// </summary>
internal static class ExportedSearch
{
    /// <summary>On in the export process: the search page searches the exported copy, and the index is served.</summary>
    public const string Setting = Pages.SearchModel.ExportedCopySetting;

    /// <summary>Body tokens kept per item: enough for what a visitor looks for, and the index of 4,800 items stays a few hundred KB compressed.</summary>
    private const int BodyTokens = 120;

    private const int ExcerptLength = 160;

    public static bool IsOn(IConfiguration configuration) => configuration.GetValue(Setting, defaultValue: false);

    public static WebApplication MapExportedSearch(this WebApplication app)
    {
        if (IsOn(app.Configuration))
        {
            // One per application: a watching export asks for a part of a language's index after every publish of
            // one of its items, and all but the edited items are as they were.
            var entries = app.Services.GetRequiredService<EntryCache>();
            app.MapGet("/{locale:locale}/search-index/{part}.json", async Task<Results<FileContentHttpResult, NotFound>> (string locale, string part, IContentDelivery delivery, ContentTypeRegistry types, CancellationToken ct) =>
                types.WithPages.FirstOrDefault(t => t.Name == part) is { } type
                    ? TypedResults.Bytes(await BuildAsync(delivery, type, locale, ct, entries), "application/json")
                    : TypedResults.NotFound())
                .AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// The index of one language's items of one type: "docs" (address, title, excerpt, the item's language when it
    /// falls back), then "title" and "text": token → the documents holding it, as gaps between ascending
    /// document numbers (smaller numbers, smaller file). Published items only, as the delivery shows them.
    /// </summary>
    public static async Task<byte[]> BuildAsync(IContentDelivery delivery, ContentTypeDefinition type, string locale, CancellationToken ct, EntryCache? cache = null)
    {
        var docs = new List<string?[]>();
        // Hashed while filling (a million postings at 4,800 items), sorted once when written.
        var title = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var text = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var seen = new HashSet<long>();
        var bodyFields = type.Fields.Where(f => f.Name != "title" && f.Kind is FieldKind.Text or FieldKind.Markdown).ToList();
        foreach (var item in await delivery.ListAllAsync(new ContentQuery(locale, type.Name), ct))
        {
            if (item.Path is null)
            {
                continue;
            }

            var number = docs.Count;
            var entry = cache is null ? Entry.Of(item, bodyFields, "", null) : cache.Get(locale, item, bodyFields);
            seen.Add(item.Id);
            docs.Add(entry.Doc);
            Add(title, entry.TitleTokens, number);
            Add(text, entry.TextTokens, number);
        }

        cache?.KeepOnly(locale, type.Name, seen);

        using var stream = new MemoryStream();
        // Letters of every script as they are (not \uXXXX): half the size for Vietnamese, a third for CJK.
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }))
        {
            json.WriteStartObject();
            json.WriteString("locale", locale);
            json.WriteString("type", type.Name);
            json.WriteStartArray("docs");
            foreach (var doc in docs)
            {
                json.WriteStartArray();
                foreach (var value in doc)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            Write(json, "title", title);
            Write(json, "text", text);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// One item's part of an index: its document (address, title, excerpt, language it falls back to) and its
    /// title and text tokens. Tokenizing every item's text was most of building an index, so a watching export keeps
    /// each item's part and builds it again only when what it is made of changed (<see cref="Stamp"/>).
    /// </summary>
    internal sealed record Entry(string Stamp, string?[] Doc, string[] TitleTokens, string[] TextTokens)
    {
        /// <summary>The parsed fields the entry was made from (<see cref="DeliveredItem.FieldSources"/>).</summary>
        public (System.Text.Json.Nodes.JsonObject Own, System.Text.Json.Nodes.JsonObject Shared)? Sources { get; init; }

        public static Entry Of(DeliveredItem item, IReadOnlyList<FieldDefinition> bodyFields, string stamp, Func<string, string>? intern)
        {
            var body = bodyFields.Select(f => Raw(item, f) is { } s ? (f.Kind == FieldKind.Markdown ? MarkdownRenderer.ToPlainText(s) : s) : null)
                .Where(s => !string.IsNullOrWhiteSpace(s))
                .ToList();
            var excerpt = item.Summary ?? body.FirstOrDefault() ?? "";
            excerpt = excerpt.Length <= ExcerptLength ? excerpt : excerpt[..ExcerptLength].TrimEnd() + "…";
            intern ??= static t => t;
            return new Entry(
                stamp,
                [item.Path, item.Title, excerpt, item.IsFallback ? item.ResolvedLocale : null],
                [.. SearchText.Tokens(item.Title).Select(intern)],
                [.. body.SelectMany(SearchText.Tokens).Take(BodyTokens).Select(intern)]);
        }

        /// <summary>
        /// Everything the entry is made of, hashed: address, title, summary, language shown and the text fields as the
        /// delivery gives them now (a shared field saved with the Vietnamese changes a translation's text without
        /// changing its revision, so the revision's time alone would not do).
        /// </summary>
        public static string StampOf(DeliveredItem item, IReadOnlyList<FieldDefinition> bodyFields)
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            void Append(string? value)
            {
                // The UTF-16 code units as they are (no encoded copy of each body), then its length: values cannot run into each other.
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes((value ?? "\u0000").AsSpan()));
                hash.AppendData(BitConverter.GetBytes(value?.Length ?? -1));
            }

            Append(item.Path);
            Append(item.Title);
            Append(item.Summary);
            Append(item.IsFallback ? item.ResolvedLocale : null);
            foreach (var field in bodyFields)
            {
                Append(Raw(item, field));
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }

        private static string? Raw(DeliveredItem item, FieldDefinition field) =>
            item.Field(field.Name) is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>The entries of the last index built per language and item, and one copy of each token string among them all.</summary>
    internal sealed class EntryCache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Locale, string Type, long Id), Entry> _entries = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

        private int _built;

        /// <summary>Entries made (not taken from the cache) since the start.</summary>
        public int Built => Volatile.Read(ref _built);

        public Entry Get(string locale, DeliveredItem item, IReadOnlyList<FieldDefinition> bodyFields)
        {
            var key = (locale, item.Type, item.Id);
            var known = _entries.GetValueOrDefault(key);
            // The same parsed fields as last time (the snapshot keeps those of unchanged revisions) and the same address:
            // the same entry, without hashing the item's text (1,600 texts for each watched edit of a large type).
            if (known?.Sources is ({ } own, { } shared) && item.FieldSources is ({ } ownNow, { } sharedNow)
                && ReferenceEquals(own, ownNow) && ReferenceEquals(shared, sharedNow) && known.Doc[0] == item.Path)
            {
                return known;
            }

            var stamp = Entry.StampOf(item, bodyFields);
            if (known is not null && known.Stamp == stamp)
            {
                return _entries[key] = known with { Sources = item.FieldSources };
            }

            Interlocked.Increment(ref _built);
            var entry = Entry.Of(item, bodyFields, stamp, t => _tokens.GetOrAdd(t, t)) with { Sources = item.FieldSources };
            _entries[key] = entry;
            return entry;
        }

        /// <summary>Forgets every entry, as a process that starts again has none.</summary>
        public void Clear() => _entries.Clear();

        /// <summary>Forgets the items a part of a language's index no longer holds (unpublished, trashed).</summary>
        public void KeepOnly(string locale, string type, HashSet<long> ids)
        {
            foreach (var key in _entries.Keys.Where(k => k.Locale == locale && k.Type == type && !ids.Contains(k.Id)).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private static void Add(Dictionary<string, List<int>> postings, IEnumerable<string> tokens, int number)
    {
        foreach (var token in tokens)
        {
            ref var list = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(postings, token, out _);
            list ??= [];

            if (list.Count == 0 || list[^1] != number)
            {
                list.Add(number);
            }
        }
    }

    private static void Write(Utf8JsonWriter json, string name, Dictionary<string, List<int>> postings)
    {
        json.WriteStartObject(name);
        foreach (var token in postings.Keys.Order(StringComparer.Ordinal))
        {
            var numbers = postings[token];
            json.WriteStartArray(token);
            var previous = 0;
            foreach (var number in numbers)
            {
                json.WriteNumberValue(number - previous);
                previous = number;
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
