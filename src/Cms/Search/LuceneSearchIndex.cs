using System.Globalization;
using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Cms.Search;

/// <summary>
/// The search index each node keeps in memory (Lucene.Net), built from the published snapshot the
/// node already holds and brought up to it whenever the snapshot changes (a save here, a NOTIFY or a
/// poll from another node): only items whose published languages changed are rewritten. It holds the
/// same documents as the database index (<see cref="SearchIndex"/>: each language's published
/// revision, title apart from the rest, with its publish and unpublish times) and the same tokens
/// (<see cref="SearchTextAnalyzer"/>), so it finds the same rows; it only scores them with Lucene's
/// BM25 and answers a broad query in a few milliseconds where the databases score every match in
/// SQL (docs/bench-speed.md). The database index stays as it was: it answers while this one is built
/// at start, and tools and other nodes' first moments rely on it.
/// </summary>
public sealed class LuceneSearchIndex : IDisposable
{
    private const float TitleBoost = 10f; // as bm25(10.0, 1.0) on SQLite and weight A over B on PostgreSQL

    private readonly RAMDirectory _directory = new();
    private readonly SearchTextAnalyzer _analyzer = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _update = new(1, 1);
    private Dictionary<long, string> _stamps = [];
    private PublishedSnapshot? _indexed;

    public LuceneSearchIndex()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 32,
        });
        _searchers = new SearcherManager(_writer, true, new Bm25Searchers());
    }

    /// <summary>Whether the index holds the content of <paramref name="snapshot"/> (or of a later one).</summary>
    internal bool IsCurrent(PublishedSnapshot snapshot) =>
        Volatile.Read(ref _indexed) is { } indexed
        && (ReferenceEquals(indexed, snapshot) || indexed.LocalChanges > snapshot.LocalChanges || (indexed.LocalChanges == snapshot.LocalChanges && indexed.Counter >= snapshot.Counter));

    /// <summary>Whether anything was indexed yet (the first build at start takes seconds on a large site).</summary>
    internal bool IsBuilt => Volatile.Read(ref _indexed) is not null;

    /// <summary>Brings the index up to <paramref name="snapshot"/>: the first time everything, then only what changed.</summary>
    internal Task CatchUpAsync(PublishedSnapshot snapshot) => IsCurrent(snapshot) ? Task.CompletedTask : Task.Run(async () =>
    {
        await _update.WaitAsync();
        try
        {
            if (!IsCurrent(snapshot))
            {
                Apply(snapshot);
            }
        }
        finally
        {
            _update.Release();
        }
    });

    /// <summary>Rows of the given locales matching every term, best first, live at <paramref name="now"/>: as <see cref="SearchIndex.QueryAsync"/>.</summary>
    public IReadOnlyList<SearchHit> Query(IReadOnlyList<string> locales, IReadOnlyList<SearchTerm> terms, DateTime now, int limit)
    {
        if (terms.Count == 0 || locales.Count == 0)
        {
            return [];
        }

        var query = new BooleanQuery();
        foreach (var term in terms)
        {
            // Every term must match, in the title or the rest; a prefix term also matches longer
            // tokens (counted as a plain match, not scored by frequency: the exact token is).
            var any = new BooleanQuery
            {
                { new TermQuery(new Term("title", term.Token)) { Boost = TitleBoost }, Occur.SHOULD },
                { new TermQuery(new Term("body", term.Token)), Occur.SHOULD },
            };
            if (term.Prefix)
            {
                any.Add(new PrefixQuery(new Term("title", term.Token)) { Boost = 0.1f }, Occur.SHOULD);
                any.Add(new PrefixQuery(new Term("body", term.Token)) { Boost = 0.01f }, Occur.SHOULD);
            }

            query.Add(any, Occur.MUST);
        }

        var languages = new BooleanQuery();
        foreach (var locale in locales)
        {
            languages.Add(new TermQuery(new Term("locale", locale)), Occur.SHOULD);
        }

        var ticks = now.Ticks;
        var live = new BooleanQuery
        {
            { languages, Occur.MUST },
            { NumericRangeQuery.NewInt64Range("publish", null, ticks, true, true), Occur.MUST },
            { NumericRangeQuery.NewInt64Range("unpublish", ticks, null, false, true), Occur.MUST },
        };

        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(query, new QueryWrapperFilter(live), Math.Max(1, limit));
            var leaves = searcher.IndexReader.Leaves;
            var hits = new List<SearchHit>(top.ScoreDocs.Length);
            foreach (var scored in top.ScoreDocs)
            {
                var leaf = leaves[ReaderUtil.SubIndex(scored.Doc, leaves)];
                var doc = scored.Doc - leaf.DocBase;
                var reader = leaf.AtomicReader;
                hits.Add(new SearchHit(
                    reader.GetNumericDocValues("item").Get(doc),
                    Locales.All[(int)reader.GetNumericDocValues("language").Get(doc)],
                    scored.Score));
            }

            return hits;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private void Apply(PublishedSnapshot snapshot)
    {
        var first = _stamps.Count == 0;
        var stamps = new Dictionary<long, string>(_stamps.Count);
        foreach (var item in snapshot.ById.Values)
        {
            if (Stamp(item) is not { } stamp)
            {
                continue;
            }

            stamps[item.Id] = stamp;
            if (first)
            {
                _writer.AddDocuments(Documents(item));
            }
            else if (!_stamps.TryGetValue(item.Id, out var had) || had != stamp)
            {
                _writer.UpdateDocuments(IdTerm(item.Id), Documents(item));
            }
        }

        foreach (var gone in _stamps.Keys.Where(id => !stamps.ContainsKey(id)))
        {
            _writer.DeleteDocuments(IdTerm(gone));
        }

        _searchers.MaybeRefreshBlocking();
        _stamps = stamps;
        Volatile.Write(ref _indexed, snapshot);
    }

    private static Term IdTerm(long id) => new("id", id.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// What the item's documents are made of, in one string: its published languages' revisions and
    /// times, and the item's shared fields when no Vietnamese revision is published (otherwise they are
    /// that revision's). Null when nothing of it is searchable (trashed, no public page, nothing published).
    /// </summary>
    private static string? Stamp(SnapshotItem item)
    {
        if (item.Trashed || item.Type.PublicPath is null)
        {
            return null;
        }

        var stamp = new StringBuilder();
        foreach (var loc in item.Localizations.Values.Where(l => l.Published).OrderBy(l => l.Locale, StringComparer.Ordinal))
        {
            stamp.Append(CultureInfo.InvariantCulture, $"{loc.Locale} {loc.UpdatedAt.Ticks} {loc.PublishAt?.Ticks} {loc.UnpublishAt?.Ticks};");
        }

        if (stamp.Length == 0)
        {
            return null;
        }

        if (!item.Localizations.TryGetValue(Locales.Source, out var source) || !source.Published)
        {
            stamp.Append(item.Shared.ToJsonString());
        }

        return stamp.ToString();
    }

    /// <summary>One document per published language, as <see cref="SearchIndex"/> writes its rows.</summary>
    private static IEnumerable<Document> Documents(SnapshotItem item)
    {
        var id = item.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var loc in item.Localizations.Values.Where(l => l.Published))
        {
            var body = new StringBuilder();
            foreach (var field in item.Type.Fields.Where(f => f.Name != "title" && f.Kind is FieldKind.Text or FieldKind.Markdown))
            {
                var value = (field.Localized ? loc.Fields : item.Shared)[field.Name]?.GetValue<string>();
                // A line break between fields: no token runs from one into the next, as in the database rows.
                body.Append(field.Kind == FieldKind.Markdown ? MarkdownRenderer.ToPlainText(value) : value).Append('\n');
            }

            yield return
            [
                new StringField("id", id, Field.Store.NO),
                new StringField("locale", loc.Locale, Field.Store.NO),
                new NumericDocValuesField("item", item.Id),
                new NumericDocValuesField("language", Locales.All.ToList().IndexOf(loc.Locale)),
                new Int64Field("publish", loc.PublishAt?.Ticks ?? long.MinValue, Field.Store.NO),
                new Int64Field("unpublish", loc.UnpublishAt?.Ticks ?? long.MaxValue, Field.Store.NO),
                new TextField("title", loc.Fields["title"]?.GetValue<string>() ?? "", Field.Store.NO),
                new TextField("body", body.ToString(), Field.Store.NO),
            ];
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
        _update.Dispose();
    }

    private sealed class Bm25Searchers : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
