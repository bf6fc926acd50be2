using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Localization;

/// <summary>
/// UI strings from locales/{vi,en,ko,ja,zh}.json: one flat object of key → text per language,
/// loaded once. A key missing in a language falls back along the same chain as content, so a page
/// never shows a raw key; a test fails the build when any language lacks a key. The admin's strings
/// (keys "admin.…") live beside them in locales/admin/{area}.{locale}.json, one file per area so
/// that features add their own; Vietnamese and English are complete there (a test checks it), the
/// other languages fall back to English. A public feature may likewise keep its strings in
/// locales/site/{area}.{locale}.json; those must exist in all five languages like the main file.
/// </summary>
public sealed class UiStrings
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLocale;
    private readonly FallbackChains _fallbacks;

    public UiStrings(string folder, FallbackChains fallbacks)
    {
        _fallbacks = fallbacks;
        var byLocale = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var locale in Locales.All)
        {
            var strings = Public(folder, locale);
            foreach (var area in AdminFiles(folder, locale))
            {
                foreach (var (key, value) in Read(area))
                {
                    if (!strings.TryAdd(key, value))
                    {
                        throw new InvalidOperationException($"{area}: the key \"{key}\" is defined twice.");
                    }
                }
            }

            byLocale[locale] = strings.ToFrozenDictionary(StringComparer.Ordinal);
        }

        _byLocale = byLocale.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> For(string locale) => _byLocale[locale];

    /// <summary>
    /// The public strings of one language: locales/{locale}.json and every locales/site/*.{locale}.json.
    /// A key defined twice is an error, so two features cannot silently overwrite each other.
    /// </summary>
    public static Dictionary<string, string> Public(string folder, string locale)
    {
        var strings = Read(Path.Combine(folder, locale + ".json"));
        foreach (var area in AreaFiles(folder, "site", locale))
        {
            foreach (var (key, value) in Read(area))
            {
                if (!strings.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"{area}: the key \"{key}\" is defined twice.");
                }
            }
        }

        return strings;
    }

    /// <summary>locales/admin/*.{locale}.json, in a stable order.</summary>
    public static IEnumerable<string> AdminFiles(string folder, string locale) => AreaFiles(folder, "admin", locale);

    private static IEnumerable<string> AreaFiles(string folder, string area, string locale) =>
        Directory.Exists(Path.Combine(folder, area))
            ? Directory.GetFiles(Path.Combine(folder, area), "*." + locale + ".json").Order(StringComparer.Ordinal)
            : [];

    private static Dictionary<string, string> Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [] : [];

    public string? Find(string locale, string key)
    {
        foreach (var candidate in _fallbacks.For(locale))
        {
            if (_byLocale[candidate].TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The product locale for a UI culture (zh-Hans → zh).</summary>
    public static string LocaleOf(CultureInfo culture)
    {
        for (var c = culture; c != CultureInfo.InvariantCulture; c = c.Parent)
        {
            var name = c.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh" : c.Name;
            if (Locales.IsSupported(name))
            {
                return name;
            }
        }

        return Locales.Source;
    }
}

public sealed class JsonStringLocalizerFactory(UiStrings strings) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new JsonStringLocalizer(strings);

    public IStringLocalizer Create(string baseName, string location) => new JsonStringLocalizer(strings);
}

public sealed class JsonStringLocalizer(UiStrings strings) : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var value = strings.Find(UiStrings.LocaleOf(CultureInfo.CurrentUICulture), name);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        strings.For(UiStrings.LocaleOf(CultureInfo.CurrentUICulture)).Select(p => new LocalizedString(p.Key, p.Value));
}
