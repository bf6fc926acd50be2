using System.Net;
using AngleSharp.Html.Dom;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Tests.Site;

/// <summary>Issue 16, findings 1 and 2: every URL a list page prints comes from its route and known parameters.</summary>
public sealed class UrlPolicyTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    private const string Base = SampleSiteFixture.BaseUrl;

    [Fact]
    public async Task A_visit_with_fbclid_does_not_poison_the_cached_home_page()
    {
        var (first, poisoned) = await site.GetPageAsync("/ko/?fbclid=X");
        var (second, clean) = await site.GetPageAsync("/ko/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        foreach (var document in new[] { poisoned, clean })
        {
            Assert.Equal($"{Base}/ko/", Canonical(document));
            Assert.Equal($"{Base}/ko/", document.QuerySelector("meta[property='og:url']")?.GetAttribute("content"));
            Assert.All(document.QuerySelectorAll("link[rel=alternate][hreflang]"), l => Assert.DoesNotContain("?", l.GetAttribute("href"), StringComparison.Ordinal));
            Assert.All(document.QuerySelectorAll(".languages a"), a => Assert.DoesNotContain("fbclid", a.GetAttribute("href"), StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("/en/ocop/?stars=5&utm_source=mail&gclid=Z", "/en/ocop/?stars=5")]
    [InlineData("/ja/news/?page=2&fbclid=Q&utm_campaign=spring", "/ja/news/?page=2")]
    public async Task Tracking_parameters_are_dropped_from_the_language_switcher_and_pager(string path, string expectedSwitcherLink)
    {
        var (_, document) = await site.GetPageAsync(path);
        var locale = path.Split('/')[1];

        Assert.Equal(expectedSwitcherLink, document.QuerySelector($".languages a[hreflang='{Locales.HtmlLang(locale)}']")?.GetAttribute("href"));
        Assert.All(document.QuerySelectorAll("a[href]").Cast<IHtmlAnchorElement>(), a =>
        {
            var href = a.GetAttribute("href")!;
            Assert.DoesNotContain("utm_", href, StringComparison.Ordinal);
            Assert.DoesNotContain("clid", href, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("/ko/news/?page=99")]
    [InlineData("/en/news/?page=0")]
    [InlineData("/ja/ocop/?page=abc")]
    [InlineData("/zh/ocop/?stars=9")]
    [InlineData("/vi/ocop/?category=no-such-category")]
    [InlineData("/en/investment/?sector=x")]
    [InlineData("/ko/investment/?locality=Atlantis")]
    [InlineData("/en/search?q=dong&page=-1")]
    public async Task An_out_of_range_page_or_invalid_filter_is_a_404_in_the_visitors_language(string path)
    {
        var (response, document) = await site.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Locales.HtmlLang(path.Split('/')[1]), document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("noindex", document.QuerySelector("meta[name=robots]")?.GetAttribute("content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_page_of_a_list_is_self_canonical_and_says_its_number_in_title_and_description()
    {
        var (response, second) = await site.GetPageAsync("/en/news/?page=2");
        var (_, first) = await site.GetPageAsync("/en/news/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Base}/en/news/?page=2", Canonical(second));
        Assert.Equal($"{Base}/ko/news/?page=2", second.QuerySelector("link[hreflang=ko]")?.GetAttribute("href"));
        Assert.Null(second.QuerySelector("meta[name=robots]"));
        Assert.Contains("page 2", second.Title, StringComparison.Ordinal);
        Assert.Contains("Page 2", second.QuerySelector("meta[name=description]")?.GetAttribute("content"), StringComparison.Ordinal);
        Assert.NotEqual(first.Title, second.Title);
        Assert.NotEqual(first.QuerySelector("meta[name=description]")?.GetAttribute("content"), second.QuerySelector("meta[name=description]")?.GetAttribute("content"));
    }

    [Theory]
    [InlineData("/en/news/?page=1")]
    [InlineData("/en/news/?page=1&utm_source=x")]
    public async Task Page_one_in_the_query_is_the_plain_list_and_says_so_in_its_canonical(string path)
    {
        var (response, document) = await site.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Base}/en/news/", Canonical(document));
    }

    [Fact]
    public async Task A_filtered_list_is_noindex_follow_with_its_canonical_on_the_plain_list_and_names_the_filter()
    {
        var (response, document) = await site.GetPageAsync("/ko/ocop/?stars=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("noindex, follow", document.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        Assert.Equal($"{Base}/ko/ocop/", Canonical(document));
        Assert.Contains("5성", document.Title, StringComparison.Ordinal);
        Assert.Equal("/en/ocop/?stars=5", document.QuerySelector(".languages a[hreflang=en]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Empty_filter_values_from_the_form_are_the_plain_list()
    {
        var (response, document) = await site.GetPageAsync("/vi/ocop/?stars=&category=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Base}/vi/ocop/", Canonical(document));
        Assert.Null(document.QuerySelector("meta[name=robots]"));
    }

    private static string? Canonical(IHtmlDocument document) => document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");
}
