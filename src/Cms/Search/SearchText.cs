using System.Globalization;
using System.Text;

namespace PromoSite.Cms.Search;

/// <summary>
/// Turns text of any of the five languages into search tokens, the same way for documents and
/// queries, so that both databases index exactly the same thing:
/// - Latin script (Vietnamese, English) becomes lowercase words with diacritics removed and đ as d,
///   so "dong nai" finds "Đồng Nai";
/// - Chinese, Japanese and Korean, written without spaces between words, become overlapping
///   character pairs (bigrams), so "工业园" finds "同奈工业园区" and "산업단지" finds "산업단지에서".
/// Tokens hold only letters and digits, so no query can inject FTS or tsquery syntax.
/// </summary>
public static class SearchText
{
    public const int MaxQueryLength = 200;

    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return tokens;
        }

        var word = new StringBuilder();
        var cjk = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                Flush(word, tokens);
                cjk.Append(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                FlushCjk(cjk, tokens);
                word.Append(Fold(rune));
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                // combining accents of decomposed Vietnamese: dropped, the letter stays in the word
            }
            else
            {
                Flush(word, tokens);
                FlushCjk(cjk, tokens);
            }
        }

        Flush(word, tokens);
        FlushCjk(cjk, tokens);
        return tokens;
    }

    /// <summary>
    /// <see cref="Fold"/> of every character of the Basic Multilingual Plane met so far: folding
    /// normalizes (ICU), which was half the time of a snippet and of tokenizing a document. Filled as
    /// characters are met (a race only computes the same string twice), 512 KB at most.
    /// </summary>
    private static readonly string?[] FoldedBmp = new string?[0x10000];

    /// <summary>Lowercase and without diacritics, per character, so positions map back to the original text.</summary>
    public static string Fold(Rune rune)
    {
        if (!rune.IsBmp)
        {
            return FoldOnce(rune);
        }

        ref var folded = ref FoldedBmp[rune.Value];
        return folded ??= FoldOnce(rune);
    }

    private static string FoldOnce(Rune rune)
    {
        if (rune.Value is 'đ' or 'Đ')
        {
            return "d";
        }

        if (IsCjk(rune))
        {
            return rune.ToString(); // decomposing would split Hangul into jamo and ド into ト + mark
        }

        var decomposed = rune.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    public static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x1100 and <= 0x11FF => true, // Hangul Jamo
        >= 0x3040 and <= 0x30FF => true, // Hiragana, Katakana
        >= 0x3130 and <= 0x318F => true, // Hangul compatibility Jamo
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xAC00 and <= 0xD7AF => true, // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0xFF66 and <= 0xFF9F => true, // halfwidth Katakana
        >= 0x20000 and <= 0x2FA1F => true, // CJK extensions B and beyond
        _ => false,
    };

    private static void Flush(StringBuilder word, List<string> tokens)
    {
        if (word.Length > 0)
        {
            tokens.Add(word.ToString());
            word.Clear();
        }
    }

    private static void FlushCjk(StringBuilder run, List<string> tokens)
    {
        if (run.Length == 0)
        {
            return;
        }

        var chars = run.ToString().EnumerateRunes().Select(r => r.ToString()).ToList();
        if (chars.Count == 1)
        {
            tokens.Add(chars[0]);
        }
        else
        {
            for (var i = 0; i < chars.Count - 1; i++)
            {
                tokens.Add(chars[i] + chars[i + 1]);
            }
        }

        run.Clear();
    }

    /// <summary>
    /// The query as search terms: every token must match. Latin words match as prefixes ("park"
    /// finds "parks"), with a plural s dropped ("parks" finds "park"); a lone CJK character matches
    /// the pairs it starts.
    /// </summary>
    public static IReadOnlyList<SearchTerm> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var clean = new string([.. query.Take(MaxQueryLength).Where(c => !char.IsControl(c))]);
        return [.. Tokens(clean)
            .Select(t => IsCjk(Rune.GetRuneAt(t, 0))
                ? new SearchTerm(t, Prefix: t.EnumerateRunes().Count() == 1)
                : new SearchTerm(t.Length > 3 && t.EndsWith('s') && !t.EndsWith("ss", StringComparison.Ordinal) ? t[..^1] : t, Prefix: true))
            .Distinct()
            .Take(16)];
    }
}

/// <summary>One token of a query; a prefix term also matches longer tokens that start with it.</summary>
public sealed record SearchTerm(string Token, bool Prefix);
