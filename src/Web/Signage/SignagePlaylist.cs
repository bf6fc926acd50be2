using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Media;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Sharing;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Signage;

/// <summary>What /signage/{code}/playlist.json answers: everything the page needs to play, and nothing private.</summary>
public sealed record Playlist(
    string Version,
    string Orientation,
    int SlideSeconds,
    int PollSeconds,
    IReadOnlyList<Slide> Slides);

/// <summary>One item in one language, as the screen shows it.</summary>
public sealed record Slide(
    string Locale,
    string Lang,
    string Kind,
    string Title,
    string? Summary,
    IReadOnlyList<SlideFact> Facts,
    SlidePicture? Picture,
    string Qr,
    string Link,
    string Scan);

public sealed record SlideFact(string Label, string Value);

public sealed record SlidePicture(string Src, int? Width, int? Height, string Alt);

public sealed class SignageOptions
{
    public const string Section = "Signage";

    /// <summary>How often a screen asks for its playlist (and says it is alive): changes show within this.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeats accepted per screen and address in a minute (one a minute is normal; reloads add a few).</summary>
    public int HeartbeatsPerMinute { get; set; } = 6;
}

/// <summary>
/// Builds a screen's playlist from its rules and chosen items, through <see cref="IContentDelivery"/>
/// only, so nothing unpublished (a draft, an embargoed statement) can reach a screen. A language an
/// item is not translated into is skipped for that item rather than shown in another language: a
/// Korean slide is Korean. Slides go round the items, each in a language after the other, so a
/// visitor who waits sees every language and no item repeats back to back.
/// </summary>
public sealed class SignagePlaylists(
    IContentDelivery delivery,
    MediaImages images,
    ShortLinkService links,
    ContentTypeRegistry types,
    UiStrings strings,
    IOptions<SignageOptions> options,
    TimeProvider clock)
{
    /// <summary>Never more slides than this, whatever the rules say (a round must end within the hour).</summary>
    public const int MaxSlides = 150;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(Playlist playlist) => JsonSerializer.SerializeToUtf8Bytes(playlist, Json);

    public async Task<Playlist> BuildAsync(Screen screen, string baseUrl, CancellationToken ct)
    {
        var ids = await ItemIdsAsync(screen, ct);
        var locales = screen.LocaleList.Where(Locales.IsSupported).ToList();
        var perItem = new List<List<Slide>>();
        foreach (var id in ids)
        {
            var slides = new List<Slide>();
            foreach (var locale in locales)
            {
                if (await delivery.GetByIdAsync(locale, id, ct) is { IsFallback: false, Path: not null } item
                    && await SlideAsync(screen, item, locale, baseUrl, ct) is { } slide)
                {
                    slides.Add(slide);
                }
            }

            if (slides.Count > 0)
            {
                perItem.Add(slides);
            }
        }

        var ordered = Interleave(perItem).Take(MaxSlides).ToList();
        var poll = (int)Math.Clamp(options.Value.PollInterval.TotalSeconds, 1, 3600);
        var draft = new Playlist("", screen.Orientation == ScreenOrientation.Portrait ? "portrait" : "landscape", screen.SlideSeconds, poll, ordered);
        // The version is the content's fingerprint: the same playlist is the same version on every node.
        var version = Convert.ToHexStringLower(SHA256.HashData(Serialize(draft)).AsSpan(0, 12));
        return draft with { Version = version };
    }

    /// <summary>
    /// Round r shows item i in language (i + r) mod n: every item in every language once per
    /// n rounds, and two slides in a row are in different languages.
    /// </summary>
    internal static IEnumerable<Slide> Interleave(IReadOnlyList<List<Slide>> perItem)
    {
        var rounds = perItem.Count == 0 ? 0 : perItem.Max(s => s.Count);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < perItem.Count; i++)
            {
                var slides = perItem[i];
                if (round < slides.Count)
                {
                    yield return slides[(i + round) % slides.Count];
                }
            }
        }
    }

    /// <summary>Chosen items first, then each rule's, each item once; chosen from the Vietnamese source, which every item has.</summary>
    private async Task<List<long>> ItemIdsAsync(Screen screen, CancellationToken ct)
    {
        var ids = new List<long>(screen.ChosenItemIds);
        var take = screen.ItemsPerRule;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var rule in screen.RuleList)
        {
            IEnumerable<DeliveredItem> found = rule switch
            {
                PlaylistRules.UpcomingEvents => await ListAsync(new ContentQuery(Locales.Source, Event.Key, From: today, Sort: "startDate", PageSize: take), ct),
                PlaylistRules.OcopProducts => await ListAsync(new ContentQuery(Locales.Source, OcopProduct.Key, Sort: "-stars", PageSize: take), ct),
                PlaylistRules.Investment => Alternate(
                    await ListAsync(new ContentQuery(Locales.Source, InvestmentProject.Key, Sort: "-published", PageSize: take), ct),
                    await ListAsync(new ContentQuery(Locales.Source, IndustrialPark.Key, Sort: "-published", PageSize: take), ct)).Take(take),
                PlaylistRules.Statements => await ListAsync(new ContentQuery(Locales.Source, Statement.Key, PageSize: take), ct),
                PlaylistRules.Issues => await ListAsync(new ContentQuery(Locales.Source, PublicationIssue.Key, PageSize: take), ct),
                _ => [],
            };
            ids.AddRange(found.Select(i => i.Id));
        }

        return [.. ids.Distinct()];
    }

    private async Task<IReadOnlyList<DeliveredItem>> ListAsync(ContentQuery query, CancellationToken ct) =>
        (await delivery.ListAsync(query, ct)).Items;

    private static IEnumerable<DeliveredItem> Alternate(IReadOnlyList<DeliveredItem> a, IReadOnlyList<DeliveredItem> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i < a.Count)
            {
                yield return a[i];
            }

            if (i < b.Count)
            {
                yield return b[i];
            }
        }
    }

    private async Task<Slide?> SlideAsync(Screen screen, DeliveredItem item, string locale, string baseUrl, CancellationToken ct)
    {
        if (types.Find(item.Type) is not { } type)
        {
            return null;
        }

        // The campaign's own permanent short link to this item in this language: the QR stays small
        // enough to scan from across a hall, and each scan counts for the screen in analytics.
        var link = await links.ForSiteAsync(item.Id, locale, screen.Campaign, "qr", ct);
        if (link is null)
        {
            return null;
        }

        var culture = LocalizationExtensions.CultureFor(locale);
        return new Slide(
            locale,
            Locales.HtmlLang(locale),
            Text(locale, type.SingularLabelKey),
            item.Title,
            Shorten(item.Summary ?? item.SeoDescription, 220),
            Facts(type, item, locale, culture),
            await PictureAsync(screen, type, item, locale, ct),
            $"/s/{link.Code}/qr.svg",
            ShortLinkService.DisplayUrl(baseUrl, link.Code),
            Text(locale, "signage.scan"));
    }

    /// <summary>The facts the type shows on its cards (stars, dates, place, area), at most four: a screen is read in passing.</summary>
    private List<SlideFact> Facts(ContentTypeDefinition type, DeliveredItem item, string locale, CultureInfo culture)
    {
        var facts = new List<SlideFact>();
        foreach (var field in type.CardFields)
        {
            if (facts.Count == 4 || item.Fields[field.Name] is not { } value)
            {
                continue;
            }

            string text;
            if (field.Stars)
            {
                text = new string('★', value.GetValue<int>());
            }
            else
            {
                text = field.Kind switch
                {
                    FieldKind.Enum => Text(locale, field.OptionKey(value.GetValue<string>())),
                    FieldKind.Integer => value.GetValue<int>().ToString(culture),
                    FieldKind.Decimal => value.GetValue<decimal>().ToString("#,0.##", culture),
                    FieldKind.Date => DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                        ? date.ToString("D", culture) : value.GetValue<string>(),
                    FieldKind.Text when field.PlaceName => strings.Find(locale, FieldDefinition.PlaceKey(value.GetValue<string>())) ?? value.GetValue<string>(),
                    FieldKind.Text => value.GetValue<string>(),
                    _ => "",
                };
                if (field.UnitKey is { } unit && text.Length > 0)
                {
                    text += " " + Text(locale, unit);
                }
            }

            if (text.Length > 0)
            {
                facts.Add(new SlideFact(Text(locale, field.LabelKey), Shorten(text, 80)!));
            }
        }

        return facts;
    }

    /// <summary>
    /// One derivative chosen for the screen, not a srcset: the service worker must know which file
    /// to keep for offline. The smallest WebP at least as wide as the picture's box (about 1056 px
    /// on a 1920×1080 screen, 1080 on a portrait one), else the original.
    /// </summary>
    private async Task<SlidePicture?> PictureAsync(Screen screen, ContentTypeDefinition type, DeliveredItem item, string locale, CancellationToken ct)
    {
        if (type.PictureField is not { } field || await images.GetAsync(locale, item.Fields[field.Name], ct) is not { IsImage: true } image)
        {
            return null;
        }

        var box = screen.Orientation == ScreenOrientation.Portrait ? 1080 : 1056;
        if (image.Renditions is { } set)
        {
            var chosen = set.WebP.FirstOrDefault(r => r.Width >= box) ?? set.WebP[^1];
            return new SlidePicture(chosen.Url, chosen.Width, chosen.Height, image.Alt);
        }

        return new SlidePicture(image.Url, image.Width, image.Height, image.Alt);
    }

    private string Text(string locale, string key) => strings.Find(locale, key) ?? key;

    private static string? Shorten(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
    }
}
