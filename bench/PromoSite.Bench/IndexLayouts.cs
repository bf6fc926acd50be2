using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;

/// <summary>
/// What dropping positions and the time fields' trie terms saved: the corpus indexed twice in memory,
/// as the in-memory index laid documents out before (positions, 16 terms per time) and as it does now,
/// with the same tokens (<see cref="SearchText.Tokens"/>), and the two directories' sizes compared.
/// </summary>
internal static class IndexLayouts
{
    public static async Task CompareAsync(IContentDelivery delivery, IEnumerable<long> ids)
    {
        var texts = new List<(long Id, int Language, string Title, string Body)>();
        foreach (var id in ids)
        {
            foreach (var locale in Locales.All)
            {
                if (await delivery.GetByIdAsync(locale, id) is { IsFallback: false } item)
                {
                    texts.Add((id, Locales.All.ToList().IndexOf(locale), item.Title, item.Summary + "\n" + MarkdownRenderer.ToPlainText(item.Fields["body"]?.GetValue<string>())));
                }
            }
        }

        var before = Size(texts, positions: true);
        var now = Size(texts, positions: false);
        Console.WriteLine($"index layout over {texts.Count} documents: {before / 1024.0 / 1024.0:F1} MiB with positions and trie-coded times (before), {now / 1024.0 / 1024.0:F1} MiB without (now): {(before - now) / 1024.0 / 1024.0:F1} MiB saved");
    }

    private static long Size(List<(long Id, int Language, string Title, string Body)> texts, bool positions)
    {
        using var directory = new RAMDirectory();
        using var analyzer = new SearchTextAnalyzer();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 32 }))
        {
            var text = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = positions ? IndexOptions.DOCS_AND_FREQS_AND_POSITIONS : IndexOptions.DOCS_AND_FREQS };
            text.Freeze();
            var time = new FieldType(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = positions ? 4 : 64 };
            time.Freeze();
            foreach (var (id, language, title, body) in texts)
            {
                writer.AddDocument(
                [
                    new StringField("id", id.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
                    new StringField("locale", Locales.All[language], Field.Store.NO),
                    new NumericDocValuesField("item", id),
                    new NumericDocValuesField("language", language),
                    new Int64Field("publish", long.MinValue, time),
                    new Int64Field("unpublish", long.MaxValue, time),
                    new Field("title", title, text),
                    new Field("body", body, text),
                ]);
            }

            writer.ForceMerge(1);
        }

        return directory.GetSizeInBytes();
    }
}
