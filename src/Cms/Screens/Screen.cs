using System.Security.Cryptography;
using PromoSite.Cms.Content;
using PromoSite.Cms.Sharing;

namespace PromoSite.Cms.Screens;

public enum ScreenOrientation { Landscape, Portrait }

/// <summary>
/// An electronic billboard or a screen in a public office that shows /signage/{Code}: what it
/// plays (rules and chosen items, in its languages) and when it last said it was alive.
/// </summary>
public sealed class Screen
{
    public long Id { get; set; }

    /// <summary>
    /// The screen's address. Random and long enough not to be guessed or walked (60 bits): the page
    /// shows only published content, so knowing it reveals nothing, but the heartbeat it also opens
    /// must not be faked for screens one has never seen. Never reused; shown to administrators only.
    /// </summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Where it hangs ("Sảnh Trung tâm Hành chính công, tầng 1").</summary>
    public string? Place { get; set; }

    public ScreenOrientation Orientation { get; set; }

    /// <summary>The languages it rotates, comma-separated in the chosen order.</summary>
    public required string Locales { get; set; }

    public int SlideSeconds { get; set; } = ScreenSettings.DefaultSlideSeconds;

    /// <summary>The playlist rules (<see cref="PlaylistRules"/>), comma-separated.</summary>
    public required string Rules { get; set; }

    /// <summary>How many items each rule contributes at most.</summary>
    public int ItemsPerRule { get; set; } = ScreenSettings.DefaultItemsPerRule;

    /// <summary>Items chosen by hand (ids, comma-separated), shown first.</summary>
    public required string ChosenItems { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The last heartbeat; null until the screen has opened its page once.</summary>
    public DateTime? LastSeenAt { get; set; }

    /// <summary>The playlist version the screen said it was showing at its last heartbeat.</summary>
    public string? LastSeenVersion { get; set; }

    public IReadOnlyList<string> LocaleList => Split(Locales);

    public IReadOnlyList<string> RuleList => Split(Rules);

    public IReadOnlyList<long> ChosenItemIds => [.. Split(ChosenItems).Select(long.Parse)];

    /// <summary>
    /// The campaign its QR codes' short links count for in analytics. Made from the id, not the
    /// code: whoever scans sees the campaign in the address, and the code must stay unknown.
    /// </summary>
    public string Campaign => CampaignFor(Id);

    public static string CampaignFor(long id) => $"screen-{id}";

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>What a playlist is made of, besides the items chosen by hand.</summary>
public static class PlaylistRules
{
    public const string UpcomingEvents = "events";
    public const string OcopProducts = "ocop";
    public const string Investment = "investment";
    public const string Statements = "statements";
    public const string Issues = "issues";

    public static IReadOnlyList<string> All { get; } = [UpcomingEvents, OcopProducts, Investment, Statements, Issues];

    /// <summary>The types an administrator may pick items of: those the rules draw from.</summary>
    public static IReadOnlyList<string> PickableTypes { get; } =
        [Event.Key, OcopProduct.Key, InvestmentProject.Key, IndustrialPark.Key, Statement.Key, PublicationIssue.Key];
}

public static class ScreenSettings
{
    public const int MinSlideSeconds = 5;
    public const int MaxSlideSeconds = 300;
    public const int DefaultSlideSeconds = 12;
    public const int MaxItemsPerRule = 20;
    public const int DefaultItemsPerRule = 6;
    public const int MaxChosenItems = 40;
    public const int MaxNameLength = 120;
    public const int MaxPlaceLength = 200;
    public const int CodeLength = 12;

    public static string NewCode() => string.Create(CodeLength, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = char.ToLowerInvariant(ShortCodes.Alphabet[RandomNumberGenerator.GetInt32(ShortCodes.Alphabet.Length)]);
        }
    });

    /// <summary>A screen's settings in one line, for the audit log ("name=…; place=…; …").</summary>
    public static string Describe(Screen screen) => string.Join("; ",
        $"name={screen.Name}", $"place={screen.Place ?? ""}", $"orientation={screen.Orientation.ToString().ToLowerInvariant()}", $"languages={screen.Locales}",
        $"slideSeconds={screen.SlideSeconds}", $"rules={screen.Rules}", $"itemsPerRule={screen.ItemsPerRule}", $"items={screen.ChosenItems}");

    /// <summary>
    /// The management API's ETag of a screen: a hash of its settings. Heartbeats do not change it (a
    /// screen beating every minute must not make every edit stale), and it survives either database's
    /// rounding of times, which a timestamp would not.
    /// </summary>
    public static string ETag(Screen screen) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Describe(screen))))[..16] + "\"";

    /// <summary>A code as it may appear in an address: the alphabet of <see cref="NewCode"/>, nothing else reaches the database.</summary>
    public static bool IsWellFormedCode(string? code) =>
        code is { Length: CodeLength } && code.All(c => ShortCodes.Alphabet.Contains(char.ToUpperInvariant(c)) && !char.IsUpper(c));
}

/// <summary>A screen's settings as a form or an API sends them, before they are checked.</summary>
public sealed record ScreenInput(
    string? Name,
    string? Place,
    string? Orientation,
    IReadOnlyList<string> Locales,
    int? SlideSeconds,
    IReadOnlyList<string> Rules,
    int? ItemsPerRule,
    IReadOnlyList<long> ChosenItems);
