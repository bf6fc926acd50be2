using System.Net;
using System.Text.Json;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Tests.Site;

/// <summary>A page shown in another language says which, in the reader's own words ("ベトナム語で表示", not "Tiếng Việtで表示").</summary>
public sealed class FallbackNoticeTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    [Theory]
    [InlineData("ja", "で表示しています", new[] { "ベトナム語", "英語" })]
    [InlineData("ko", "로 표시합니다", new[] { "베트남어", "영어" })]
    [InlineData("zh", "显示", new[] { "越南语", "英语" })]
    public async Task A_fallback_page_names_the_language_it_is_shown_in_in_the_readers_language(string locale, string phrase, string[] names)
    {
        var path = await FirstFallbackPathAsync(locale);
        var (response, document) = await site.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = document.QuerySelector("p.notice")!.TextContent;
        Assert.Contains(phrase, notice, StringComparison.Ordinal);
        Assert.Contains(names, name => notice.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain(Locales.All, l => notice.Contains(Locales.NativeName(l), StringComparison.Ordinal) && l != locale);
    }

    private async Task<string> FirstFallbackPathAsync(string locale)
    {
        foreach (var type in new ContentTypeRegistry().All.Where(t => t.PublicPath is not null && t.Name != PublicationIssue.Key))
        {
            var json = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri($"/api/v1/{locale}/{type.Name}?pageSize=100", UriKind.Relative))).RootElement;
            foreach (var item in json.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("isFallback").GetBoolean())
                {
                    return SampleSiteFixture.PathOf(item.GetProperty("url").GetString()!);
                }
            }
        }

        throw new InvalidOperationException($"The sample content has no {locale} fallback page to test.");
    }
}
