using System.Text;
using PromoSite.Cms.Translation;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

public sealed class XliffTests
{
    private static readonly XliffUnit[] Units =
    [
        new("ocop-products:buoi-tan-trieu:title", "Title", 160, "https://dongnai.example/ko/preview/1", XliffRuns.Split("Bưởi Tân Triều"), new string('a', 32)),
        new("ocop-products:buoi-tan-trieu:body", "Body", null, null,
            XliffRuns.Split("## Vùng trồng\n\nBưởi **ngọt**, xem [bản đồ](https://maps.example/?q=1 \"Bản đồ\") và `mã 5*`.\n- Vỏ mỏng\n- Múi_đều \\* chú thích"), new string('b', 32)),
    ];

    [Theory]
    [InlineData("Bưởi **ngọt** và *thơm*")]
    [InlineData("## Tiêu đề\n\n- một\n- hai\n\n1. ba\n> trích")]
    [InlineData("Xem [bản đồ **lớn**](https://maps.example/a_b \"tiêu đề\") và ![ảnh](/media/x.jpg)")]
    [InlineData("snake_case_word stays, _nhấn_ and __đậm__ do not, \\*escaped\\*, `code *span*`")]
    [InlineData("ドンナイ省の**工業団地**です。")]
    public void Markdown_splits_into_text_and_markup_that_join_back_exactly(string markdown)
    {
        var runs = XliffRuns.Split(markdown);
        Assert.Equal(markdown, string.Concat(runs.Select(r => r.Text)));
        Assert.DoesNotContain(runs.Where(r => !r.IsCode), r => r.Text.Contains("**", StringComparison.Ordinal) || r.Text.Contains("](", StringComparison.Ordinal));
    }

    [Fact]
    public void Xliff_12_export_is_valid_under_the_oasis_strict_schema()
    {
        var xml = XliffDocument.Write(XliffVersion.V12, "ko", Units);
        Assert.Empty(XliffSchemas.Errors12(xml));
        Assert.DoesNotContain("**", xml.Split("<source>")[2].Split("</source>")[0].Replace("<ph id=\"1\">", "", StringComparison.Ordinal).Split("<ph")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Xliff_20_export_follows_the_core_structure_and_keeps_markup_out_of_the_text()
    {
        var xml = XliffDocument.Write(XliffVersion.V20, "ja", Units);
        Assert.Empty(XliffSchemas.Errors20(xml));
        var body = System.Xml.Linq.XDocument.Parse(xml).Descendants().First(e => e.Name.LocalName == "unit" && (string?)e.Attribute("id") == "ocop-products:buoi-tan-trieu:body");
        var source = body.Descendants().First(e => e.Name.LocalName == "source");
        Assert.DoesNotContain("**", string.Concat(source.Nodes().OfType<System.Xml.Linq.XText>().Select(t => t.Value)), StringComparison.Ordinal);
        Assert.DoesNotContain("https://maps.example", string.Concat(source.Nodes().OfType<System.Xml.Linq.XText>().Select(t => t.Value)), StringComparison.Ordinal);
        Assert.Contains(body.Descendants(), e => e.Name.LocalName == "note" && (string?)e.Attribute("category") == "label" && e.Value == "Body");
    }

    [Theory]
    [InlineData(XliffVersion.V20)]
    [InlineData(XliffVersion.V12)]
    public void A_filled_in_file_reads_back_with_its_placeholders_and_states(XliffVersion version)
    {
        var xml = XliffDocument.Write(version, "ko", Units);
        // A CAT tool fills the targets: here, the source copied with its placeholders and the text changed.
        var filled = XliffSchemas.Fill(xml, version, text => text.Replace("Bưởi", "자몽", StringComparison.Ordinal));
        var file = XliffDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(filled)));
        Assert.Equal(("vi", "ko", 2), (file.SourceLanguage, file.TargetLanguage, file.Units.Count));
        var body = file.Units.Single(u => u.Id.EndsWith(":body", StringComparison.Ordinal));
        Assert.Equal(new string('b', 32), body.SourceHash);
        Assert.Equal(Units[1].Source.Count(r => r.IsCode), body.Target!.Count(p => p.Placeholder is not null));
        Assert.StartsWith("Vùng trồng자몽 ngọt", string.Concat(body.Target!.Where(p => p.Text is not null).Select(p => p.Text)), StringComparison.Ordinal);
        Assert.Equal(version == XliffVersion.V20 ? "final" : "signed-off", body.State);
    }

    [Fact]
    public void A_unit_a_tool_split_into_segments_comes_back_whole_with_its_least_advanced_state()
    {
        const string xml = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\"><file id=\"f\"><unit id=\"ocop-products:buoi:body\">"
            + "<segment state=\"final\"><source>Câu một. </source><target>첫 문장. </target></segment><ignorable><source> </source></ignorable>"
            + "<segment state=\"translated\"><source>Câu hai.</source><target>둘째 문장.</target></segment></unit></file></xliff>";
        var unit = XliffDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml))).Units.Single();
        Assert.Equal("첫 문장. 둘째 문장.", string.Concat(unit.Target!.Select(p => p.Text)));
        Assert.Equal("translated", unit.State);
    }

    [Fact]
    public void A_translation_memory_suggestion_in_xliff_12_is_not_taken_for_the_translation()
    {
        const string xml = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"><file original=\"p\" source-language=\"vi\" target-language=\"ko\" datatype=\"plaintext\"><body>"
            + "<trans-unit id=\"ocop-products:buoi:title\"><source>Bưởi Tân Triều</source><target state=\"signed-off\">떤찌에우 자몽</target>"
            + "<alt-trans><target>비엔호아 자몽</target></alt-trans></trans-unit></body></file></xliff>";
        var unit = XliffDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml))).Units.Single();
        Assert.Equal("떤찌에우 자몽", string.Concat(unit.Target!.Select(p => p.Text)));
        Assert.Equal("signed-off", unit.State);
    }

    [Fact]
    public void Unit_ids_are_xliff_20_nmtokens_and_units_may_not_be_resegmented()
    {
        var xml = XliffDocument.Write(XliffVersion.V20, "ko", Units);
        var units = System.Xml.Linq.XDocument.Parse(xml).Descendants().Where(e => e.Name.LocalName == "unit").ToList();
        Assert.All(units, u => Assert.Matches("^[a-z0-9-]+:[a-z0-9-]+:[a-zA-Z0-9]+$", (string)u.Attribute("id")!));
        Assert.All(units, u => Assert.Equal("no", (string?)u.Attribute("canResegment")));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\">&lol2;</xliff>", "DTD")]
    [InlineData("<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\">\n<file id=\"f\"><unit id=\"x\"><segment><source>a</sou", "well-formed")]
    [InlineData("<html><body>not xliff</body></html>", "not an XLIFF")]
    [InlineData("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\"><file id=\"f\"><unit id=\"x\"><segment><source>a</source><target>a <script>b</script></target></segment></unit></file></xliff>", "<script> is not expected")]
    public void Hostile_or_broken_files_are_refused_with_the_reason(string xml, string reason)
    {
        var error = Assert.Throws<XliffFormatException>(() => XliffDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml))));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1);
    }
}
