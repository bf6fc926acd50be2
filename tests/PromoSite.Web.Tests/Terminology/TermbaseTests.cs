using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Terminology;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Terminology;

/// <summary>The termbase over HTTP: who changes it, the CSV import's refusals, the editor's marks and warnings, XLIFF, and the sample content's check.</summary>
public sealed class TermbaseTests
{
    private const string Csv = """
        domain,vi,en,ko,ja,zh,forbidden_ko,forbidden_zh,note
        place,Tân Triều,Tân Triều,떤찌에우,タンチエウ,新朝,,,A village of Vĩnh Cửu.
        place,sông Đồng Nai,Đồng Nai River,동나이강,ドンナイ川,同奈河,동나이주강|동나이 리버,同耐河,
        """;

    private static async Task<AdminClient> AdministratorAsync(PromoSiteFactory app)
    {
        var admin = await AdminClient.ForNewUserAsync(app, "thuat-ngu@tinh.example", Role.Editor);
        await using var scope = app.Services.CreateAsyncScope();
        // Role set directly, as enrolled: an administrator must have an authenticator, which is not what this test is about.
        await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "thuat-ngu@tinh.example")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, Role.Administrator).SetProperty(u => u.TotpSecret, "enrolled"));
        return admin;
    }

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> ImportAsync(AdminClient client, string csv)
    {
        var (_, page) = await client.GetAsync("/admin/terms");
        var token = page.QuerySelector("form[action*='Import'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "terms.csv" },
        };
        var response = await client.Http.PostAsync(new Uri("/admin/terms?handler=Import", UriKind.Relative), form);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Fills and sends the add/edit form of /admin/terms (its place among the page's forms depends on the rows' delete buttons).</summary>
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SaveTermAsync(AdminClient client, string path, Dictionary<string, string> fields)
    {
        var (_, page) = await client.GetAsync(path);
        var forms = page.QuerySelectorAll("main form").ToList();
        return await client.SubmitAsync(path, fields, forms.FindIndex(f => (f.GetAttribute("action") ?? "").Contains("handler=Save", StringComparison.Ordinal)));
    }

    private static async Task<List<Term>> TermsAsync(PromoSiteFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Terms.AsNoTracking().OrderBy(t => t.Vi).ToListAsync();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Administrators_add_change_and_delete_terms_while_editors_and_translators_only_read_them(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var admin = await AdministratorAsync(app);

        var (added, _) = await SaveTermAsync(admin, "/admin/terms", new Dictionary<string, string>
        {
            ["approved.vi"] = "Long Thành", ["approved.ko"] = "롱탄", ["forbidden.ko"] = "롱타인", ["approved.zh"] = "隆城", ["domain"] = "place",
        });
        Assert.Equal(HttpStatusCode.Found, added.StatusCode);
        var term = Assert.Single(await TermsAsync(app));
        Assert.Equal(("롱탄", "롱타인", "隆城"), (term.Ko, term.ForbiddenKo, term.Zh));

        var (listed, list) = await admin.GetAsync("/admin/terms?q=long%20thanh"); // found without diacritics
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.NotNull(list.QuerySelector($"#term-{term.Id}"));

        await SaveTermAsync(admin, $"/admin/terms?id={term.Id}", new Dictionary<string, string> { ["approved.ja"] = "ロンタイン" });
        Assert.Equal("ロンタイン", Assert.Single(await TermsAsync(app)).Ja);

        var (duplicate, refused) = await SaveTermAsync(admin, "/admin/terms", new Dictionary<string, string> { ["approved.vi"] = "Long Thành" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("Long Thành", refused.QuerySelector("#term-problems")!.TextContent, StringComparison.Ordinal);

        foreach (var (email, role, locale) in new[] { ("bien-tap@tinh.example", Role.Editor, ""), ("dich-ko@tinh.example", Role.Translator, "ko") })
        {
            var reader = await AdminClient.ForNewUserAsync(app, email, role, locale);
            var (read, page) = await reader.GetAsync("/admin/terms");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.NotNull(page.QuerySelector($"#term-{term.Id}"));
            Assert.Null(page.QuerySelector("form[action*='Save']"));
            var (_, own) = await reader.GetAsync("/admin/password"); // a valid antiforgery token of theirs: the refusal must be the policy's
            var token = own.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var forged = await reader.Http.PostAsync(new Uri("/admin/terms?handler=Delete", UriKind.Relative),
                new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("id", term.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
            // The admin's "access denied" answer to a cookie-signed page, and the term still there.
            Assert.True(forged.StatusCode == HttpStatusCode.Redirect && forged.Headers.Location!.OriginalString.Contains("/admin/denied", StringComparison.Ordinal), $"{forged.StatusCode} {forged.Headers.Location}");
            Assert.Single(await TermsAsync(app));
        }

        var (_, beforeDelete) = await admin.GetAsync("/admin/terms");
        var deleteToken = beforeDelete.QuerySelector("form[action*='Delete'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await admin.Http.PostAsync(new Uri("/admin/terms?handler=Delete", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", deleteToken), new("id", term.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        Assert.Empty(await TermsAsync(app));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_malformed_csv_import_is_refused_with_its_line_named_and_the_termbase_is_unchanged(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var admin = await AdministratorAsync(app);
        var (imported, _) = await ImportAsync(admin, Csv);
        Assert.Equal(HttpStatusCode.Found, imported.StatusCode);
        Assert.Equal("/admin/terms?added=2&updated=0", imported.Headers.Location?.OriginalString);
        var before = (await TermsAsync(app)).Select(t => (t.Vi, t.Ko, t.ForbiddenKo, t.Note)).ToList();
        Assert.Equal(2, before.Count);

        string[] malformed =
        [
            "domain,vi,kr\nplace,Đồng Nai,동나이\n",                                    // unknown column
            "domain,vi,ko\nplace,\"Đồng Nai,동나이\n",                                   // quote never closed
            "domain,vi,ko\nplace,Tân Triều,떤찌에우 changed\nplace,Biên Hòa\n",          // line 3 has too few fields: line 2 must not apply either
            "domain,vi,ko\nplace,Biên Hòa,비엔호아\nplace,Biên Hòa,비엔화\n",            // the same term twice
            "domain,en,ko\nplace,Biên Hòa,비엔호아\n",                                   // no Vietnamese column
            "domain,vi,ko,forbidden_ko\nplace,Tân Triều,떤찌에우,떤찌에우\n",            // approved and forbidden at once
        ];
        foreach (var csv in malformed)
        {
            var (response, page) = await ImportAsync(admin, csv);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problems = page.QuerySelector("#term-problems")!.TextContent;
            Assert.Contains("Dòng", problems, StringComparison.Ordinal); // the admin speaks Vietnamese by default and names the line
            Assert.Equal(before, (await TermsAsync(app)).Select(t => (t.Vi, t.Ko, t.ForbiddenKo, t.Note)).ToList());
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_translation_editor_marks_terms_in_the_vietnamese_with_the_approved_form_of_its_language(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        await ImportAsync(await AdministratorAsync(app), Csv);
        var translator = await AdminClient.ForNewUserAsync(app, "dich-ko@tinh.example", Role.Translator, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");

        var (_, page) = await translator.GetAsync($"/admin/content/ocop-products/{id}/ko/edit");
        var marks = page.QuerySelectorAll(".source-side mark.term").ToList();
        var village = Assert.Single(marks, m => m.GetAttribute("data-term") == "Tân Triều" && m.Closest(".field")!.QuerySelector("#f-title") is not null);
        Assert.Equal("떤찌에우", village.GetAttribute("title"));
        var river = Assert.Single(marks, m => m.GetAttribute("data-term") == "sông Đồng Nai");
        Assert.Equal("sông Đồng Nai", river.TextContent); // the Vietnamese as written, only marked
        Assert.Equal("동나이강", river.GetAttribute("title"));
        var listed = page.QuerySelector(".terms-in-source li[data-term='sông Đồng Nai']")!.TextContent;
        Assert.Contains("동나이강", listed, StringComparison.Ordinal);
        Assert.Contains("동나이주강", listed, StringComparison.Ordinal); // the forbidden variants are shown too

        var (_, japanese) = await (await AdminClient.ForNewUserAsync(app, "dich-ja@tinh.example", Role.Translator, "ja")).GetAsync($"/admin/content/ocop-products/{id}/ja/edit");
        Assert.Equal("ドンナイ川", japanese.QuerySelector(".source-side mark.term[data-term='sông Đồng Nai']")!.GetAttribute("title"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Saving_a_translation_with_a_forbidden_variant_saves_it_and_warns_with_the_term_and_its_approved_form(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        await ImportAsync(await AdministratorAsync(app), Csv);
        var translator = await AdminClient.ForNewUserAsync(app, "dich-ko@tinh.example", Role.Translator, "ko");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var (_, clean) = await translator.GetAsync($"/admin/content/ocop-products/{id}/{"ko"}");
        Assert.Null(clean.QuerySelector("#term-warnings"));

        var (saved, page) = await translator.SubmitAsync($"/admin/content/ocop-products/{id}/ko/edit", new Dictionary<string, string>
        {
            ["f.body"] = "동나이주강 유역에서 재배됩니다.",
            ["action"] = "draft",
        });
        Assert.Equal(HttpStatusCode.Found, saved.StatusCode); // saved: the warning does not stop it
        (_, page) = await translator.GetAsync(saved.Headers.Location!.OriginalString);
        var warning = page.QuerySelector("#term-warnings li[data-term='sông Đồng Nai']")!.TextContent;
        Assert.Contains("동나이주강", warning, StringComparison.Ordinal);
        Assert.Contains("동나이강", warning, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == "ko");
            Assert.Contains("동나이주강", stored.FieldsJson, StringComparison.Ordinal); // a warning, not a refusal
        }

        var (_, editor) = await translator.GetAsync($"/admin/content/ocop-products/{id}/ko/edit");
        Assert.NotNull(editor.QuerySelector("#term-warnings li[data-term='sông Đồng Nai']"));
        var (_, desk) = await translator.GetAsync("/admin/translations");
        Assert.Equal("1", desk.QuerySelector("#term-check summary")!.GetAttribute("data-count"));
        Assert.Contains("buoi-tan-trieu · ko", desk.QuerySelector("#term-check")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Xliff_2_exports_carry_each_units_terms_in_a_valid_glossary_and_1_2_has_the_termbase_as_tbx_beside_it(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        await ImportAsync(await AdministratorAsync(app), Csv);
        var translator = await AdminClient.ForNewUserAsync(app, "dich-ko@tinh.example", Role.Translator, "ko");

        var (_, page) = await translator.GetAsync("/admin/translations/xliff");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var export = await translator.Http.PostAsync(new Uri("/admin/translations/xliff?handler=Export", UriKind.Relative), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("type", "ocop-products"), new("version", "2.0"), new("locales", "ko")]));
        var xml = await export.Content.ReadAsStringAsync();
        Assert.Empty(XliffSchemas.Errors20(xml));
        XNamespace core = "urn:oasis:names:tc:xliff:document:2.0", gls = "urn:oasis:names:tc:xliff:glossary:2.0";
        var unit = XDocument.Parse(xml).Descendants(core + "unit").Single(u => (string?)u.Attribute("id") == "ocop-products:buoi-tan-trieu:body");
        var glossary = unit.Elements().First(); // module elements come before notes
        Assert.Equal(gls + "glossary", glossary.Name);
        var entries = glossary.Elements(gls + "glossEntry").ToDictionary(e => e.Element(gls + "term")!.Value, e => e.Element(gls + "translation")!.Value);
        Assert.Equal(new Dictionary<string, string> { ["Tân Triều"] = "떤찌에우", ["sông Đồng Nai"] = "동나이강" }, entries);
        var title = XDocument.Parse(xml).Descendants(core + "unit").Single(u => (string?)u.Attribute("id") == "ocop-products:buoi-tan-trieu:title");
        Assert.Equal("떤찌에우", title.Descendants(gls + "translation").Single().Value);
        Assert.Empty(XDocument.Parse(xml).Descendants(core + "unit").Single(u => (string?)u.Attribute("id") == "ocop-products:hat-dieu:title").Descendants(gls + "glossary"));

        Assert.Contains("/admin/terms?handler=Export&format=tbx&locale=ko", page.QuerySelector("#xliff-termbase")!.InnerHtml.Replace("&amp;", "&", StringComparison.Ordinal), StringComparison.Ordinal);
        var tbx = XDocument.Parse(await translator.Http.GetStringAsync(new Uri("/admin/terms?handler=Export&format=tbx&locale=ko", UriKind.Relative)));
        XNamespace tbxNs = "urn:iso:std:iso:30042:ed-2";
        var river = tbx.Descendants(tbxNs + "conceptEntry").Single(c => c.Descendants(tbxNs + "term").Any(t => t.Value == "sông Đồng Nai"));
        var korean = river.Elements(tbxNs + "langSec").Single(l => (string?)l.Attribute(XNamespace.Xml + "lang") == "ko");
        Assert.Equal(["동나이강", "동나이주강", "동나이 리버"], korean.Descendants(tbxNs + "term").Select(t => t.Value));
        Assert.DoesNotContain(river.Elements(tbxNs + "langSec"), l => (string?)l.Attribute(XNamespace.Xml + "lang") == "ja"); // only vi and the target
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task All_published_sample_content_passes_the_sample_termbase_check_in_every_language(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        await using var scope = app.Services.CreateAsyncScope();
        var termbase = scope.ServiceProvider.GetRequiredService<Termbase>();
        var matcher = await termbase.MatcherAsync();
        Assert.True(matcher.Terms.Count >= 50, $"The sample termbase has {matcher.Terms.Count} terms.");
        Assert.Contains(matcher.Terms, t => t.Vi == "Long Thành" && t.Ko == "롱탄" && t.Forbidden("ko").Contains("롱타인"));

        var findings = await termbase.FindingsAsync(publishedOnly: true);
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.Type}/{f.Key} {f.Locale}: " + string.Join(", ", f.Hits.Select(h => $"{h.Variant} (use {h.Approved})")))));
        var published = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.CountAsync(l => l.PublishedRevisionId != null && l.Locale != Locales.Source);
        Assert.True(published > 200, $"only {published} published translations were checked");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Every_sample_item_is_published_and_up_to_date_in_every_language_its_plan_names(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var items = await db.Items.AsNoTracking().Include(i => i.Localizations).Where(i => i.DeletedAt == null).ToListAsync();
        var series = items.Where(i => i.Type == "publications").ToDictionary(i => i.Key, i => i.PlannedLocales);
        var gaps = new List<string>();
        foreach (var item in items)
        {
            var seriesKey = LanguagePlans.SeriesOf(item.Type, item.Key, ContentJson.Parse(item.SharedJson));
            var plan = LanguagePlans.Effective(item.PlannedLocales, seriesKey is null ? null : series.GetValueOrDefault(seriesKey));
            var source = item.Localizations.Single(l => l.Locale == Locales.Source);
            foreach (var locale in plan)
            {
                var version = item.Localizations.FirstOrDefault(l => l.Locale == locale);
                if (version?.PublishedRevisionId is null)
                {
                    gaps.Add($"{item.Type}/{item.Key}: {locale} is {(version is null ? "missing" : "not published")}");
                }
                else if (Translations.IsOutdated(locale, version.SourceHash, source.ContentHash))
                {
                    gaps.Add($"{item.Type}/{item.Key}: {locale} is outdated");
                }
            }
        }

        Assert.True(gaps.Count == 0, string.Join("\n", gaps));
    }
}
