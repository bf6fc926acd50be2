using System.Text.RegularExpressions;

namespace PromoSite.Cms.Translation;

/// <summary>A piece of a field's text: words to translate, or Markdown markup to keep as it is.</summary>
public sealed record Run(bool IsCode, string Text);

/// <summary>
/// Splits Markdown into translatable text and markup, so that a translation tool shows
/// placeholders instead of asterisks, brackets and URLs, and cannot break them. Markup here is:
/// line breaks, block markers at the start of a line (headings, list items, quotes), emphasis
/// marks, whole code spans, link brackets with their target, and backslash escapes. Joining the
/// runs gives the text back exactly.
/// </summary>
public static partial class XliffRuns
{
    public static IReadOnlyList<Run> Split(string text)
    {
        var runs = new List<Run>();
        var at = 0;
        foreach (Match code in Markup().Matches(text))
        {
            if (code.Index > at)
            {
                runs.Add(new Run(false, text[at..code.Index]));
            }

            if (runs.Count > 0 && runs[^1].IsCode)
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + code.Value }; // neighbouring markup is one placeholder
            }
            else
            {
                runs.Add(new Run(true, code.Value));
            }

            at = code.Index + code.Length;
        }

        if (at < text.Length)
        {
            runs.Add(new Run(false, text[at..]));
        }

        return runs;
    }

    [GeneratedRegex(
        @"\r?\n(?:[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+\.[ \t]+|>[ \t]?))?" // line break, and the block marker after it
        + @"|^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+\.[ \t]+|>[ \t]?)" // a block marker on the first line
        + @"|`[^`\n]*`" // a code span is not translated
        + @"|!?\[|\]\([^)\s]*(?:[ \t]+""[^""\n]*"")?\)" // link brackets and the link target
        + @"|\\[\\`*_{}\[\]()#+\-.!]" // escapes
        + @"|\*\*|\*|__|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])", // emphasis (an underscore inside a word is a letter)
        RegexOptions.CultureInvariant)]
    private static partial Regex Markup();
}
