using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>A short link the officer cannot have is refused at /admin/links in the staff's language, saying which choice is wrong, and the links already made stay.</summary>
public sealed class LinkRefusalTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Each_wrong_choice_is_refused_in_Vietnamese_with_its_reason_and_no_link_is_made_or_lost(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "promo@dongnai.example", Role.Editor);
        Dictionary<string, string> Form(string campaign = "Hội chợ OCOP, Tokyo, 2027", string channel = "qr", string locale = "ja", string key = "buoi-tan-trieu") =>
            new() { ["type"] = "ocop-products", ["key"] = key, ["locale"] = locale, ["campaign"] = campaign, ["channel"] = channel };

        var (made, _) = await editor.SubmitAsync("/admin/links", Form());
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);

        foreach (var (form, vietnamese) in new[]
        {
            (Form(campaign: "   "), "Vui lòng nhập tên chiến dịch của liên kết, tối đa 200 ký tự."),
            (Form(campaign: new string('x', 201)), "Vui lòng nhập tên chiến dịch của liên kết, tối đa 200 ký tự."),
            (Form(channel: "fax"), "“fax” không phải là kênh của liên kết rút gọn (qr, print, social, email, kit)."),
            (Form(locale: "fr"), "“fr” không phải là ngôn ngữ của trang (vi, en, ko, ja, zh)."),
            (Form(key: "khong-co-muc-nay"), "Không có mục nào thuộc loại này với mã “khong-co-muc-nay”."),
        })
        {
            var (refused, page) = await editor.SubmitAsync("/admin/links", form);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(vietnamese, page.QuerySelector("main p.error[role=alert]")!.TextContent.Trim());
        }

        await using var scope = app.Services.CreateAsyncScope();
        var link = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().ShortLinks.Where(l => l.CreatedBy != "site").SingleAsync();
        Assert.Equal(("ja", "Hội chợ OCOP, Tokyo, 2027", "qr"), (link.Locale, link.Campaign, link.Channel));
    }
}
