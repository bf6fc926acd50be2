using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace PromoSite.Cms.Translation;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffPart(DiffKind Kind, string Text);

/// <summary>
/// What changed between two versions of a text, word by word: words for Vietnamese and other
/// spaced scripts, single characters for Chinese and Japanese (which do not separate words
/// with spaces), whitespace and punctuation kept as their own tokens so that the parts put
/// back together give both texts exactly. A longest-common-subsequence diff after trimming the
/// common start and end, which is what a translator needs to see for field-sized texts; very long
/// texts whose middles both changed fall back to one removal and one addition.
/// </summary>
public static class TextDiff
{
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffPart> Compare(string before, string after)
    {
        var a = Tokens(before);
        var b = Tokens(after);
        var start = 0;
        while (start < a.Count && start < b.Count && a[start] == b[start])
        {
            start++;
        }

        var endA = a.Count;
        var endB = b.Count;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            endA--;
            endB--;
        }

        var parts = new List<DiffPart>();
        Add(parts, DiffKind.Same, a.Take(start));
        var n = endA - start;
        var m = endB - start;
        if ((long)n * m > MaxCells)
        {
            Add(parts, DiffKind.Removed, a.Skip(start).Take(n));
            Add(parts, DiffKind.Added, b.Skip(start).Take(m));
        }
        else
        {
            // lengths[i, j]: the longest common subsequence of a[start+i..endA) and b[start+j..endB).
            var lengths = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lengths[i, j] = a[start + i] == b[start + j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[start + x] == b[start + y])
                {
                    Add(parts, DiffKind.Same, [a[start + x]]);
                    x++;
                    y++;
                }
                else if (x < n && (y == m || lengths[x + 1, y] >= lengths[x, y + 1]))
                {
                    Add(parts, DiffKind.Removed, [a[start + x]]); // removals first, so a change reads "old → new"
                    x++;
                }
                else
                {
                    Add(parts, DiffKind.Added, [b[start + y]]);
                    y++;
                }
            }
        }

        Add(parts, DiffKind.Same, a.Skip(endA));
        return parts;
    }

    /// <summary>The diff as HTML: removed text in &lt;del&gt;, added text in &lt;ins&gt;, everything encoded.</summary>
    public static string ToHtml(IReadOnlyList<DiffPart> parts)
    {
        var html = new StringBuilder();
        foreach (var part in parts)
        {
            var text = HtmlEncoder.Default.Encode(part.Text);
            html.Append(part.Kind switch
            {
                DiffKind.Removed => $"<del>{text}</del>",
                DiffKind.Added => $"<ins>{text}</ins>",
                _ => text,
            });
        }

        return html.ToString();
    }

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var category = Category(text, i);
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
            if (category == TokenCategory.Word || category == TokenCategory.Space)
            {
                while (i < text.Length && Category(text, i) == category)
                {
                    i += char.IsSurrogatePair(text, i) ? 2 : 1;
                }
            }

            tokens.Add(text[start..i]);
        }

        return tokens;
    }

    private enum TokenCategory { Word, Space, Single }

    private static TokenCategory Category(string text, int index)
    {
        var c = text[index];
        if (char.IsWhiteSpace(c))
        {
            return TokenCategory.Space;
        }

        var code = char.IsSurrogatePair(text, index) ? char.ConvertToUtf32(text, index) : c;
        if (IsUnspaced(code))
        {
            return TokenCategory.Single;
        }

        var unicode = CharUnicodeInfo.GetUnicodeCategory(text, index);
        return unicode is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber
            ? TokenCategory.Word
            : TokenCategory.Single;
    }

    /// <summary>Han and kana: Chinese and Japanese write words without spaces. (Korean spaces its words, so Hangul counts as a word script.)</summary>
    private static bool IsUnspaced(int code) =>
        code is >= 0x3040 and <= 0x30FF // kana
            or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FFFF; // Han

    private static void Add(List<DiffPart> parts, DiffKind kind, IEnumerable<string> tokens)
    {
        var text = string.Concat(tokens);
        if (text.Length == 0)
        {
            return;
        }

        if (parts.Count > 0 && parts[^1].Kind == kind)
        {
            parts[^1] = parts[^1] with { Text = parts[^1].Text + text };
        }
        else
        {
            parts.Add(new DiffPart(kind, text));
        }
    }
}
