using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Screens;

namespace PromoSite.Cms.Areas.Admin.Pages.Screens;

/// <summary>A published item an administrator may put on a screen by hand, titled in Vietnamese.</summary>
public sealed record PickableItem(long Id, string Type, string Title, string Key);

/// <summary>
/// What the screen form shows: the values (as stored, or as typed when refused, so nothing typed is
/// lost) and the published items to pick from.
/// </summary>
public sealed class ScreenForm
{
    public string? Name { get; set; }

    public string? Place { get; set; }

    public string? Orientation { get; set; }

    public List<string> Locales { get; set; } = [];

    public string? SlideSeconds { get; set; }

    public List<string> Rules { get; set; } = [];

    public string? ItemsPerRule { get; set; }

    public List<long> ChosenItems { get; set; } = [];

    public IReadOnlyList<PickableItem> Choices { get; set; } = [];

    /// <summary>
    /// A new screen's starting values. Not property defaults: a form posted with every language
    /// unticked must bind as no language, not as the defaults.
    /// </summary>
    public static ScreenForm New() => new()
    {
        Orientation = nameof(ScreenOrientation.Landscape),
        Locales = [.. PromoSite.Cms.Content.Locales.All],
        SlideSeconds = ScreenSettings.DefaultSlideSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Rules = [.. PlaylistRules.All],
        ItemsPerRule = ScreenSettings.DefaultItemsPerRule.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static ScreenForm From(Screen screen) => new()
    {
        Name = screen.Name,
        Place = screen.Place,
        Orientation = screen.Orientation.ToString(),
        Locales = [.. screen.LocaleList],
        SlideSeconds = screen.SlideSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Rules = [.. screen.RuleList],
        ItemsPerRule = screen.ItemsPerRule.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ChosenItems = [.. screen.ChosenItemIds],
    };

    /// <summary>
    /// The input for <see cref="ScreenService"/>. A number that does not parse stays null, which the
    /// service refuses with its own message (the form keeps what was typed).
    /// </summary>
    public ScreenInput ToInput() => new(
        Name,
        Place,
        Orientation,
        [.. Locales.Where(l => !string.IsNullOrWhiteSpace(l))],
        int.TryParse(SlideSeconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null,
        [.. Rules.Where(r => !string.IsNullOrWhiteSpace(r))],
        int.TryParse(ItemsPerRule, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var perRule) ? perRule : null,
        ChosenItems);

    /// <summary>The published items of the types the rules draw from, in Vietnamese, grouped by type.</summary>
    public static async Task<IReadOnlyList<PickableItem>> ChoicesAsync(IContentDelivery delivery, CancellationToken ct)
    {
        var choices = new List<PickableItem>();
        foreach (var type in PlaylistRules.PickableTypes)
        {
            foreach (var item in await delivery.ListAllAsync(new ContentQuery(PromoSite.Cms.Content.Locales.Source, type), ct))
            {
                choices.Add(new PickableItem(item.Id, type, item.Title, item.Key));
            }
        }

        return choices;
    }
}
