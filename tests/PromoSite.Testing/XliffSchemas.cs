using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace PromoSite.Testing;

/// <summary>Validates XLIFF against the official OASIS schemas (1.2 strict, 2.0 core), plus the 2.0 rules a schema cannot express.</summary>
public static class XliffSchemas
{
    private static readonly Lazy<XmlSchemaSet> Schemas12 = new(() => Load("xliff-core-1.2-strict.xsd"));

    private static readonly Lazy<XmlSchemaSet> Schemas20 = new(() => Load("xliff_core_2.0.xsd"));

    private static XmlSchemaSet Load(string core)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        foreach (var name in new[] { "xml.xsd", "promosite-xliff.xsd", core })
        {
            using var stream = typeof(XliffSchemas).Assembly.GetManifestResourceStream($"PromoSite.Testing.Xliff.{name}")!;
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            set.Add(XmlSchema.Read(reader, null)!);
        }

        set.Compile();
        return set;
    }

    /// <summary>Every schema error of an XLIFF 1.2 document; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors12(string xml)
    {
        var errors = new List<string>();
        var document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        document.Validate(Schemas12.Value, (_, e) => errors.Add($"line {e.Exception?.LineNumber}: {e.Message}"));
        return errors;
    }

    /// <summary>
    /// Every error of an XLIFF 2.0 document under the official core schema, and of the core rules
    /// it cannot express: unique unit ids, and every &lt;ph dataRef&gt; pointing at a &lt;data&gt; of
    /// the unit's originalData.
    /// </summary>
    public static IReadOnlyList<string> Errors20(string xml)
    {
        XNamespace ns = "urn:oasis:names:tc:xliff:document:2.0";
        var errors = new List<string>();
        var document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        document.Validate(Schemas20.Value, (_, e) => errors.Add($"line {e.Exception?.LineNumber}: {e.Message}"));
        var root = document.Root!;
        if (root.Name != ns + "xliff" || (string?)root.Attribute("version") != "2.0" || root.Attribute("srcLang") is null)
        {
            errors.Add("root: <xliff version=\"2.0\" srcLang> in the 2.0 namespace expected");
        }

        foreach (var file in root.Elements(ns + "file"))
        {
            var ids = new HashSet<string>();
            foreach (var unit in file.Elements(ns + "unit"))
            {
                var id = (string?)unit.Attribute("id") ?? "";
                if (id.Length == 0 || !ids.Add(id))
                {
                    errors.Add($"unit '{id}': missing or repeated id");
                }

                var segments = unit.Elements(ns + "segment").ToList();
                if (segments.Count == 0 || segments.Any(s => s.Element(ns + "source") is null))
                {
                    errors.Add($"unit '{id}': a segment with a source is required");
                }

                var data = unit.Element(ns + "originalData")?.Elements(ns + "data").Select(d => (string?)d.Attribute("id")).ToHashSet() ?? [];
                foreach (var ph in unit.Descendants(ns + "ph"))
                {
                    if ((string?)ph.Attribute("id") is null || !data.Contains((string?)ph.Attribute("dataRef")))
                    {
                        errors.Add($"unit '{id}': <ph> without id or with a dataRef that is not in originalData");
                    }
                }

                var order = unit.Elements().Select(e => e.Name.LocalName).ToList();
                if (order.IndexOf("notes") > order.IndexOf("segment") || (order.Contains("originalData") && order.IndexOf("originalData") > order.IndexOf("segment")))
                {
                    errors.Add($"unit '{id}': notes and originalData must come before the segments");
                }
            }
        }

        return errors;
    }

    /// <summary>Copies each unit's source into a target, as translators' tools do, and marks it final.</summary>
    public static string Fill(string xml, PromoSite.Cms.Translation.XliffVersion version, Func<string, string> translate, string? state = null)
    {
        var document = System.Xml.Linq.XDocument.Parse(xml, System.Xml.Linq.LoadOptions.PreserveWhitespace);
        System.Xml.Linq.XNamespace ns = version == PromoSite.Cms.Translation.XliffVersion.V20 ? "urn:oasis:names:tc:xliff:document:2.0" : "urn:oasis:names:tc:xliff:document:1.2";
        foreach (var source in document.Descendants(ns + "source").ToList())
        {
            // An export carries the existing translation as a target (a needs-review one with a subState): a tool replaces it.
            source.Parent!.Elements(ns + "target").Remove();
            source.Parent.Attribute("subState")?.Remove();
            var target = new System.Xml.Linq.XElement(ns + "target", source.Nodes().Select(n => n is System.Xml.Linq.XText t ? new System.Xml.Linq.XText(translate(t.Value)) : (object)new System.Xml.Linq.XElement((System.Xml.Linq.XElement)n)));
            if (version == PromoSite.Cms.Translation.XliffVersion.V12)
            {
                target.SetAttributeValue("state", state ?? "signed-off");
            }
            else
            {
                source.Parent!.SetAttributeValue("state", state ?? "final");
            }

            source.AddAfterSelf(target);
        }

        return document.Declaration + document.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
    }
}
