using System.Collections.Frozen;

namespace PromoSite.Cms.Content;

/// <summary>
/// The five languages of the product. Vietnamese is the source; the others are translations.
/// Codes are the short ones used in URLs and storage; <see cref="HtmlLang"/> gives the BCP 47 tag
/// that decides glyphs in a browser (zh is always Simplified Chinese, "zh-Hans").
/// </summary>
public static class Locales
{
    public const string Source = "vi";

    public static readonly IReadOnlyList<string> All = ["vi", "en", "ko", "ja", "zh"];

    private static readonly FrozenSet<string> Supported = All.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> HtmlLangs = new Dictionary<string, string>
    {
        ["vi"] = "vi", ["en"] = "en", ["ko"] = "ko", ["ja"] = "ja", ["zh"] = "zh-Hans",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> OpenGraphLocales = new Dictionary<string, string>
    {
        ["vi"] = "vi_VN", ["en"] = "en_US", ["ko"] = "ko_KR", ["ja"] = "ja_JP", ["zh"] = "zh_CN",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> NativeNames = new Dictionary<string, string>
    {
        ["vi"] = "Tiếng Việt", ["en"] = "English", ["ko"] = "한국어", ["ja"] = "日本語", ["zh"] = "简体中文",
    }.ToFrozenDictionary();

    public static bool IsSupported(string? locale) => locale is not null && Supported.Contains(locale);

    public static string HtmlLang(string locale) => HtmlLangs[locale];

    public static string OpenGraphLocale(string locale) => OpenGraphLocales[locale];

    public static string NativeName(string locale) => NativeNames[locale];
}
