using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Tests.Site;

public sealed class ErrorPageTests
{
    /// <summary>The real delivery, except that one slug fails as a broken database would.</summary>
    private sealed class FailingDelivery(ContentDeliveryService inner) : IContentDelivery
    {
        public Task<ItemLookup> GetAsync(string locale, string type, string slug, CancellationToken ct = default) =>
            slug == "explode" ? throw new InvalidOperationException("secret detail: connection string Host=db;Password=hunter2") : inner.GetAsync(locale, type, slug, ct);

        public Task<ItemLookup> GetAsync(string locale, string type, string slug, string scope, CancellationToken ct = default) =>
            slug == "explode" ? throw new InvalidOperationException("secret detail: connection string Host=db;Password=hunter2") : inner.GetAsync(locale, type, slug, scope, ct);

        public Task<ContentPage> ListAsync(ContentQuery query, CancellationToken ct = default) => inner.ListAsync(query, ct);

        public Task<DeliveredItem?> GetByKeyAsync(string locale, string type, string key, CancellationToken ct = default) => inner.GetByKeyAsync(locale, type, key, ct);

        public Task<DeliveredItem?> GetByIdAsync(string locale, long id, CancellationToken ct = default) => inner.GetByIdAsync(locale, id, ct);


        public Task<long> GetContentVersionAsync(CancellationToken ct = default) => inner.GetContentVersionAsync(ct);
    }

    [Fact]
    public async Task A_failing_page_shows_a_localized_error_page_without_details_while_the_api_keeps_problem_details()
    {
        await using var started = await PromoSiteFactory.StartWithFixtureAsync();
        await using var app = started.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IContentDelivery>(sp => new FailingDelivery(sp.GetRequiredService<ContentDeliveryService>()))));
        var client = app.CreateClient();

        var page = await client.GetAsync(new Uri("/ko/heritage/explode", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(html);
        Assert.Equal("ko", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("문제가 발생했습니다", document.QuerySelector("main h1")!.TextContent);
        Assert.Equal("본문 바로가기", document.QuerySelector("a.skip")!.TextContent);
        Assert.NotNull(document.QuerySelector("main a[href='/ko/heritage/explode']"));
        Assert.DoesNotContain("hunter2", html, StringComparison.Ordinal);
        Assert.Contains("noindex", document.QuerySelector("meta[name=robots]")!.GetAttribute("content"), StringComparison.Ordinal);

        var api = await client.GetAsync(new Uri("/api/v1/ko/heritage-sites/explode", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/error", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_page_that_answers_an_empty_404_shows_the_localized_not_found_page_and_the_api_keeps_problem_details()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var client = app.CreateClient();
        var print = await client.GetAsync(new Uri("/vi/print/ocop/khong-co-san-pham-nay", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, print.StatusCode);
        var document = await new HtmlParser().ParseDocumentAsync(await print.Content.ReadAsStringAsync());
        Assert.Equal("vi", document.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(document.QuerySelector("main section.state h1"));
        Assert.NotNull(document.QuerySelector("main a[href='/vi/']"));

        var api = await client.GetAsync(new Uri("/api/v1/vi/ocop-products/khong-co", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
