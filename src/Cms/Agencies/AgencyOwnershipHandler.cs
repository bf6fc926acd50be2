using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Agencies;

/// <summary>
/// The agency half of every item-and-language decision (edit, publish, shared facts, and so trash and
/// restore): beside <c>LanguageVersionHandler</c>, which decides by role, language and token scope, this
/// one only ever refuses. An editor or reviewer may change an item only when one of their agencies owns it
/// (or nobody does); translators, viewers and administrators are not its business. Registered per
/// request because it reads the rules and the person's agencies from the database, so a change of
/// membership counts from the next request, for the admin cookie and API tokens alike.
/// </summary>
public sealed class AgencyOwnershipHandler(AgencyDirectory directory) : AuthorizationHandler<OperationAuthorizationRequirement, LanguageVersion>
{
    /// <summary>The start of the failure reason: "agency:{owner keys}".</summary>
    public const string Reason = "agency";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, LanguageVersion resource)
    {
        var user = context.User;
        if (!Permissions.IsBoundToAgencies(user) || !long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return;
        }

        var rules = await directory.RulesAsync();
        if (!rules.Any)
        {
            return;
        }

        var mine = await directory.AgenciesOfUserAsync(userId);
        var refused = new List<Agency>();
        void Need(IReadOnlyList<Agency> owners)
        {
            if (owners.Count > 0 && !owners.Any(o => mine.Contains(o.Id)))
            {
                refused.AddRange(owners);
            }
        }

        if (resource.ItemId is { } itemId)
        {
            Need(await directory.OwnersOfAsync(itemId));
        }

        var definition = directory.Type(resource.Type);
        if (resource.ItemId is null || resource.Series is not null)
        {
            Need(rules.OwnersOf(definition, resource.Series));
        }

        if (resource.ItemId is null && resource.Series is null && !resource.IsNew)
        {
            // Any item of the type at all (a caller that names none): every series rule on it must be theirs too.
            foreach (var owner in rules.SeriesOwnersFor(resource.Type).Where(o => !mine.Contains(o.Id)))
            {
                refused.Add(owner);
            }
        }

        if (refused.Count > 0)
        {
            context.Fail(new AuthorizationFailureReason(this, Reason + ":" + string.Join(",", refused.Select(a => a.Key).Distinct())));
        }
    }
}
