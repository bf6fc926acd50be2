using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Agencies;

/// <summary>An agency as edited: its names, contact and what it owns.</summary>
public sealed record AgencyInput(
    string? Key,
    string? NameVi,
    string? NameEn,
    string? NameKo,
    string? NameJa,
    string? NameZh,
    string? Address,
    string? Phone,
    string? Email,
    string? Website,
    IReadOnlyList<string> Sections,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> Series);

/// <summary>
/// Something wrong in an <see cref="AgencyInput"/>: <see cref="Code"/> names it for the admin's strings
/// ("admin.agencies.error.{code}", {0} is <see cref="Value"/>), <see cref="Message"/> says it in English for
/// the import and the logs.
/// </summary>
public sealed record AgencyProblem(string Code, string Value, string Message);

/// <summary>Everything that decides ownership, read once per request: the agencies and their rules.</summary>
public sealed record AgencyRules(IReadOnlyList<Agency> Agencies)
{
    public bool Any => Agencies.Any(a => a.Owns.Count > 0);

    /// <summary>
    /// The agencies that own an item of <paramref name="type"/> (in <paramref name="series"/> when it is a
    /// series or an issue): those of the most specific rule that matches (series, then type, then section);
    /// none when no rule does, and then no agency limits who changes it.
    /// </summary>
    public IReadOnlyList<Agency> OwnersOf(ContentTypeDefinition? type, string? series)
    {
        foreach (var (kind, value) in new[] { (OwnershipKinds.Series, series), (OwnershipKinds.Type, type?.Name), (OwnershipKinds.Section, type?.Section) })
        {
            if (value is null)
            {
                continue;
            }

            var owners = Agencies.Where(a => a.Owns.Any(o => o.Kind == kind && o.Value == value)).ToList();
            if (owners.Count > 0)
            {
                return owners;
            }
        }

        return [];
    }

    /// <summary>The owners of each series rule that bears on a type (only the series and their issues have any).</summary>
    public IEnumerable<Agency> SeriesOwnersFor(string type) =>
        type is Publication.Key or PublicationIssue.Key ? Agencies.Where(a => a.Owns.Any(o => o.Kind == OwnershipKinds.Series)) : [];
}

/// <summary>
/// The one answer to "which agency owns this item, and how is it reached", and the agencies' upkeep:
/// admin pages, the authorization handler, the audit log and one-pagers all ask here.
/// </summary>
public sealed class AgencyDirectory(CmsDbContext db, ContentTypeRegistry types, TimeProvider clock)
{
    private AgencyRules? _rules;
    private readonly Dictionary<long, IReadOnlyList<long>> _members = [];

    public ContentTypeDefinition? Type(string name) => types.Find(name);

    public async Task<AgencyRules> RulesAsync(CancellationToken ct = default) =>
        _rules ??= new AgencyRules(await db.Agencies.AsNoTracking().Include(a => a.Owns).OrderBy(a => a.NameVi).ToListAsync(ct));

    /// <summary>The agencies owning an item (by id), most specific rule first; empty when none does or the item does not exist.</summary>
    public async Task<IReadOnlyList<Agency>> OwnersOfAsync(long itemId, CancellationToken ct = default)
    {
        var item = await db.Items.AsNoTracking().Where(i => i.Id == itemId).Select(i => new { i.Type, i.Key, i.SharedJson }).FirstOrDefaultAsync(ct);
        return item is null ? [] : await OwnersOfAsync(item.Type, item.Key, ContentJson.Parse(item.SharedJson), ct);
    }

    /// <summary>The agencies owning an item of this type and key with these shared facts (an issue's series is one of them).</summary>
    public async Task<IReadOnlyList<Agency>> OwnersOfAsync(string type, string key, JsonObject shared, CancellationToken ct = default) =>
        (await RulesAsync(ct)).OwnersOf(types.Find(type), LanguagePlans.SeriesOf(type, key, shared));

    /// <summary>The agencies a member of staff works for.</summary>
    public async Task<IReadOnlyList<long>> AgenciesOfUserAsync(long userId, CancellationToken ct = default)
    {
        if (!_members.TryGetValue(userId, out var ids))
        {
            _members[userId] = ids = await db.AgencyMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.AgencyId).ToListAsync(ct);
        }

        return ids;
    }

    /// <summary>
    /// The scope a list asked for (the "agency" parameter), defaulting to the person's own agencies
    /// when they belong to any, else to everything; an unknown key shows everything rather than nothing.
    /// </summary>
    public async Task<AgencyFilterChoice> ScopeAsync(string? requested, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct = default)
    {
        var rules = await RulesAsync(ct);
        var mine = long.TryParse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId)
            ? await AgenciesOfUserAsync(userId, ct) : [];
        var scope = requested switch
        {
            AgencyScope.AllValue => AgencyScope.All,
            AgencyScope.None => new AgencyScope(AgencyScope.None, null, true),
            null or "" or AgencyScope.Mine when mine.Count > 0 => new AgencyScope(AgencyScope.Mine, mine.ToHashSet(), false),
            { } key when rules.Agencies.FirstOrDefault(a => a.Key == key) is { } one => new AgencyScope(one.Key, new HashSet<long> { one.Id }, false),
            _ => AgencyScope.All,
        };
        return new AgencyFilterChoice(scope, rules.Agencies, mine.Count > 0);
    }

    /// <summary>Who works for which agency, for the users page.</summary>
    public async Task<ILookup<long, long>> MembershipsAsync(CancellationToken ct = default) =>
        (await db.AgencyMembers.AsNoTracking().ToListAsync(ct)).ToLookup(m => m.UserId, m => m.AgencyId);

    /// <summary>The ids of agencies named by key, and the keys that name none (to be refused, not ignored).</summary>
    public async Task<(IReadOnlyList<long> Ids, IReadOnlyList<string> Unknown)> ResolveAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        var wanted = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Agencies.AsNoTracking().Where(a => wanted.Contains(a.Key)).Select(a => new { a.Id, a.Key }).ToListAsync(ct);
        return ([.. found.Select(f => f.Id)], [.. wanted.Where(k => found.All(f => f.Key != k))]);
    }

    /// <summary>Replaces the agencies a user works for; unknown ids are ignored (the form only offers existing ones).</summary>
    public async Task SetMembershipAsync(long userId, IEnumerable<long> agencyIds, CancellationToken ct = default)
    {
        var wanted = await db.Agencies.Where(a => agencyIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        var current = await db.AgencyMembers.Where(m => m.UserId == userId).ToListAsync(ct);
        db.AgencyMembers.RemoveRange(current.Where(m => !wanted.Contains(m.AgencyId)));
        db.AgencyMembers.AddRange(wanted.Where(id => current.All(m => m.AgencyId != id)).Select(id => new AgencyMember { UserId = userId, AgencyId = id }));
        _members.Remove(userId);
    }

    /// <summary>What is wrong with an agency before it is saved: a key and both required names, known sections, types and series, a well-formed contact.</summary>
    public async Task<IReadOnlyList<AgencyProblem>> CheckAsync(AgencyInput input, long? id, CancellationToken ct = default)
    {
        var problems = new List<AgencyProblem>();
        var key = input.Key?.Trim() ?? "";
        if (!Slugs.IsValid(key) || key.Length > AgencyTables.KeyLength)
        {
            problems.Add(new("key", key, $"'{key}' is not a valid agency key: use lowercase letters, digits and single hyphens (at most {AgencyTables.KeyLength})."));
        }
        else if (await db.Agencies.AnyAsync(a => a.Key == key && a.Id != id, ct))
        {
            problems.Add(new("keyTaken", key, $"Another agency already has the key '{key}'."));
        }

        if (string.IsNullOrWhiteSpace(input.NameVi))
        {
            problems.Add(new("nameVi", "", "An agency needs its Vietnamese name."));
        }

        if (string.IsNullOrWhiteSpace(input.NameEn))
        {
            problems.Add(new("nameEn", "", "An agency needs its English name."));
        }

        if (input.Email is { Length: > 0 } email && !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _))
        {
            problems.Add(new("email", email, $"'{email}' is not an e-mail address."));
        }

        if (input.Website is { Length: > 0 } site && !(Uri.TryCreate(site.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            problems.Add(new("website", site, $"'{site}' is not a web address (https://…)."));
        }

        foreach (var section in input.Sections.Where(s => !SiteSections.All.Contains(s)))
        {
            problems.Add(new("section", section, $"'{section}' is not a section; the sections are {string.Join(", ", SiteSections.All)}."));
        }

        foreach (var type in input.Types.Where(t => types.Find(t) is null))
        {
            problems.Add(new("type", type, $"'{type}' is not a content type; the types are {string.Join(", ", types.All.Select(t => t.Name))}."));
        }

        var series = await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key && i.DeletedAt == null).Select(i => i.Key).ToListAsync(ct);
        foreach (var unknown in input.Series.Where(s => !series.Contains(s)))
        {
            problems.Add(new("series", unknown, $"'{unknown}' is not a publication series; the series are {string.Join(", ", series)}."));
        }

        return problems;
    }

    /// <summary>Creates (id null) or updates an agency after <see cref="CheckAsync"/>; its ownership is replaced by the input's. The caller saves.</summary>
    public async Task<(Agency? Agency, IReadOnlyList<AgencyProblem> Problems)> SaveAsync(AgencyInput input, long? id, CancellationToken ct = default)
    {
        var problems = await CheckAsync(input, id, ct);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        Agency agency;
        if (id is { } existing)
        {
            agency = await db.Agencies.Include(a => a.Owns).FirstOrDefaultAsync(a => a.Id == existing, ct)
                ?? throw new KeyNotFoundException($"No agency {existing}.");
            agency.Key = input.Key!.Trim();
            agency.NameVi = input.NameVi!.Trim();
            agency.NameEn = input.NameEn!.Trim();
        }
        else
        {
            agency = new Agency { Key = input.Key!.Trim(), NameVi = input.NameVi!.Trim(), NameEn = input.NameEn!.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Agencies.Add(agency);
        }

        agency.NameKo = Trimmed(input.NameKo);
        agency.NameJa = Trimmed(input.NameJa);
        agency.NameZh = Trimmed(input.NameZh);
        agency.Address = Trimmed(input.Address);
        agency.Phone = Trimmed(input.Phone);
        agency.Email = Trimmed(input.Email);
        agency.Website = Trimmed(input.Website);
        var wanted = input.Sections.Distinct().Select(v => (OwnershipKinds.Section, v))
            .Concat(input.Types.Distinct().Select(v => (OwnershipKinds.Type, v)))
            .Concat(input.Series.Distinct().Select(v => (OwnershipKinds.Series, v)))
            .ToList();
        foreach (var gone in agency.Owns.Where(o => !wanted.Contains((o.Kind, o.Value))).ToList())
        {
            agency.Owns.Remove(gone);
            db.AgencyOwnerships.Remove(gone);
        }

        foreach (var (kind, value) in wanted.Where(w => !agency.Owns.Any(o => o.Kind == w.Item1 && o.Value == w.Item2)))
        {
            agency.Owns.Add(new AgencyOwnership { Kind = kind, Value = value });
        }

        _rules = null;
        return (agency, []);
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        _rules = null;
        return await db.Agencies.Where(a => a.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
