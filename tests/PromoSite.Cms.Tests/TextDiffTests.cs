using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Tests;

public sealed class TextDiffTests
{
    private static string Show(string before, string after) => string.Concat(TextDiff.Compare(before, after).Select(p => p.Kind switch
    {
        DiffKind.Removed => $"[-{p.Text}]",
        DiffKind.Added => $"[+{p.Text}]",
        _ => p.Text,
    }));

    [Theory]
    [InlineData("Bưởi Tân Triều ngọt", "Bưởi Tân Triều rất ngọt", "Bưởi Tân Triều [+rất ]ngọt")]
    [InlineData("Diện tích 300 ha.", "Diện tích 450 ha.", "Diện tích [-300][+450] ha.")]
    [InlineData("ドンナイ省の工業団地", "ドンナイ省の新しい工業団地", "ドンナイ省の[+新しい]工業団地")]
    [InlineData("동나이 공업단지", "동나이 신규 공업단지", "동나이 [+신규 ]공업단지")]
    [InlineData("same", "same", "same")]
    [InlineData("", "new text", "[+new text]")]
    public void Changes_are_shown_by_word_and_for_chinese_and_japanese_by_character(string before, string after, string expected) =>
        Assert.Equal(expected, Show(before, after));

    [Fact]
    public void The_parts_put_together_give_back_both_texts_exactly()
    {
        const string before = "Khu công nghiệp **Nhơn Trạch** cách sân bay 20 km.\n\nGiao thông thuận tiện.";
        const string after = "Khu công nghiệp Nhơn Trạch 3 cách sân bay Long Thành 15 km.\n\nGiao thông rất thuận tiện, gần cảng.";
        var parts = TextDiff.Compare(before, after);
        Assert.Equal(before, string.Concat(parts.Where(p => p.Kind != DiffKind.Added).Select(p => p.Text)));
        Assert.Equal(after, string.Concat(parts.Where(p => p.Kind != DiffKind.Removed).Select(p => p.Text)));
    }

    [Fact]
    public void The_html_is_encoded()
    {
        var html = TextDiff.ToHtml(TextDiff.Compare("a <b>", "a <script>alert(1)</script>"));
        Assert.StartsWith("a &lt;<del>b</del><ins>script&gt;alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</script", html, StringComparison.Ordinal);
    }
}
