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

    /// <summary>
    /// Every publish and unpublish time of every document indexed so far, sorted: between two of them
    /// the set of live documents cannot change, so the live filter of a language chain is computed once
    /// per such window (<see cref="LiveFilter"/>). Only ever grows (a superset only splits windows finer),
    /// and is written before the searcher is refreshed, so a searcher never sees a document whose times
    /// are missing here.
    /// </summary>
    private long[] _transitions = [];

    /// <summary>The cached live filter per language chain, with the window of time it holds for.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LiveWindow> _live = new(StringComparer.Ordinal);

    /// <summary>
    /// Title and body are searched by term and prefix and scored by BM25, which needs term frequencies and
    /// field lengths (norms) but no positions: no phrase query is ever asked. Indexing none saves memory.
    /// </summary>
    private static readonly FieldType TextWithoutPositions = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS });

    /// <summary>
    /// Publish and unpublish times as one term each (no trie of coarser terms, 16 per value by default):
    /// the range query over them runs once per window of <see cref="_transitions"/>, not per search, and
    /// nearly every document carries the same two values (none set).
    /// </summary>
    private static readonly FieldType Time = Frozen(new FieldType(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = TimePrecisionStep });

    private const int TimePrecisionStep = 64;

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
    public IReadOnlyList<SearchHit> Query(IReadOnlyList<string> locales, IReadOnlyList<SearchTerm> terms, DateTime now, int limit) =>
        Query(locales, terms, now, limit, cacheLiveFilter: true);

    /// <summary>
    /// As <see cref="Query(IReadOnlyList{string}, IReadOnlyList{SearchTerm}, DateTime, int)"/>; with
    /// <paramref name="cacheLiveFilter"/> false the live documents are found again for this query alone,
    /// as before the cache, so tests can check the cache answers alike and the benchmark time both.
    /// </summary>
    public IReadOnlyList<SearchHit> Query(IReadOnlyList<string> locales, IReadOnlyList<SearchTerm> terms, DateTime now, int limit, bool cacheLiveFilter)
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

        var searcher = _searchers.Acquire();
        try
        {
            var filter = cacheLiveFilter ? LiveFilter(locales, now.Ticks) : new QueryWrapperFilter(LiveQuery(locales, now.Ticks));
            var top = searcher.Search(query, filter, Math.Max(1, limit));
            var leaves = searcher.IndexReader.Leaves;
            var items = new NumericDocValues?[leaves.Count];
            var languages = new NumericDocValues?[leaves.Count];
            var hits = new List<SearchHit>(top.ScoreDocs.Length);
            foreach (var scored in top.ScoreDocs)
            {
                var n = ReaderUtil.SubIndex(scored.Doc, leaves);
                var leaf = leaves[n];
                var doc = scored.Doc - leaf.DocBase;
                // Asked once per segment: each ask goes through a thread-local table.
                var item = items[n] ??= leaf.AtomicReader.GetNumericDocValues("item");
                var language = languages[n] ??= leaf.AtomicReader.GetNumericDocValues("language");
                hits.Add(new SearchHit(item.Get(doc), Locales.All[(int)language.Get(doc)], scored.Score));
            }

            return hits;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// The documents of these languages live at <paramref name="ticks"/>, as a bit set per segment
    /// cached until the next publish or unpublish time: the search then checks one bit per candidate
    /// instead of intersecting the match with three posting lists (the language and two time ranges over
    /// every document), which was most of a broad query's time in the index.
    /// </summary>
    private Filter LiveFilter(IReadOnlyList<string> locales, long ticks)
    {
        var transitions = Volatile.Read(ref _transitions);
        var at = Array.BinarySearch(transitions, ticks);
        var next = at >= 0 ? at + 1 : ~at; // liveness changes at a publish time (inclusive) and an unpublish time (exclusive)
        var from = next == 0 ? long.MinValue : transitions[next - 1];
        var until = next == transitions.Length ? long.MaxValue : transitions[next];
        var chain = string.Join(' ', locales);
        if (_live.TryGetValue(chain, out var cached) && cached.From == from && cached.Until == until && cached.Transitions == transitions)
        {
            return cached.Filter;
        }

        var filter = new BitSetCachingFilter(new QueryWrapperFilter(LiveQuery(locales, ticks)));
        _live[chain] = new LiveWindow(from, until, transitions, filter);
        return filter;
    }

    /// <summary>The documents of these languages published at <paramref name="ticks"/> and not yet unpublished.</summary>
    private static BooleanQuery LiveQuery(IReadOnlyList<string> locales, long ticks)
    {
        var languages = new BooleanQuery();
        foreach (var locale in locales)
        {
            languages.Add(new TermQuery(new Term("locale", locale)), Occur.SHOULD);
        }

        return new BooleanQuery
        {
            { languages, Occur.MUST },
            { NumericRangeQuery.NewInt64Range("publish", TimePrecisionStep, null, ticks, true, true), Occur.MUST },
            { NumericRangeQuery.NewInt64Range("unpublish", TimePrecisionStep, ticks, null, false, true), Occur.MUST },
        };
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

        var times = new SortedSet<long>(Volatile.Read(ref _transitions));
        foreach (var item in snapshot.ById.Values.Where(i => stamps.ContainsKey(i.Id)))
        {
            foreach (var loc in item.Localizations.Values.Where(l => l.Published))
            {
                times.Add(loc.PublishAt?.Ticks ?? long.MinValue);
                times.Add(loc.UnpublishAt?.Ticks ?? long.MaxValue);
            }
        }

        if (times.Count != _transitions.Length)
        {
            Volatile.Write(ref _transitions, [.. times]);
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
                new Int64Field("publish", loc.PublishAt?.Ticks ?? long.MinValue, Time),
                new Int64Field("unpublish", loc.UnpublishAt?.Ticks ?? long.MaxValue, Time),
                new Field("title", loc.Fields["title"]?.GetValue<string>() ?? "", TextWithoutPositions),
                new Field("body", body.ToString(), TextWithoutPositions),
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

    /// <summary>What the index takes in memory (its files in the RAM directory), for the benchmark.</summary>
    public long SizeInBytes => _directory.GetSizeInBytes();

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    private sealed record LiveWindow(long From, long Until, long[] Transitions, Filter Filter);

    /// <summary>
    /// Caches each segment's live documents as a plain bit set (Lucene's default is a compressed set that
    /// can only be iterated): with random access the query checks one bit per candidate document.
    /// </summary>
    private sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }

    private sealed class Bm25Searchers : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
