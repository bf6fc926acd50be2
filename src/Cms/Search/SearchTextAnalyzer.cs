using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace PromoSite.Cms.Search;

/// <summary>
/// Lucene analysis that is <see cref="SearchText.Tokens"/> itself: the in-memory index holds exactly
/// the tokens the database indexes hold (Vietnamese folded with and without diacritics, CJK bigrams),
/// so both answer the same queries with the same matches and the search tests pin down one behaviour.
/// </summary>
internal sealed class SearchTextAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(new SearchTextTokenizer(reader));

    private sealed class SearchTextTokenizer : Tokenizer
    {
        private readonly ICharTermAttribute _term;
        private List<string> _tokens = [];
        private int _next;

        public SearchTextTokenizer(TextReader input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            ClearAttributes();
            if (_next >= _tokens.Count)
            {
                return false;
            }

            _term.SetEmpty().Append(_tokens[_next++]);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            // A field's text is a few kilobytes at most (the body of one item): read whole, split once.
            _tokens = SearchText.Tokens(m_input.ReadToEnd());
            _next = 0;
        }
    }
}
