using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Import;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>What an OCOP buyer needs: where to buy, as links under the title, offers in JSON-LD and fields in the API; and the messenger share button without third-party scripts.</summary>
public sealed class WhereToBuyTests
{
    private static ContentFolder Content()
    {
        var content = new ContentFolder();
        content.Write("ocop-products", "hat-dieu", "vi", """
            ---
            stars: 5
            category: food
            producer: Công ty Cổ phần Hà Mỵ
            shopUrl: https://shop.hamy.example.vn/hat-dieu
            marketplaceUrl: https://sanpham.dongnai.example.vn/ocop/hat-dieu
            shopPhone: "+84 271 000 000"
            title: Hạt điều rang muối
            summary: Hạt điều rang muối của Hà Mỵ.
            whereToBuy: Các điểm bán sản phẩm OCOP ở Đồng Nai.
            ---
            Hạt điều.
            """);
        content.Write("ocop-products", "hat-dieu", "ko", """
            ---
            title: 소금에 볶은 캐슈너트
            summary: 하미의 소금에 볶은 캐슈너트입니다.
            whereToBuy: 동나이의 OCOP 제품 판매점.
            ---
            캐슈너트.
            """);
        return content;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_ocop_product_shows_where_to_buy_under_its_title_as_offers_and_in_the_api(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();
        var list = await client.GetFromJsonAsync<JsonObject>("/api/v1/ko/ocop-products");
        var item = list!["items"]!.AsArray().Single()!;
        var full = await client.GetFromJsonAsync<JsonObject>($"/api/v1/ko/ocop-products/{(string?)item["slug"]}");
        var fields = full!["fields"]!;
        Assert.Equal("https://shop.hamy.example.vn/hat-dieu", (string?)fields["shopUrl"]);
        Assert.Equal("https://sanpham.dongnai.example.vn/ocop/hat-dieu", (string?)fields["marketplaceUrl"]);
        Assert.Equal("+84 271 000 000", (string?)fields["shopPhone"]);

        var html = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri((string)item["url"]!).PathAndQuery));
        var box = html.QuerySelector("article header + #where-to-buy")!; // right under the title, before pictures and facts
        Assert.Equal("구입처", box.QuerySelector("h2")!.TextContent);
        Assert.Equal("https://shop.hamy.example.vn/hat-dieu", box.QuerySelector("a[data-field=shopUrl]")!.GetAttribute("href"));
        Assert.Equal("https://sanpham.dongnai.example.vn/ocop/hat-dieu", box.QuerySelector("a[data-field=marketplaceUrl]")!.GetAttribute("href"));
        Assert.Equal("tel:+84271000000", box.QuerySelector("a[data-field=shopPhone]")!.GetAttribute("href"));
        Assert.Contains("동나이의 OCOP 제품 판매점", box.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(html.QuerySelectorAll(".facts dd"), d => d.TextContent.Contains("shop.hamy", StringComparison.Ordinal)); // not repeated among the facts

        var product = html.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonNode.Parse(s.TextContent)!).First(j => (string?)j["@type"] == "Product");
        var offers = product["offers"]!.AsArray();
        Assert.Equal(["https://shop.hamy.example.vn/hat-dieu", "https://sanpham.dongnai.example.vn/ocop/hat-dieu"], offers.Select(o => (string?)o!["url"]));
        Assert.Equal("Công ty Cổ phần Hà Mỵ", (string?)offers[0]!["seller"]!["name"]);

        // The messenger button: first-party script only, hidden until it can share or copy (JavaScript off: the short link is on the page).
        var share = html.QuerySelector(".share-native button[data-share-url]")!;
        Assert.True(share.HasAttribute("hidden"));
        Assert.StartsWith("https://dongnai.example/ko/", share.GetAttribute("data-share-url"), StringComparison.Ordinal);
        Assert.Contains("카카오톡", share.TextContent, StringComparison.Ordinal);
        Assert.All(html.QuerySelectorAll("script[src]"), s => Assert.StartsWith("/", s.GetAttribute("src"), StringComparison.Ordinal));
        Assert.Contains(html.QuerySelectorAll("script[src]"), s => s.GetAttribute("src")!.StartsWith("/share", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_shop_address_that_is_not_an_http_web_address_is_refused_and_nothing_is_imported(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        using var bad = new ContentFolder();
        bad.Write("ocop-products", "mat-ong", "vi", """
            ---
            category: food
            shopUrl: "javascript:alert(1)"
            shopPhone: "gọi cho chúng tôi"
            title: Mật ong
            summary: Mật ong rừng.
            ---
            """);
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(bad.Path);
        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.ToString().Contains("shopUrl", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.ToString().Contains("shopPhone", StringComparison.Ordinal));
        Assert.Null(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items, i => i.Key == "mat-ong"));
    }
}
