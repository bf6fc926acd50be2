using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Tests;

/// <summary>The token text: recognisable, 256 random bits, parsed strictly, compared by hash.</summary>
public sealed class ApiTokenTextTests
{
    [Fact]
    public void A_new_token_parses_back_to_its_public_id_and_a_secret_matching_its_hash()
    {
        var (text, publicId, hash) = ApiTokenText.New();
        Assert.True(ApiTokenText.TryParse(text, out var parsedId, out var secret));
        Assert.Equal(publicId, parsedId);
        Assert.True(ApiTokenText.Matches(secret, hash));
        Assert.False(ApiTokenText.Matches(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), hash));
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_tokens_never_share_id_or_secret()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => ApiTokenText.New()).ToList();
        Assert.Equal(200, tokens.Select(t => t.PublicId).Distinct().Count());
        Assert.Equal(200, tokens.Select(t => t.SecretHash).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pst_")]
    [InlineData("ghp_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("pst_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // upper-case id
    [InlineData("pst_0123456789abcdef-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // wrong separator
    [InlineData("pst_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // one short
    [InlineData("pst_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // padding
    [InlineData("pst_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    public void Anything_not_shaped_like_a_token_is_refused_before_any_lookup(string? text) =>
        Assert.False(ApiTokenText.TryParse(text, out _, out _));
}
