using PromoSite.Cms.Content;
using PromoSite.Cms.Media;

namespace PromoSite.Cms.Admin;

/// <summary>
/// What the media picker of one field shows: the chosen asset with its alt text in the language
/// being edited, and the library to choose from. Issue PDFs pick among documents; every other
/// media field among images.
/// </summary>
internal sealed record MediaPickerModel(FieldDefinition Field, string InputName, string Value, string Locale, bool Editable, IReadOnlyList<MediaRow> Library)
{
    public bool WantsDocuments => Field.Name.Contains("pdf", StringComparison.OrdinalIgnoreCase);

    public MediaRow? Current => Library.FirstOrDefault(m => m.Key == Value);

    public IEnumerable<MediaRow> Choices => Library.Where(m => WantsDocuments ? m.Extension == "pdf" : m.IsImage);

    public string? AltIn(MediaRow asset) => asset.AltByLocale.GetValueOrDefault(Locale) is { Length: > 0 } alt && !string.IsNullOrWhiteSpace(alt) ? alt : null;

    public string Id => InputName.Replace('.', '-');

    public static string SearchText(MediaRow asset) =>
        string.Join(' ', [asset.Key, .. asset.TitleByLocale.Values, .. asset.AltByLocale.Values.OfType<string>(), .. asset.Tags, asset.Collection ?? ""]).ToLowerInvariant();

    public static IReadOnlyList<string> AllLocales => Locales.All;
}
