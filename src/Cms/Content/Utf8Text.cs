using System.Text;

namespace PromoSite.Cms.Content;

/// <summary>Where a byte sequence stops being UTF-8: 1-based line, 1-based byte in that line, 0-based offset in the whole.</summary>
public sealed record Utf8Problem(int Line, int ByteInLine, long Offset)
{
    public string Describe() => $"line {Line}, byte {ByteInLine} (offset {Offset})";
}

/// <summary>
/// Text must arrive as UTF-8. A decoder replaces bytes it cannot read with U+FFFD and carries on,
/// so a file saved in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258) would be stored as
/// "bad �� bytes" without a word; content is refused instead, saying where the first bad byte is.
/// </summary>
public static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first byte that is not part of a valid UTF-8 sequence, or null when all is UTF-8.</summary>
    public static Utf8Problem? FindProblem(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        int line = 1, lineStart = 0, offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return new Utf8Problem(line, offset - lineStart + 1, offset);
            }

            if (bytes[offset] == (byte)'\n')
            {
                line++;
                lineStart = offset + 1;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>Decodes text already checked with <see cref="FindProblem"/>, without a leading byte-order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        Strict.GetString(bytes.StartsWith(Strict.Preamble) ? bytes[Strict.Preamble.Length..] : bytes);
}
