using System.Globalization;
using System.Text;
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

    [Theory]
    [InlineData("同奈省工业园区", "同奈省新工业园区", "同奈省[+新]工业园区")]
    [InlineData("面积三百公顷", "面积四百公顷", "面积[-三][+四]百公顷")]
    [InlineData("隆城国际机场", "隆城机场", "隆城[-国际]机场")]
    [InlineData("𩸽を焼く", "𩸽を煮る", "𩸽を[-焼く][+煮る]")] // a Han character outside the BMP is one character, not two halves
    [InlineData("ドンナイの果物", "ドンナイ省の果物", "ドンナイ[+省]の果物")]
    public void Chinese_and_japanese_changes_mark_only_the_changed_characters(string before, string after, string expected) =>
        Assert.Equal(expected, Show(before, after));

    [Fact]
    public void A_japanese_voiced_sound_mark_typed_as_a_combining_character_changes_with_its_kana()
    {
        // パン → バン with the marks as combining characters (U+309A, U+3099): the kana and its mark are one token.
        Assert.Equal("[-\u30CF\u309A][+\u30CF\u3099]ン", Show("\u30CF\u309Aン", "\u30CF\u3099ン"));
    }

    [Theory]
    [InlineData("Bưởi ngọt lịm", "Bưởi ngột lịm")]
    [InlineData("Khu công nghiệp Nhơn Trạch", "Khu công nghiệp Nhơn Trạch 3")]
    [InlineData("Diện tích 300 ha, cách sân bay Long Thành 15 km", "Diện tích 450 ha, gần sân bay Long Thành")]
    public void Vietnamese_typed_with_combining_marks_changes_whole_words_and_no_part_starts_with_a_mark(string before, string after)
    {
        var (decomposedBefore, decomposedAfter) = (before.Normalize(NormalizationForm.FormD), after.Normalize(NormalizationForm.FormD));
        var parts = TextDiff.Compare(decomposedBefore, decomposedAfter);

        Assert.All(parts, p => Assert.NotEqual(UnicodeCategory.NonSpacingMark, CharUnicodeInfo.GetUnicodeCategory(p.Text, 0)));
        Assert.Equal(decomposedBefore, string.Concat(parts.Where(p => p.Kind != DiffKind.Added).Select(p => p.Text)));
        Assert.Equal(decomposedAfter, string.Concat(parts.Where(p => p.Kind != DiffKind.Removed).Select(p => p.Text)));
        // The same words change as in the composed text.
        Assert.Equal(Show(before, after), Show(decomposedBefore, decomposedAfter).Normalize(NormalizationForm.FormC));
    }

    [Fact]
    public void Decomposed_vietnamese_marks_the_changed_word_not_the_changed_mark()
    {
        var before = "Bưởi ngọt".Normalize(NormalizationForm.FormD);
        var after = "Bưởi ngột".Normalize(NormalizationForm.FormD);
        Assert.Equal("Bưởi [-ngọt][+ngột]", Show(before, after).Normalize(NormalizationForm.FormC));
    }

    [Fact]
    public void A_long_text_with_changes_far_apart_shows_just_those_words()
    {
        // 4000 words with two changed 3000 words apart: the middle between them is far too long for a
        // table of every token pair, but Myers' diff only pays for what changed.
        var words = Enumerable.Range(0, 4000).Select(i => $"từ{i}").ToArray();
        var before = string.Join(' ', words);
        words[500] = "đổi";
        words[3500] = "mới";
        var after = string.Join(' ', words);

        var changed = TextDiff.Compare(before, after).Where(p => p.Kind != DiffKind.Same).Select(p => (p.Kind, p.Text));

        Assert.Equal([(DiffKind.Removed, "từ500"), (DiffKind.Added, "đổi"), (DiffKind.Removed, "từ3500"), (DiffKind.Added, "mới")], changed);
    }

    [Fact]
    public void A_long_text_rewritten_from_start_to_end_is_one_removal_and_one_addition_and_comes_quickly()
    {
        var before = string.Join(' ', Enumerable.Range(0, 8000).Select(i => $"từ{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 8000).Select(i => $"chữ{i}"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var parts = TextDiff.Compare(before, after);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Equal([(DiffKind.Removed, before), (DiffKind.Added, after)], parts.Select(p => (p.Kind, p.Text)));
    }
}
