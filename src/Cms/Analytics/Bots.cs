using System.Text.RegularExpressions;

namespace PromoSite.Cms.Analytics;

/// <summary>
/// Crawlers, link-preview fetchers, monitors and scripts, told apart by their user agent. Not a
/// defence against a determined faker; it keeps the honest robots, which are most of them, out of
/// the counts. A request with no user agent at all is a script.
/// </summary>
public static partial class Bots
{
    public static bool IsBot(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) || userAgent.Length < 10 || Pattern().IsMatch(userAgent);

    [GeneratedRegex(
        @"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|preview|headless|lighthouse|pagespeed|pingdom|uptime|monitor|statuscake|"
        + @"curl|wget|python|java/|go-http|okhttp|libwww|httpclient|axios|node-fetch|undici|scrapy|phantom|puppeteer|playwright|selenium|"
        + @"yandex|baidu|bytespider|petalsearch|semrush|ahrefs|mj12|dotbot|applebot|zalo.*link|kakaotalk-scrap|whatsapp|telegram|discord|skype|slack",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
