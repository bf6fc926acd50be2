using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Admin;

/// <summary>
/// The admin speaks Vietnamese to the province's staff unless they choose English: before sign-in
/// it follows the browser and offers a switch; afterwards each user's own choice, with times in
/// their own time zone.
/// </summary>
public sealed class AdminLanguageTests
{
    private static Dictionary<string, string> Fields(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Theory]
    [InlineData("en-US,en;q=0.9", "en", "Sign in")]
    [InlineData("ko-KR,ko;q=0.9,vi;q=0.8,en;q=0.5", "vi", "Đăng nhập")] // the first of the two the admin speaks
    [InlineData("fr-FR", "vi", "Đăng nhập")] // neither: the staff's language
    [InlineData("", "vi", "Đăng nhập")]
    public async Task The_sign_in_page_follows_the_browsers_accept_language_between_vietnamese_and_english(string acceptLanguage, string lang, string title)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var browser = new AdminClient(app);
        if (acceptLanguage.Length > 0)
        {
            browser.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        var (response, page) = await browser.GetAsync("/admin/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(title, page.QuerySelector("main h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_switch_on_the_sign_in_page_wins_over_the_browser_and_keeps_where_sign_in_leads()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var browser = new AdminClient(app);
        browser.Http.DefaultRequestHeaders.Add("Accept-Language", "vi-VN,vi");
        var (_, page) = await browser.GetAsync("/admin/sign-in?returnUrl=%2Fadmin%2Ftranslations");
        var toEnglish = page.QuerySelector("nav.language-switch a[hreflang=en]")!.GetAttribute("href")!;
        Assert.Contains("lang=en", toEnglish, StringComparison.Ordinal);
        Assert.Contains("returnUrl=%2Fadmin%2Ftranslations", toEnglish, StringComparison.Ordinal);

        var (_, english) = await browser.GetAsync(toEnglish);
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("/admin/translations", english.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        var (_, again) = await browser.GetAsync("/admin/sign-in"); // remembered, though the browser still asks for Vietnamese
        Assert.Equal("Sign in", again.QuerySelector("main h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_user_who_chooses_english_and_tokyo_reads_the_whole_admin_so_whatever_the_browser_asks()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "en.editor@dongnai.example", Role.Editor);
        editor.Http.DefaultRequestHeaders.Add("Accept-Language", "vi");
        var (_, before) = await editor.GetAsync("/admin");
        Assert.Equal("vi", before.DocumentElement.GetAttribute("lang")); // Vietnamese by default
        Assert.Equal("Tổng quan", before.QuerySelector("main h1")!.TextContent.Trim());

        var (saved, _) = await editor.SubmitAsync("/admin/password", Fields(("language", "en"), ("timeZone", "Asia/Tokyo")), form: 1);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var (_, after) = await editor.GetAsync("/admin");
        Assert.Equal("en", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Dashboard", after.QuerySelector("main h1")!.TextContent.Trim());
        var (_, list) = await editor.GetAsync("/admin/content/ocop-products");
        Assert.Equal("New OCOP product", list.QuerySelector("[data-testid=new-item]")!.TextContent.Trim()); // the type's own name, not "New ocop product"
        Assert.Equal("OCOP products", list.QuerySelector("main h1")!.TextContent.Trim());

        // Times in the user's zone, written the English way; the machine-readable time stays UTC.
        var stamp = list.QuerySelector("tbody tr time")!;
        var utc = DateTime.Parse(stamp.GetAttribute("datetime")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var tokyo = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.Equal(tokyo.ToString("g", CultureInfo.GetCultureInfo("en-GB")), stamp.TextContent);
        Assert.Contains("Asia/Tokyo", list.QuerySelector("p.hint")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", list.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal("en", await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "en.editor@dongnai.example").Select(u => u.AdminLanguage).SingleAsync());
    }

    [Fact]
    public async Task A_language_the_admin_does_not_speak_is_refused_and_nothing_changes()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "ko.editor@dongnai.example", Role.Editor);
        var (refused, _) = await editor.SubmitAsync("/admin/password", Fields(("language", "ko"), ("timeZone", "Asia/Seoul")), form: 1);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var (_, page) = await editor.GetAsync("/admin");
        Assert.Equal("vi", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Vietnamese_staff_see_states_and_enquiry_statuses_in_words_and_the_admin_has_its_icon()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "vi.editor@dongnai.example", Role.Editor);

        var (_, list) = await editor.GetAsync("/admin/content/ocop-products");
        Assert.Equal("Thêm sản phẩm OCOP", list.QuerySelector("[data-testid=new-item]")!.TextContent.Trim());
        var (_, enquiries) = await editor.GetAsync("/admin/enquiries");
        var statuses = enquiries.QuerySelectorAll("nav.periods a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("Đang xử lý", statuses);
        Assert.DoesNotContain("InProgress", statuses);

        var icon = enquiries.QuerySelector("link[rel=icon]")!.GetAttribute("href")!;
        var response = await editor.Http.GetAsync(new Uri(icon, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // no favicon 404 on admin pages
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }
}
