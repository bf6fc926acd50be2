namespace PromoSite.Cms.Agencies;

/// <summary>
/// Whose content a list shows: "mine" (the agencies the person works for: the default for those who
/// belong to any), "all", one agency by key, or "none" (owned by no agency). Lists, the dashboard and
/// the translation desk read it from the "agency" query parameter.
/// </summary>
public sealed record AgencyScope(string Value, IReadOnlySet<long>? Ids, bool Unowned)
{
    public const string Mine = "mine";
    public const string AllValue = "all";
    public const string None = "none";

    public static AgencyScope All { get; } = new(AllValue, null, false);

    public bool IsAll => Ids is null && !Unowned;

    /// <summary>Whether an item with these owners is in scope.</summary>
    public bool Includes(IReadOnlyList<Agency> owners) =>
        IsAll || (owners.Count == 0 ? Unowned : Ids is not null && owners.Any(o => Ids.Contains(o.Id)));
}

/// <summary>What a filter needs to offer the choice: the agencies and whether "mine" means anything for this person.</summary>
public sealed record AgencyFilterChoice(AgencyScope Selected, IReadOnlyList<Agency> Agencies, bool HasMine);
