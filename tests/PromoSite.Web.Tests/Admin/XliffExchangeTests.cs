using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>XLIFF through the admin over HTTP: export, a translation tool fills it in, import; and what is refused.</summary>
public sealed class XliffExchangeTests
{
    private static async Task<HttpResponseMessage> ExportAsync(AdminClient client, string version, bool needsWork, params string[] locales)
    {
        var (_, page) = await client.GetAsync("/admin/translations/xliff");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("type", "ocop-products"), new("version", version) };
        fields.AddRange(locales.Select(l => new KeyValuePair<string, string>("locales", l)));
        if (needsWork)
        {
            fields.Add(new("needsWork", "true"));
        }

        return await client.Http.PostAsync(new Uri("/admin/translations/xliff?handler=Export", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> ImportAsync(AdminClient client, string xliff, bool checkOnly = false, string name = "ko.xlf")
    {
        var (_, page) = await client.GetAsync("/admin/translations/xliff");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(xliff)) { Headers = { ContentType = new MediaTypeHeaderValue("application/xliff+xml") } }, "file", name },
        };
        if (checkOnly)
        {
            form.Add(new StringContent("1"), "check");
        }

        var response = await client.Http.PostAsync(new Uri("/admin/translations/xliff?handler=Import", UriKind.Relative), form);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<ContentLocalization?> LocalizationAsync(PromoSiteFactory app, string key, string locale)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.Item.Key == key && l.Locale == locale);
    }

    private static string Korean(string text) => text.Replace("Hạt điều rang muối", "소금에 볶은 캐슈너트", StringComparison.Ordinal).Replace("Bưởi Tân Triều", "떤찌에우 자몽", StringComparison.Ordinal);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "2.0")]
    [InlineData(DatabaseProvider.Postgres, "2.0")]
    [InlineData(DatabaseProvider.Sqlite, "1.2")]
    [InlineData(DatabaseProvider.Postgres, "1.2")]
    public async Task Export_translate_and_import_gives_korean_drafts_or_reviews_that_are_up_to_date_and_never_published(DatabaseProvider provider, string version)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");

        var export = await ExportAsync(translator, version, needsWork: true, "ko");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var xml = await export.Content.ReadAsStringAsync();
        Assert.Empty(version == "1.2" ? XliffSchemas.Errors12(xml) : XliffSchemas.Errors20(xml));
        Assert.Contains("ocop-products:hat-dieu:title", xml, StringComparison.Ordinal); // missing in Korean
        Assert.DoesNotContain("ocop-products:buoi-tan-trieu:", xml, StringComparison.Ordinal); // Korean already up to date

        var filled = XliffSchemas.Fill(xml, version == "1.2" ? XliffVersion.V12 : XliffVersion.V20, Korean);
        var (checkedOnly, checkPage) = await ImportAsync(translator, filled, checkOnly: true);
        Assert.Equal(HttpStatusCode.OK, checkedOnly.StatusCode);
        Assert.Contains("Đã kiểm tra, chưa lưu gì", checkPage.QuerySelector("#report")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await LocalizationAsync(app, "hat-dieu", "ko"));

        var (imported, page) = await ImportAsync(translator, filled);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("Đã nhập:", page.QuerySelector("#report")!.TextContent, StringComparison.Ordinal);
        var korean = await LocalizationAsync(app, "hat-dieu", "ko");
        Assert.Equal("소금에 볶은 캐슈너트", JsonNode.Parse(korean!.FieldsJson)!["title"]!.GetValue<string>());
        Assert.Equal(LocalizationStatus.InReview, korean.Status); // final/signed-off: ready for a reviewer, not published
        Assert.Null(korean.PublishedRevisionId);
        Assert.Equal((await LocalizationAsync(app, "hat-dieu", "vi"))!.ContentHash, korean.SourceHash); // translated from today's Vietnamese
    }

    [Fact]
    public async Task Markdown_formatting_comes_back_from_placeholders_exactly()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var id = await app.ItemIdAsync("hat-dieu");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var vi = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == "vi");
            var fields = JsonNode.Parse(vi.FieldsJson)!.AsObject();
            fields["body"] = "Hạt điều **rang muối** từ [Bình Phước](https://binhphuoc.example/dieu \"điều\").\n\n- Giòn\n- Bùi";
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(id, null, null, new LocalizationInput("vi", fields, LocalizationStatus.Published), "test")).Succeeded);
        }

        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var xml = await (await ExportAsync(editor, "2.0", needsWork: false, "en")).Content.ReadAsStringAsync();
        var filled = XliffSchemas.Fill(xml, XliffVersion.V20, text => text.Replace("Hạt điều ", "Cashews ", StringComparison.Ordinal).Replace("rang muối", "salted", StringComparison.Ordinal)
            .Replace(" từ ", " from ", StringComparison.Ordinal).Replace("Giòn", "Crunchy", StringComparison.Ordinal).Replace("Bùi", "Nutty", StringComparison.Ordinal), state: "translated");
        var (response, page) = await ImportAsync(editor, filled);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var english = await LocalizationAsync(app, "hat-dieu", "en");
        Assert.Equal("Cashews **salted** from [Bình Phước](https://binhphuoc.example/dieu \"điều\").\n\n- Crunchy\n- Nutty", JsonNode.Parse(english!.FieldsJson)!["body"]!.GetValue<string>());
        Assert.Equal(LocalizationStatus.Draft, english.Status); // "translated": a draft; the published English stays live
        Assert.NotNull(english.PublishedRevisionId);
    }

    [Fact]
    public async Task One_bad_unit_or_a_changed_source_refuses_the_whole_file_and_says_where()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var xml = await (await ExportAsync(editor, "2.0", needsWork: true, "ko")).Content.ReadAsStringAsync();
        var filled = XliffSchemas.Fill(xml, XliffVersion.V20, Korean);

        // One unit loses a placeholder: nothing at all is applied.
        var broken = filled.Replace("</target>", "<ph id=\"99\" dataRef=\"d99\"/></target>", StringComparison.Ordinal);
        var (refused, page) = await ImportAsync(editor, broken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Placeholder 99 does not exist", page.QuerySelector("#report")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("line ", page.QuerySelector("#report li")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await LocalizationAsync(app, "hat-dieu", "ko"));

        // The Vietnamese title changes after the export: that unit is refused and listed, and nothing is applied.
        var id = await app.ItemIdAsync("hat-dieu");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var vi = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == "vi");
            var fields = JsonNode.Parse(vi.FieldsJson)!.AsObject();
            fields["title"] = "Hạt điều rang muối Bình Phước";
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(id, null, null, new LocalizationInput("vi", fields, LocalizationStatus.Published), "test")).Succeeded);
        }

        var (stale, stalePage) = await ImportAsync(editor, filled);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        Assert.Contains("ocop-products:hat-dieu:title", stalePage.QuerySelector("ul.stale")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await LocalizationAsync(app, "hat-dieu", "ko"));
    }

    [Fact]
    public async Task Hostile_files_and_the_wrong_language_are_refused_with_a_reason_and_change_nothing()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var japanese = XliffSchemas.Fill(await (await ExportAsync(editor, "2.0", needsWork: false, "ja")).Content.ReadAsStringAsync(), XliffVersion.V20, t => t);

        var cases = new (string Xml, string Reason)[]
        {
            (japanese, "You may not edit the ja translations"),
            ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\">&b;</xliff>", "DTD"),
            ("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\"><file id=\"f\"><unit id=\"ocop-products/hat-dieu/ti", "well-formed"),
            ("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"ko\"><file id=\"f\"/></xliff>", "source language is 'en'"),
            ("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\"><file id=\"f\"><unit id=\"ocop-products/no-such-item/title\"><segment><source>x</source><target>y</target></segment></unit></file></xliff>", "No such item"),
            ("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"ko\"><file id=\"f\"><unit id=\"users/root/passwordHash\"><segment><source>x</source><target>y</target></segment></unit></file></xliff>", "Unknown unit"),
        };
        foreach (var (xml, reason) in cases)
        {
            var (response, page) = await ImportAsync(translator, xml);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(reason, page.QuerySelector("#report")!.TextContent, StringComparison.Ordinal);
        }

        // 200 MB is refused before it is read.
        using var huge = new HttpRequestMessage(HttpMethod.Post, "/admin/translations/xliff?handler=Import") { Content = new ByteArrayContent(new byte[1]) };
        huge.Content.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data") { Parameters = { new NameValueHeaderValue("boundary", "x") } };
        huge.Content.Headers.ContentLength = 200L * 1024 * 1024;
        var tooLarge = await translator.Http.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("tối đa 20 MB", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AnyAsync(l => l.Locale == "ko" && l.Item.Key != "buoi-tan-trieu"));
    }

    [Fact]
    public async Task A_half_filled_file_does_not_clear_outdated_for_the_fields_it_left_alone()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var vi = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == "vi");
            var fields = JsonNode.Parse(vi.FieldsJson)!.AsObject();
            fields["title"] = "Bưởi Tân Triều Biên Hòa";
            fields["summary"] = "Bưởi ngọt nổi tiếng của Biên Hòa.";
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(id, null, null, new LocalizationInput("vi", fields, LocalizationStatus.Published), "test")).Succeeded);
        }

        var xml = await (await ExportAsync(editor, "2.0", needsWork: true, "ko")).Content.ReadAsStringAsync();
        // Only the title is translated; the summary unit comes back empty.
        var document = System.Xml.Linq.XDocument.Parse(XliffSchemas.Fill(xml, XliffVersion.V20, t => "비엔호아 " + t), System.Xml.Linq.LoadOptions.PreserveWhitespace);
        foreach (var target in document.Descendants().Where(e => e.Name.LocalName == "target" && e.Ancestors().Any(a => a.Name.LocalName == "unit" && ((string)a.Attribute("id")!).StartsWith("ocop-products:buoi-tan-trieu:", StringComparison.Ordinal) && !((string)a.Attribute("id")!).EndsWith(":title", StringComparison.Ordinal))).ToList())
        {
            target.Remove();
        }

        var (response, _) = await ImportAsync(editor, document.Declaration + document.ToString(System.Xml.Linq.SaveOptions.DisableFormatting));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var korean = await LocalizationAsync(app, "buoi-tan-trieu", "ko");
        Assert.StartsWith("비엔호아 ", JsonNode.Parse(korean!.FieldsJson)!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual((await LocalizationAsync(app, "buoi-tan-trieu", "vi"))!.ContentHash, korean.SourceHash); // still outdated: the summary was not translated
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "2.0")]
    [InlineData(DatabaseProvider.Postgres, "2.0")]
    [InlineData(DatabaseProvider.Sqlite, "1.2")]
    [InlineData(DatabaseProvider.Postgres, "1.2")]
    public async Task Existing_translations_go_out_as_targets_marked_translated_or_needing_review_and_come_back_without_harm(DatabaseProvider provider, string version)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var pomelo = await app.ItemIdAsync("buoi-tan-trieu");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var vi = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().SingleAsync(l => l.ItemId == pomelo && l.Locale == "vi");
            var fields = JsonNode.Parse(vi.FieldsJson)!.AsObject();
            fields["title"] = "Bưởi Tân Triều Biên Hòa";
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(pomelo, null, null, new LocalizationInput("vi", fields, LocalizationStatus.Published), "test")).Succeeded);
        }

        var v12 = version == "1.2";
        var ns = v12 ? XliffDocument.Ns12 : XliffDocument.Ns20;
        string Exported(System.Xml.Linq.XDocument document, string unit, out string? state, out string? subState)
        {
            var element = document.Descendants().Single(e => e.Name.LocalName is "unit" or "trans-unit" && (string?)e.Attribute("id") == unit);
            var target = element.Descendants(System.Xml.Linq.XName.Get("target", ns)).Single();
            var segment = v12 ? target : target.Parent!;
            state = (string?)segment.Attribute("state");
            subState = (string?)segment.Attribute("subState");
            return target.Value;
        }

        // Japanese: the draft of the rambutan is there to revise, not to translate again.
        var japanese = await (await ExportAsync(editor, version, needsWork: true, "ja")).Content.ReadAsStringAsync();
        Assert.Empty(v12 ? XliffSchemas.Errors12(japanese) : XliffSchemas.Errors20(japanese));
        var jaDocument = System.Xml.Linq.XDocument.Parse(japanese);
        Assert.Equal("ロンカインのランブータン", Exported(jaDocument, "ocop-products:chom-chom:title", out var jaState, out _));
        Assert.Equal("translated", jaState);
        Assert.Equal("下書き。", Exported(jaDocument, "ocop-products:chom-chom:summary", out _, out _));

        // Korean: the title's source changed since it was translated, the summary's did not.
        var korean = await (await ExportAsync(editor, version, needsWork: true, "ko")).Content.ReadAsStringAsync();
        Assert.Empty(v12 ? XliffSchemas.Errors12(korean) : XliffSchemas.Errors20(korean));
        var koDocument = System.Xml.Linq.XDocument.Parse(korean);
        Assert.Equal("떤찌에우 자몽", Exported(koDocument, "ocop-products:buoi-tan-trieu:title", out var titleState, out var titleSubState));
        Assert.Equal(v12 ? "needs-review-translation" : "initial", titleState);
        Assert.Equal(v12 ? null : XliffDocument.NeedsReviewSubState, titleSubState);
        Exported(koDocument, "ocop-products:buoi-tan-trieu:summary", out var summaryState, out _);
        Assert.Equal("translated", summaryState);

        // Sent back untouched: nothing is saved, and the Korean title stays outdated.
        var revisionsBefore = await RevisionCountAsync(app);
        var koBefore = await LocalizationAsync(app, "buoi-tan-trieu", "ko");
        var (ja, _) = await ImportAsync(editor, japanese, name: "ja.xlf");
        var (ko, _) = await ImportAsync(editor, korean);
        Assert.Equal(HttpStatusCode.OK, ja.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ko.StatusCode);
        Assert.Equal(revisionsBefore, await RevisionCountAsync(app));
        Assert.Equal(koBefore!.SourceHash, (await LocalizationAsync(app, "buoi-tan-trieu", "ko"))!.SourceHash);

        // The agency revises the Japanese draft's title in the exported file: that is imported.
        var revised = japanese.Replace("ロンカインのランブータン", "ロンカイン産ランブータン", StringComparison.Ordinal);
        var (applied, _) = await ImportAsync(editor, revised, name: "ja.xlf");
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var jaAfter = await LocalizationAsync(app, "chom-chom", "ja");
        Assert.Equal("ロンカイン産ランブータン", JsonNode.Parse(jaAfter!.FieldsJson)!["title"]!.GetValue<string>());
        Assert.Equal("下書き。", JsonNode.Parse(jaAfter.FieldsJson)!["summary"]!.GetValue<string>());
        Assert.Equal(LocalizationStatus.Draft, jaAfter.Status);
    }

    private static async Task<int> RevisionCountAsync(PromoSiteFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Revisions.CountAsync();
    }

    [Fact]
    public async Task Several_languages_come_as_a_zip_of_one_file_each()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var response = await ExportAsync(editor, "1.2", needsWork: false, "en", "ko", "zh");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["promosite-vi-en.xliff", "promosite-vi-ko.xliff", "promosite-vi-zh.xliff"], zip.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            Assert.Empty(XliffSchemas.Errors12(await reader.ReadToEndAsync()));
        }
    }
}
