using PromoSite.Cms.Search;

namespace PromoSite.Cms.Tests;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Đồng Nai", "dong nai")]
    [InlineData("ĐỒNG NAI", "dong nai")]
    [InlineData("Chôm chôm Long Khánh!", "chom chom long khanh")]
    [InlineData("Long Thành (2026)", "long thanh 2026")]
    public void Latin_text_becomes_folded_lowercase_words(string text, string tokens) =>
        Assert.Equal(tokens.Split(' '), SearchText.Tokens(text));

    [Fact]
    public void Decomposed_vietnamese_folds_like_composed() =>
        Assert.Equal(SearchText.Tokens("Đồng Nai"), SearchText.Tokens("Đồng Nai".Normalize(System.Text.NormalizationForm.FormD)));

    [Theory]
    [InlineData("同奈工业园", "同奈 奈工 工业 业园")]
    [InlineData("산업단지", "산업 업단 단지")]
    [InlineData("ドンナイ", "ドン ンナ ナイ")]
    [InlineData("奈", "奈")]
    [InlineData("同奈 Long Thành", "同奈 long thanh")]
    public void Cjk_text_becomes_overlapping_pairs(string text, string tokens) =>
        Assert.Equal(tokens.Split(' '), SearchText.Tokens(text));

    [Theory]
    [InlineData("\"; DROP TABLE x; --")]
    [InlineData("a*b OR NEAR( ) ^ col:term")]
    [InlineData("'tok':* & !x | (y")]
    public void Query_syntax_characters_never_reach_the_database(string query)
    {
        var terms = SearchText.Terms(query);
        Assert.All(terms, t => Assert.True(t.Token.All(char.IsLetterOrDigit), t.Token));
    }

    [Fact]
    public void Queries_are_capped_and_control_characters_dropped()
    {
        var terms = SearchText.Terms(new string('a', 5000) + "\u0000\u0007 b");
        Assert.True(terms.Sum(t => t.Token.Length) <= SearchText.MaxQueryLength);
        Assert.Empty(SearchText.Terms("\u0000\u0001\u001f"));
        Assert.Empty(SearchText.Terms("   "));
    }

    [Fact]
    public void English_plurals_match_their_singular_as_a_prefix()
    {
        var term = Assert.Single(SearchText.Terms("Parks"));
        Assert.Equal(new SearchTerm("park", Prefix: true), term);
        Assert.Equal("business", Assert.Single(SearchText.Terms("business")).Token);
    }
}
