using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Agencies;

/// <summary>How to reach the agency behind an item, in one language (for one-pagers, contact boxes, the API).</summary>
public sealed record AgencyContact(string Key, string Name, string NameVi, string? Address, string? Phone, string? Email, string? Website);

/// <summary>
/// "Which agency owns this item, and how is it reached?" for the public side (which never opens the
/// database itself): by item id, or by type and series for an item not stored yet. Null when no agency owns it.
/// </summary>
public interface IAgencyContacts
{
    Task<AgencyContact?> ForItemAsync(long itemId, string locale, CancellationToken ct = default);

    Task<AgencyContact?> ForTypeAsync(string type, string? series, string locale, CancellationToken ct = default);
}

internal sealed class AgencyContacts(IServiceScopeFactory scopes) : IAgencyContacts
{
    public async Task<AgencyContact?> ForItemAsync(long itemId, string locale, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var owners = await scope.ServiceProvider.GetRequiredService<AgencyDirectory>().OwnersOfAsync(itemId, ct);
        return owners.Count == 0 ? null : Of(owners[0], locale);
    }

    public async Task<AgencyContact?> ForTypeAsync(string type, string? series, string locale, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<AgencyDirectory>();
        var owners = (await directory.RulesAsync(ct)).OwnersOf(directory.Type(type), series);
        return owners.Count == 0 ? null : Of(owners[0], locale);
    }

    /// <summary>The first owner (most specific rule; co-owners are rare and the first is the lead).</summary>
    public static AgencyContact Of(Agency agency, string locale) =>
        new(agency.Key, agency.NameIn(Locales.IsSupported(locale) ? locale : Locales.Source), agency.NameVi, agency.Address, agency.Phone, agency.Email, agency.Website);
}
