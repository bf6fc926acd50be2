namespace PromoSite.Cms.Content;

public static class Translations
{
    /// <summary>
    /// A translation is outdated when it records the Vietnamese fingerprint it was made from and the
    /// Vietnamese has changed since. The source itself, and translations that record nothing, never are.
    /// </summary>
    public static bool IsOutdated(string locale, string? translatedFrom, string? currentSource) =>
        locale != Locales.Source && translatedFrom is not null && translatedFrom != currentSource;
}
