using System.Text.RegularExpressions;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Tests;

/// <summary>
/// One register per language (issue #19): the Korean sample texts are in 합니다체 (-습니다/-ㅂ니다, 입니다),
/// the Japanese ones in です・ます調. Checks the sentences of every content/**/ko.md and ja.md body and
/// summary (and seoDescription). Headings, list items, table rows, quotes, image lines, captions
/// (lines in emphasis) and lines without a final sentence punctuation are not checked: noun endings
/// are normal there. Titles are not checked either (headline style such as "…을 맞이하다" is allowed).
/// </summary>
public sealed class RegisterTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory)!;

    [Fact]
    public void Korean_and_japanese_sample_texts_use_the_polite_register()
    {
        var problems = new List<string>();
        var files = Directory.GetFiles(Path.Combine(Root, "content"), "*.md", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "ko.md" or "ja.md")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var korean = Path.GetFileName(file) == "ko.md";
            foreach (var text in CheckedTexts(File.ReadAllText(file)))
            {
                foreach (var sentence in PoliteRegister.Sentences(text))
                {
                    if (korean ? PoliteRegister.IsPlainKorean(sentence) : PoliteRegister.IsPlainJapanese(sentence))
                    {
                        problems.Add($"{Path.GetRelativePath(Root, file)}: {sentence}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, "Sentences in the plain register (use 합니다체 / です・ます調):\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("고이 까는 날생선 요리입니다.", false)]
    [InlineData("살을 발라낸 뒤 얇게 썹니다.", false)]
    [InlineData("고이 까는 날생선 요리다.", true)]
    [InlineData("살을 발라낸 뒤 얇게 썬다.", true)]
    [InlineData("‘작은 하롱베이’라 불린다.”", true)]
    public void The_korean_checker_finds_plain_sentences(string sentence, bool plain)
        => Assert.Equal(plain, PoliteRegister.IsPlainKorean(sentence));

    [Theory]
    [InlineData("ゴイカーは生魚の料理です。", false)]
    [InlineData("2025年に国家遺跡に指定されました。", false)]
    [InlineData("ビエンホアの名物料理。", false)]
    [InlineData("ゴイカーは生魚の料理である。", true)]
    [InlineData("人気の料理だ。", true)]
    [InlineData("2025年に国家遺跡に指定された。", true)]
    [InlineData("多くの人々が訪れている。", true)]
    public void The_japanese_checker_finds_plain_sentences(string sentence, bool plain)
        => Assert.Equal(plain, PoliteRegister.IsPlainJapanese(sentence));

    [Fact]
    public void Headings_lists_tables_quotes_and_unfinished_lines_are_not_checked()
    {
        const string body = "## 역사다.\n- 목록이다.\n| 표다. |\n> 인용이다.\n*사진 설명이다.*\n마침표 없는 줄이다\n본문입니다. 둘째 문장입니다.";
        Assert.Equal(new[] { "본문입니다.", "둘째 문장입니다." }, PoliteRegister.Sentences(body));
    }

    /// <summary>The body and the sentence-like front-matter texts (summary, seoDescription) of a file.</summary>
    private static IEnumerable<string> CheckedTexts(string source)
    {
        var text = source.ReplaceLineEndings("\n");
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            yield return text;
            yield break;
        }

        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        var frontMatter = end < 0 ? "" : text[4..end];
        yield return end < 0 ? text : text[(end + 5)..];
        foreach (Match m in Regex.Matches(frontMatter, "^(?:summary|seoDescription):\\s*\"(.*)\"\\s*$", RegexOptions.Multiline))
        {
            yield return m.Groups[1].Value;
        }
    }
}

/// <summary>Finds sentences in the plain register (해라체, である/だ調) in Korean and Japanese text.</summary>
public static partial class PoliteRegister
{
    private const string Closers = "\"”’」』)）*";

    /// <summary>The sentences of the lines that read as running text.</summary>
    public static IEnumerable<string> Sentences(string text)
    {
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || "#|-*+>![".Contains(line[0]) || OrderedItem().IsMatch(line))
            {
                continue;
            }

            var last = line.TrimEnd(Closers.ToCharArray());
            if (last.Length == 0 || !".!?。！？".Contains(last[^1]))
            {
                continue;
            }

            foreach (var sentence in SentenceEnd().Split(line))
            {
                var s = sentence.Trim();
                if (s.Length > 0)
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>A Korean sentence ending in 다 (해라체) rather than 니다 (합니다체).</summary>
    public static bool IsPlainKorean(string sentence)
    {
        var s = sentence.Trim().TrimEnd(Closers.ToCharArray());
        if (s.Length < 3 || (s[^1] != '.' && s[^1] != '!'))
        {
            return false;
        }

        return s[^2] == '다' && s[^3] != '니' && s[^3] is >= '가' and <= '힣';
    }

    /// <summary>A Japanese sentence ending in である, だ, a plain past た (not ました/でした) or a plain present verb.</summary>
    public static bool IsPlainJapanese(string sentence)
    {
        var s = sentence.Trim().TrimEnd(Closers.ToCharArray());
        if (s.Length < 2 || (s[^1] != '。' && s[^1] != '！'))
        {
            return false;
        }

        return PlainJapanese().IsMatch(s[..^1]);
    }

    [GeneratedRegex(@"^\d+[.)]\s")]
    private static partial Regex OrderedItem();

    // After 。！？ (Japanese) or after . ! ? followed by a space (Korean).
    [GeneratedRegex(@"(?<=[。！？])|(?<=[.!?][""”’」』)）]*)\s+")]
    private static partial Regex SentenceEnd();

    // Plain forms; the polite ones (です, ます, ました, でした, ません, ましょう, ください) never end this way.
    [GeneratedRegex(@"(?:である|[\p{IsHiragana}\p{IsCJKUnifiedIdeographs}ー]だ|(?<!まし|でし)(?<=[\p{IsHiragana}\p{IsCJKUnifiedIdeographs}])た|ている|ていく|てくる|てある|する|される|られる|できる|ある|なる|いる)$")]
    private static partial Regex PlainJapanese();
}
