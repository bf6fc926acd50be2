namespace PromoSite.Web.Caching;

/// <summary>
/// Removes the templates' indentation from rendered HTML: every run of whitespace that contains a line
/// break becomes one line break, except inside &lt;pre&gt; and &lt;textarea&gt;, whose text is shown as
/// written. A run with a line break renders as one space wherever HTML collapses whitespace, and a line
/// break keeps JSON-LD and scripts meaning what they meant, so no parse is needed: the bytes are
/// rewritten in place in one pass (whitespace and the tag names looked for are ASCII, so UTF-8 text is
/// never split). Attributes, quotes and empty values are left exactly as rendered.
/// </summary>
public static class HtmlWhitespace
{
    private static readonly byte[][] Verbatim = ["pre"u8.ToArray(), "textarea"u8.ToArray()];

    /// <summary>Collapses <paramref name="html"/> in place and returns its new length.</summary>
    public static int Collapse(Span<byte> html)
    {
        var write = 0;
        var read = 0;
        while (read < html.Length)
        {
            var b = html[read];
            if (b == (byte)'<' && VerbatimEnd(html, read) is var end and > 0)
            {
                html[read..end].CopyTo(html[write..]);
                write += end - read;
                read = end;
                continue;
            }

            if (!IsSpace(b))
            {
                html[write++] = b;
                read++;
                continue;
            }

            var start = read;
            var lineBreak = false;
            while (read < html.Length && IsSpace(html[read]))
            {
                lineBreak |= html[read] == (byte)'\n';
                read++;
            }

            if (lineBreak)
            {
                html[write++] = (byte)'\n';
            }
            else
            {
                html[start..read].CopyTo(html[write..]);
                write += read - start;
            }
        }

        return write;
    }

    /// <summary>Where the element opening at <paramref name="at"/> ends if it is pre or textarea (after its end tag), else 0.</summary>
    private static int VerbatimEnd(ReadOnlySpan<byte> html, int at)
    {
        foreach (var name in Verbatim)
        {
            var after = at + 1 + name.Length;
            if (after < html.Length && html.Slice(at + 1, name.Length).SequenceEqual(name) && (html[after] == (byte)'>' || IsSpace(html[after])))
            {
                Span<byte> close = stackalloc byte[name.Length + 2];
                "</"u8.CopyTo(close);
                name.CopyTo(close[2..]);
                var found = html[after..].IndexOf(close);
                if (found < 0)
                {
                    return html.Length;
                }

                var closeEnd = html[(after + found)..].IndexOf((byte)'>');
                return closeEnd < 0 ? html.Length : after + found + closeEnd + 1;
            }
        }

        return 0;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f';
}
