using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using DiffPlex;

namespace PromoSite.Cms.Translation;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffPart(DiffKind Kind, string Text);

/// <summary>
/// What changed between two versions of a text, word by word: words for Vietnamese and other
/// spaced scripts, single characters for Chinese and Japanese (which do not separate words
/// with spaces), whitespace and punctuation kept as their own tokens so that the parts put
/// back together give both texts exactly. The tokens are whole text elements, so a combining
/// mark (Vietnamese typed in decomposed form, a Japanese voiced-sound mark) stays with its letter.
/// DiffPlex (Myers' algorithm) compares the token lists; this class decides what a token is.
/// </summary>
public static class TextDiff
{
    /// <summary>
    /// Myers' diff takes time in proportion to the texts' length times the number of changed
    /// tokens; past this, a text rewritten from end to end is shown as one removal and one
    /// addition (a long text with a few changes stays well under it).
    /// </summary>
    private const long MaxWork = 30_000_000;

    public static IReadOnlyList<DiffPart> Compare(string before, string after)
    {
        if (LeastChanges(Tokens(before), Tokens(after)) is var (changes, length) && changes * length > MaxWork)
        {
            var whole = new List<DiffPart>();
            Add(whole, DiffKind.Removed, [before]);
            Add(whole, DiffKind.Added, [after]);
            return whole;
        }

        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, TokenChunker.Instance);
        var a = diff.PiecesOld;
        var b = diff.PiecesNew;
        var parts = new List<DiffPart>();
        var next = 0; // the first token of the old text not yet written
        foreach (var block in diff.DiffBlocks)
        {
            Add(parts, DiffKind.Same, a.Skip(next).Take(block.DeleteStartA - next));
            Add(parts, DiffKind.Removed, a.Skip(block.DeleteStartA).Take(block.DeleteCountA)); // removals first, so a change reads "old → new"
            Add(parts, DiffKind.Added, b.Skip(block.InsertStartB).Take(block.InsertCountB));
            next = block.DeleteStartA + block.DeleteCountA;
        }

        Add(parts, DiffKind.Same, a.Skip(next));
        return parts;
    }

    /// <summary>
    /// A lower bound of the tokens any diff must remove or add (those one text has more of than the
    /// other, whatever their order), found in one pass; and the two lengths together.
    /// </summary>
    private static (long Changes, long Length) LeastChanges(List<string> a, List<string> b)
    {
        var surplus = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in a)
        {
            surplus[token] = surplus.GetValueOrDefault(token) + 1;
        }

        foreach (var token in b)
        {
            surplus[token] = surplus.GetValueOrDefault(token) - 1;
        }

        return (surplus.Values.Sum(v => (long)Math.Abs(v)), a.Count + b.Count);
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
            i += StringInfo.GetNextTextElementLength(text, i);
            if (category == TokenCategory.Word || category == TokenCategory.Space)
            {
                while (i < text.Length && Category(text, i) == category)
                {
                    i += StringInfo.GetNextTextElementLength(text, i);
                }
            }

            tokens.Add(text[start..i]);
        }

        return tokens;
    }

    private sealed class TokenChunker : IChunker
    {
        public static readonly TokenChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => Tokens(text);
    }

    private enum TokenCategory { Word, Space, Single }

    /// <summary>The category of the text element starting at <paramref name="index"/>, decided by its first character.</summary>
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
