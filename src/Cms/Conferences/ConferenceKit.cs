using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Conferences;

/// <summary>One link of a conference's QR kit: what it leads to, in which language, and its code.</summary>
public sealed record KitLink(long ItemId, string Type, string Key, string Locale, string Code, DateTime CreatedAt);

/// <summary>A conference as its kit sees it: its campaign, languages and the items handed out there.</summary>
public sealed record KitPlan(long ItemId, string Key, string Campaign, IReadOnlyList<string> Locales, IReadOnlyList<(long Id, string Type, string Key)> Targets);

/// <summary>
/// A conference's QR kit (issue #21): one short link per language of the conference for its own page
/// and for every material handed out there, all under the conference's campaign, so each scan and
/// the visit that follows count for it. Making the kit again adds only what is missing (a material or
/// a language added since), never a second link for the same thing: printed codes stay the ones printed.
/// </summary>
public sealed class ConferenceKit(CmsDbContext db, ShortLinkService links, ContentTypeRegistry types)
{
    /// <summary>The channel of every kit link: they are printed as QR codes on the conference's materials.</summary>
    public const string Channel = "qr";

    /// <summary>What the kit of a conference covers, or null when the item is not a live conference.</summary>
    public async Task<KitPlan?> PlanAsync(long itemId, CancellationToken ct = default)
    {
        var type = types.Get(Conference.Key);
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.Type == type.Name && i.DeletedAt == null, ct);
        if (item is null)
        {
            return null;
        }

        var shared = ContentJson.Parse(item.SharedJson);
        var campaign = shared[type.CampaignField!.Name] is JsonValue value ? value.GetValue<string>() : "";
        var spoken = shared["spokenLanguages"] is JsonArray languages
            ? languages.Select(l => l?.GetValue<string>()).OfType<string>().Where(Content.Locales.IsSupported).ToList()
            : [];
        if (spoken.Count == 0)
        {
            spoken = [Content.Locales.Source];
        }

        var targets = new List<(long, string, string)> { (item.Id, item.Type, item.Key) };
        foreach (var field in type.HandoutFields)
        {
            var keys = shared[field.Name] is JsonArray array ? array.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : [];
            var found = await db.Items.AsNoTracking().Where(i => i.Type == field.RefType && keys.Contains(i.Key) && i.DeletedAt == null)
                .Select(i => new { i.Id, i.Type, i.Key }).ToListAsync(ct);
            foreach (var key in keys)
            {
                if (found.FirstOrDefault(f => f.Key == key) is { } material && !targets.Any(t => t.Item1 == material.Id))
                {
                    targets.Add((material.Id, material.Type, material.Key));
                }
            }
        }

        return new KitPlan(item.Id, item.Key, campaign, spoken, targets);
    }

    /// <summary>
    /// Makes the links the kit lacks; returns how many were made, or why it stopped (coded for the admin's language):
    /// kitNoConference, kitNoCampaign, or a short link's own refusal.
    /// </summary>
    public async Task<(int Made, FieldError? Problem)> MakeAsync(long itemId, string author, CancellationToken ct = default)
    {
        if (await PlanAsync(itemId, ct) is not { } plan)
        {
            return (0, FieldError.Coded("", "kitNoConference", "There is no such conference."));
        }

        if (plan.Campaign.Length == 0)
        {
            return (0, FieldError.Coded("campaign", "kitNoCampaign", "The conference has no campaign yet; enter its campaign name in the conference's content before making its QR kit."));
        }

        var existing = await ExistingAsync(plan, ct);
        var made = 0;
        foreach (var (id, _, _) in plan.Targets)
        {
            foreach (var locale in plan.Locales)
            {
                if (existing.Any(l => l.ItemId == id && l.Locale == locale))
                {
                    continue;
                }

                var (link, problem) = await links.CreateAsync(id, locale, plan.Campaign, Channel, author, ct);
                if (link is null)
                {
                    return (made, problem);
                }

                made++;
            }
        }

        return (made, null);
    }

    /// <summary>The kit as it is: its links in the order of the plan (the conference first, then each material), language by language.</summary>
    public async Task<IReadOnlyList<KitLink>> LinksAsync(KitPlan plan, CancellationToken ct = default)
    {
        var existing = await ExistingAsync(plan, ct);
        var kit = new List<KitLink>();
        foreach (var (id, type, key) in plan.Targets)
        {
            foreach (var locale in plan.Locales)
            {
                if (existing.FirstOrDefault(l => l.ItemId == id && l.Locale == locale) is { } link)
                {
                    kit.Add(new KitLink(id, type, key, locale, link.Code, link.CreatedAt));
                }
            }
        }

        return kit;
    }

    // The site's own links (share panel, one-pagers) are not the kit's, even if an officer named the same campaign.
    private Task<List<ShortLink>> ExistingAsync(KitPlan plan, CancellationToken ct)
    {
        var ids = plan.Targets.Select(t => t.Id).ToList();
        return db.ShortLinks.AsNoTracking()
            .Where(l => l.Campaign == plan.Campaign && l.Channel == Channel && l.CreatedBy != ShortLinkService.SiteAuthor && ids.Contains(l.ItemId))
            .OrderBy(l => l.Id).ToListAsync(ct);
    }
}
