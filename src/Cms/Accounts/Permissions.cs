using System.Security.Claims;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// Every authorization rule in one place, used by the admin pages and the management API alike, so
/// a forged request is refused exactly as the interface would refuse it.
/// </summary>
internal static class Permissions
{
    public const string LocalesClaim = "promosite:locales";
    public const string StampClaim = "promosite:stamp";

    public static Role RoleOf(ClaimsPrincipal user) =>
        Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role) && user.Identity?.IsAuthenticated == true ? role : (Role)(-1);

    public static IReadOnlyList<string> LocalesOf(ClaimsPrincipal user) =>
        (user.FindFirstValue(LocalesClaim) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static bool CanRead(ClaimsPrincipal user) => RoleOf(user) >= Role.Viewer;

    /// <summary>Translators edit only their locales, never the source; editors and administrators edit everything.</summary>
    public static bool CanEdit(ClaimsPrincipal user, string locale) => RoleOf(user) switch
    {
        Role.Administrator or Role.Editor => true,
        Role.Translator or Role.Reviewer => locale != Locales.Source && LocalesOf(user).Contains(locale),
        _ => false,
    };

    /// <summary>Shared fields are facts of the item; only those who edit the source may change them.</summary>
    public static bool CanEditShared(ClaimsPrincipal user) => CanEdit(user, Locales.Source);

    public static bool CanPublish(ClaimsPrincipal user, string locale) => RoleOf(user) switch
    {
        Role.Administrator or Role.Editor => true,
        Role.Reviewer => LocalesOf(user).Contains(locale),
        _ => false,
    };

    public static bool CanCreate(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>Uploading files adds shared facts (the file itself), so it follows who may create items;
    /// translators still edit a media item's alt text and caption in their language through CanEdit.</summary>
    public static bool CanUploadMedia(ClaimsPrincipal user) => CanCreate(user);

    public static bool CanTrash(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    public static bool CanPurge(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    public static bool CanManageUsers(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    public static bool CanReadAudit(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    /// <summary>Enquiries carry personal data: only those who answer them (editors and administrators) read them.</summary>
    public static bool CanReadEnquiries(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>Webhooks send content to other systems and hold signing secrets: administrators only.</summary>
    public static bool CanManageWebhooks(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    /// <summary>Handing out translation work is the editors' job; translators see their own queue.</summary>
    public static bool CanAssignTranslations(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>Analytics hold no personal data, only counts, so every member of staff may read them.</summary>
    public static bool CanReadAnalytics(ClaimsPrincipal user) => RoleOf(user) >= Role.Viewer;

    /// <summary>
    /// The effectiveness report is the province's account of the work, with how fast enquiries were
    /// answered: those who answer for it (administrators and editors) read it, not every member of staff.
    /// </summary>
    public static bool CanViewReports(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>Agencies decide who may change what, so only administrators define them.</summary>
    public static bool CanManageAgencies(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    /// <summary>
    /// Editors and reviewers change only what their agencies own (Agencies/AgencyOwnershipHandler);
    /// translators work across agencies in their languages, administrators everywhere.
    /// </summary>
    public static bool IsBoundToAgencies(ClaimsPrincipal user) => RoleOf(user) is Role.Editor or Role.Reviewer;

    /// <summary>
    /// The termbase decides the forms every translation must use, across agencies and languages, so one
    /// place (administrators) changes it; editors and translators read it and see it in the editor.
    /// </summary>
    public static bool CanManageTerms(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    /// <summary>Monitoring sources make the server fetch other sites: administrators only choose them.</summary>
    public static bool CanManageMonitoring(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    /// <summary>Screens hang in public places under the province's name: administrators register them and choose what they play.</summary>
    public static bool CanManageScreens(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator;

    /// <summary>
    /// The promotion officers who prepare a conference's materials are editors (there is no separate
    /// role): they and administrators make a conference's QR kit and read its figures.
    /// </summary>
    public static bool CanManageConferences(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>Mentions are triaged and answered by those who publish statements: editors and administrators.</summary>
    public static bool CanTriageMentions(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>
    /// A conference kit carries the province's published pages and makes campaign short links, which
    /// is promotion work: editors (the promotion staff) and administrators, like creating links.
    /// </summary>
    public static bool CanMakeKits(ClaimsPrincipal user) => RoleOf(user) is Role.Administrator or Role.Editor;

    /// <summary>The review desk: those who may publish some language (reviewers, editors, administrators) see what awaits review.</summary>
    public static bool CanReview(ClaimsPrincipal user) => RoleOf(user) >= Role.Reviewer;

    /// <summary>Who works on content at all (translators and up) may write in some thread.</summary>
    public static bool CanCommentSomewhere(ClaimsPrincipal user) => RoleOf(user) >= Role.Translator;

    /// <summary>A language version's comment thread is for those who work on it: who may edit or publish that language.</summary>
    public static bool CanComment(ClaimsPrincipal user, string locale) => CanEdit(user, locale) || CanPublish(user, locale);
}
