using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;

namespace PromoSite.Web.Export;

/// <summary>
/// Search in the static export, where no server answers a query: a per-language index built from the
/// published content with the site search's own tokenizer (<see cref="SearchText"/>), searched in the
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

    public static string IndexPath(string locale) => $"/{locale}/search-index.json";

    public static WebApplication MapExportedSearch(this WebApplication app)
    {
        if (IsOn(app.Configuration))
        {
            app.MapGet("/{locale:locale}/search-index.json", async (string locale, IContentDelivery delivery, ContentTypeRegistry types, CancellationToken ct) =>
                TypedResults.Bytes(await BuildAsync(delivery, types, locale, ct), "application/json"))
                .AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// The index of one language: "docs" (address, title, excerpt, the item's language when it falls
    /// back), then "title" and "text": token → the documents holding it, as gaps between ascending
    /// document numbers (smaller numbers, smaller file). Published items only, as the delivery shows them.
    /// </summary>
    public static async Task<byte[]> BuildAsync(IContentDelivery delivery, ContentTypeRegistry types, string locale, CancellationToken ct)
    {
        var docs = new List<string?[]>();
        var title = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        var text = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var type in types.All.Where(t => t.PublicPath is not null))
        {
            foreach (var item in await delivery.ListAllAsync(new ContentQuery(locale, type.Name), ct))
            {
                if (item.Path is null)
                {
                    continue;
                }

                var number = docs.Count;
                var body = type.Fields.Where(f => f.Name != "title" && f.Kind is FieldKind.Text or FieldKind.Markdown)
                    .Select(f => item.Fields[f.Name] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s)
                        ? (f.Kind == FieldKind.Markdown ? MarkdownRenderer.ToPlainText(s) : s) : null)
                    .Where(s => !string.IsNullOrWhiteSpace(s))
                    .ToList();
                var excerpt = item.Summary ?? body.FirstOrDefault() ?? "";
                excerpt = excerpt.Length <= ExcerptLength ? excerpt : excerpt[..ExcerptLength].TrimEnd() + "…";
                docs.Add([item.Path, item.Title, excerpt, item.IsFallback ? item.ResolvedLocale : null]);
                Add(title, SearchText.Tokens(item.Title), number);
                Add(text, body.SelectMany(SearchText.Tokens).Take(BodyTokens), number);
            }
        }

        using var stream = new MemoryStream();
        // Letters of every script as they are (not \uXXXX): half the size for Vietnamese, a third for CJK.
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }))
        {
            json.WriteStartObject();
            json.WriteString("locale", locale);
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

    private static void Add(SortedDictionary<string, List<int>> postings, IEnumerable<string> tokens, int number)
    {
        foreach (var token in tokens)
        {
            if (!postings.TryGetValue(token, out var list))
            {
                postings[token] = list = [];
            }

            if (list.Count == 0 || list[^1] != number)
            {
                list.Add(number);
            }
        }
    }

    private static void Write(Utf8JsonWriter json, string name, SortedDictionary<string, List<int>> postings)
    {
        json.WriteStartObject(name);
        foreach (var (token, numbers) in postings)
        {
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
