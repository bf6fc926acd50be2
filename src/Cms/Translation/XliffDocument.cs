using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PromoSite.Cms.Translation;

public enum XliffVersion { V20, V12 }

/// <summary>One field of one item to translate, as it goes out.</summary>
public sealed record XliffUnit(string Id, string Label, int? MaxLength, string? Preview, IReadOnlyList<Run> Source, string SourceHash)
{
    /// <summary>The translation already there (a draft too), so an agency revises it instead of translating again.</summary>
    public XliffExistingTarget? Target { get; init; }

    /// <summary>The termbase entries found in the source: 2.0 carries them in the unit's glossary module.</summary>
    public IReadOnlyList<XliffGlossaryEntry> Glossary { get; init; } = [];
}

/// <summary>A term of the source with its approved translation in the target language and the termbase's note.</summary>
public sealed record XliffGlossaryEntry(string Term, string? Translation, string? Definition);

/// <summary>
/// An existing translation as it goes out: pieces over the source's placeholders, and whether it
/// was made from the source as it is now (translated) or from an earlier version (needs review).
/// </summary>
public sealed record XliffExistingTarget(IReadOnlyList<XliffPiece> Pieces, bool NeedsReview);

/// <summary>A unit as it comes back: the translated runs (placeholders already numbered) and its workflow state.</summary>
public sealed record XliffTarget(string Id, int Line, string? SourceHash, IReadOnlyList<XliffPiece>? Target, string? State)
{
    /// <summary>
    /// The unit still carries the state an export gave an outdated translation (1.2
    /// needs-review-translation, 2.0 initial with subState ps:needs-review-translation): nobody
    /// revised it, so it must not count as a translation of the current source.
    /// </summary>
    public bool NeedsReview { get; init; }
}

/// <summary>Text, or placeholder number n standing for the n-th markup run of the source.</summary>
public sealed record XliffPiece(string? Text, int? Placeholder);

public sealed record XliffFile(XliffVersion Version, string SourceLanguage, string TargetLanguage, IReadOnlyList<XliffTarget> Units);

/// <summary>
/// Writes and reads XLIFF 2.0 and 1.2. Markup travels as numbered placeholders (2.0 &lt;ph
/// dataRef&gt; with the markup in originalData; 1.2 &lt;ph&gt; holding it as native code); on the way
/// back only the numbers are trusted and the markup is taken from PromoSite's own source, so a
/// file cannot slip markup, HTML or links in. Each unit carries the fingerprint of the source
/// field it was made from (ps:sourceHash), to refuse translations of text that changed since.
/// Reading refuses DTDs (no entity expansion), resolves nothing external and caps the size.
/// </summary>
public static class XliffDocument
{
    public const string Ns20 = "urn:oasis:names:tc:xliff:document:2.0";
    public const string Ns12 = "urn:oasis:names:tc:xliff:document:1.2";
    public const string NsPromoSite = "urn:promosite:xliff";
    public const string NsGlossary = "urn:oasis:names:tc:xliff:glossary:2.0";

    /// <summary>The 2.0 subState of an exported translation whose source changed since it was made.</summary>
    public const string NeedsReviewSubState = "ps:needs-review-translation";

    public static string Write(XliffVersion version, string targetLanguage, IReadOnlyList<XliffUnit> units)
    {
        var text = new StringBuilder();
        // No indentation: in mixed content an indenting writer would add line breaks to the
        // source text itself whenever it starts with a placeholder.
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = false, Encoding = Encoding.UTF8, OmitXmlDeclaration = false }))
        {
            if (version == XliffVersion.V20)
            {
                Write20(xml, targetLanguage, units);
            }
            else
            {
                Write12(xml, targetLanguage, units);
            }
        }

        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Write20(XmlWriter xml, string target, IReadOnlyList<XliffUnit> units)
    {
        xml.WriteStartElement("xliff", Ns20);
        xml.WriteAttributeString("xmlns", "ps", null, NsPromoSite);
        xml.WriteAttributeString("xmlns", "gls", null, NsGlossary);
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("srcLang", "vi");
        xml.WriteAttributeString("trgLang", target);
        xml.WriteStartElement("file", Ns20);
        xml.WriteAttributeString("id", "promosite");
        foreach (var unit in units)
        {
            xml.WriteStartElement("unit", Ns20);
            xml.WriteAttributeString("id", unit.Id);
            xml.WriteAttributeString("canResegment", "no"); // a unit is one field: split segments would be joined wrongly
            xml.WriteAttributeString("sourceHash", NsPromoSite, unit.SourceHash);
            Glossary20(xml, unit.Glossary);
            xml.WriteStartElement("notes", Ns20);
            Note20(xml, "label", unit.Label);
            if (unit.MaxLength is { } max)
            {
                Note20(xml, "max-length", max.ToString(CultureInfo.InvariantCulture));
            }

            if (unit.Preview is { } preview)
            {
                Note20(xml, "preview", preview);
            }

            xml.WriteEndElement();
            var codes = unit.Source.Where(r => r.IsCode).ToList();
            if (codes.Count > 0)
            {
                xml.WriteStartElement("originalData", Ns20);
                for (var i = 0; i < codes.Count; i++)
                {
                    xml.WriteStartElement("data", Ns20);
                    xml.WriteAttributeString("id", $"d{i + 1}");
                    xml.WriteString(codes[i].Text);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteStartElement("segment", Ns20);
            if (unit.Target is { } existing)
            {
                // XLIFF 2.0 has no "needs review" state: an outdated translation goes out as initial, with PromoSite's subState saying why.
                xml.WriteAttributeString("state", existing.NeedsReview ? "initial" : "translated");
                if (existing.NeedsReview)
                {
                    xml.WriteAttributeString("subState", NeedsReviewSubState);
                }
            }

            xml.WriteStartElement("source", Ns20);
            WriteSource(xml, Ns20, unit.Source, (n, _) => xml.WriteAttributeString("dataRef", $"d{n}"));
            xml.WriteEndElement();
            if (unit.Target is { } translation)
            {
                xml.WriteStartElement("target", Ns20);
                WriteTarget(xml, Ns20, translation.Pieces, n => xml.WriteAttributeString("dataRef", $"d{n}"));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>
    /// The source text with each markup run as a numbered &lt;ph&gt;; <paramref name="placeholder"/>
    /// adds what the version puts in it (2.0 a dataRef into originalData, 1.2 the markup itself).
    /// </summary>
    private static void WriteSource(XmlWriter xml, string ns, IReadOnlyList<Run> runs, Action<int, string> placeholder)
    {
        var n = 0;
        foreach (var run in runs)
        {
            if (!run.IsCode)
            {
                xml.WriteString(run.Text);
                continue;
            }

            n++;
            xml.WriteStartElement("ph", ns);
            xml.WriteAttributeString("id", n.ToString(CultureInfo.InvariantCulture));
            placeholder(n, run.Text);
            xml.WriteEndElement();
        }
    }

    private static void WriteTarget(XmlWriter xml, string ns, IReadOnlyList<XliffPiece> pieces, Action<int> placeholder)
    {
        foreach (var piece in pieces)
        {
            if (piece.Text is { } text)
            {
                xml.WriteString(text);
                continue;
            }

            xml.WriteStartElement("ph", ns);
            xml.WriteAttributeString("id", piece.Placeholder!.Value.ToString(CultureInfo.InvariantCulture));
            placeholder(piece.Placeholder.Value);
            xml.WriteEndElement();
        }
    }

    /// <summary>
    /// The unit's terms in the Glossary module: module elements come first in a unit (before notes); a
    /// glossEntry holds one term and needs a translation or a definition, so an entry with neither is left out.
    /// </summary>
    private static void Glossary20(XmlWriter xml, IReadOnlyList<XliffGlossaryEntry> entries)
    {
        var usable = entries.Where(e => !string.IsNullOrEmpty(e.Translation) || !string.IsNullOrEmpty(e.Definition)).ToList();
        if (usable.Count == 0)
        {
            return;
        }

        xml.WriteStartElement("gls", "glossary", NsGlossary);
        foreach (var entry in usable)
        {
            xml.WriteStartElement("gls", "glossEntry", NsGlossary);
            xml.WriteStartElement("gls", "term", NsGlossary);
            xml.WriteAttributeString("source", "promosite-termbase");
            xml.WriteString(entry.Term);
            xml.WriteEndElement();
            if (!string.IsNullOrEmpty(entry.Translation))
            {
                xml.WriteStartElement("gls", "translation", NsGlossary);
                xml.WriteAttributeString("source", "promosite-termbase");
                xml.WriteString(entry.Translation);
                xml.WriteEndElement();
            }

            if (!string.IsNullOrEmpty(entry.Definition))
            {
                xml.WriteElementString("gls", "definition", NsGlossary, entry.Definition);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Note20(XmlWriter xml, string category, string text)
    {
        xml.WriteStartElement("note", Ns20);
        xml.WriteAttributeString("category", category);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static void Write12(XmlWriter xml, string target, IReadOnlyList<XliffUnit> units)
    {
        xml.WriteStartElement("xliff", Ns12);
        xml.WriteAttributeString("xmlns", "ps", null, NsPromoSite);
        xml.WriteAttributeString("version", "1.2");
        xml.WriteStartElement("file", Ns12);
        xml.WriteAttributeString("original", "promosite");
        xml.WriteAttributeString("source-language", "vi");
        xml.WriteAttributeString("target-language", target);
        xml.WriteAttributeString("datatype", "x-markdown");
        xml.WriteStartElement("body", Ns12);
        foreach (var unit in units)
        {
            xml.WriteStartElement("trans-unit", Ns12);
            xml.WriteAttributeString("id", unit.Id);
            xml.WriteAttributeString("resname", unit.Id);
            if (unit.MaxLength is { } max)
            {
                xml.WriteAttributeString("maxwidth", max.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("size-unit", "char");
            }

            xml.WriteAttributeString("sourceHash", NsPromoSite, unit.SourceHash);
            xml.WriteStartElement("source", Ns12);
            WriteSource(xml, Ns12, unit.Source, (_, markup) => xml.WriteString(markup));
            xml.WriteEndElement();
            if (unit.Target is { } translation)
            {
                var codes = unit.Source.Where(r => r.IsCode).Select(r => r.Text).ToList();
                xml.WriteStartElement("target", Ns12);
                xml.WriteAttributeString("state", translation.NeedsReview ? "needs-review-translation" : "translated");
                WriteTarget(xml, Ns12, translation.Pieces, n => xml.WriteString(codes[n - 1]));
                xml.WriteEndElement();
            }

            Note12(xml, "label", unit.Label);
            if (unit.Preview is { } preview)
            {
                Note12(xml, "preview", preview);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Note12(XmlWriter xml, string from, string text)
    {
        xml.WriteStartElement("note", Ns12);
        xml.WriteAttributeString("from", from);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    /// <summary>Reads a returned file; a malformed one throws <see cref="XliffFormatException"/> with the line.</summary>
    public static XliffFile Read(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, // no DOCTYPE, so no entity expansion ("billion laughs")
            XmlResolver = null,
            MaxCharactersInDocument = 50_000_000,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(stream, settings);
        var info = (IXmlLineInfo)reader;
        try
        {
            reader.MoveToContent();
            if (reader.LocalName != "xliff" || reader.NamespaceURI is not (Ns20 or Ns12))
            {
                throw new XliffFormatException(info.LineNumber, "This is not an XLIFF 2.0 or 1.2 file.");
            }

            return reader.NamespaceURI == Ns20 ? Read20(reader, info) : Read12(reader, info);
        }
        catch (XmlException ex)
        {
            throw new XliffFormatException(Math.Max(1, ex.LineNumber), ex.Message.Contains("DTD", StringComparison.Ordinal)
                ? "The file declares a DTD (DOCTYPE); XLIFF needs none and it is refused, since it can expand entities without end."
                : "The file is not well-formed XML (it may be cut short): " + ex.Message);
        }
    }

    private static XliffFile Read20(XmlReader reader, IXmlLineInfo info)
    {
        var source = reader.GetAttribute("srcLang") ?? "";
        var target = reader.GetAttribute("trgLang") ?? "";
        var units = new List<XliffTarget>();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Ns20 || reader.LocalName != "unit")
            {
                continue;
            }

            var line = info.LineNumber;
            var id = reader.GetAttribute("id") ?? "";
            var hash = reader.GetAttribute("sourceHash", NsPromoSite);
            List<XliffPiece>? pieces = null;
            string? state = null;
            var needsReview = false;
            using var unit = reader.ReadSubtree();
            while (unit.Read())
            {
                if (unit.NodeType == XmlNodeType.Element && unit.NamespaceURI == Ns20 && unit.LocalName == "segment")
                {
                    // A tool that split the unit anyway: the least advanced state of its segments counts.
                    var segmentState = unit.GetAttribute("state");
                    state = state is null || Rank(segmentState) < Rank(state) ? segmentState : state;
                    needsReview |= (segmentState is null or "initial") && unit.GetAttribute("subState") == NeedsReviewSubState;
                }
                else if (unit.NodeType == XmlNodeType.Element && unit.NamespaceURI == Ns20 && unit.LocalName is "target")
                {
                    // Several segments' (and ignorables') targets are joined in order, as their sources join into the field.
                    (pieces ??= []).AddRange(ReadInline(unit, info, "ph", id));
                }
            }

            units.Add(new XliffTarget(id, line, hash, pieces, state) { NeedsReview = needsReview });
        }

        return new XliffFile(XliffVersion.V20, source, target, units);
    }

    private static XliffFile Read12(XmlReader reader, IXmlLineInfo info)
    {
        string source = "", target = "";
        var units = new List<XliffTarget>();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Ns12)
            {
                continue;
            }

            if (reader.LocalName == "file")
            {
                source = reader.GetAttribute("source-language") ?? "";
                target = reader.GetAttribute("target-language") ?? "";
            }
            else if (reader.LocalName == "trans-unit")
            {
                var line = info.LineNumber;
                var id = reader.GetAttribute("id") ?? "";
                var hash = reader.GetAttribute("sourceHash", NsPromoSite);
                List<XliffPiece>? pieces = null;
                string? state = null;
                using var unit = reader.ReadSubtree();
                unit.Read();
                var depth = unit.Depth;
                while (unit.Read())
                {
                    // Only the trans-unit's own <target>: those inside <alt-trans> are memory suggestions.
                    if (unit.NodeType == XmlNodeType.Element && unit.NamespaceURI == Ns12 && unit.LocalName == "target" && unit.Depth == depth + 1)
                    {
                        state = unit.GetAttribute("state");
                        pieces = ReadInline(unit, info, "ph", id);
                    }
                }

                units.Add(new XliffTarget(id, line, hash, pieces, state) { NeedsReview = state == "needs-review-translation" });
            }
        }

        return new XliffFile(XliffVersion.V12, source, target, units);
    }

    private static int Rank(string? state) => state switch { "final" => 3, "reviewed" => 2, "translated" => 1, _ => 0 };

    /// <summary>The content of a &lt;target&gt;: text and numbered placeholders; any other inline element is refused.</summary>
    private static List<XliffPiece> ReadInline(XmlReader reader, IXmlLineInfo info, string placeholder, string unitId)
    {
        var line = info.LineNumber;
        using var subtree = reader.ReadSubtree();
        var target = XElement.Load(subtree, LoadOptions.PreserveWhitespace);
        var pieces = new List<XliffPiece>();
        foreach (var node in target.Nodes())
        {
            switch (node)
            {
                case XText text:
                    pieces.Add(new XliffPiece(text.Value, null));
                    break;
                case XElement element when element.Name.LocalName == placeholder:
                    // 1.2 carries the markup inside <ph>; PromoSite ignores it and uses its own copy.
                    pieces.Add(int.TryParse((string?)element.Attribute("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? new XliffPiece(null, n)
                        : throw new XliffFormatException(line, $"Unit '{unitId}': a placeholder without a numeric id."));
                    break;
                case XElement element:
                    throw new XliffFormatException(line, $"Unit '{unitId}': <{element.Name.LocalName}> is not expected in a target; only text and the source's placeholders are.");
            }
        }

        return pieces;
    }
}

public sealed class XliffFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
