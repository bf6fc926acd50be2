namespace PromoSite.Cms.Accounts;

/// <summary>
/// The names of every authorization policy. Each is registered once (StaffAuthorization) from the
/// rules in <see cref="Permissions"/>; pages get them from AdminPage ([Authorize]) and [HandlerPolicy], endpoints by
/// <c>RequireAuthorization</c>, item-and-language decisions by resource-based authorization. No
/// handler decides by hand. Every staff policy also requires an account in good standing
/// (<see cref="AccountState.Active"/>), except <see cref="SignedIn"/>.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in person whose account may be used now (role Viewer or above). The fallback policy.</summary>
    public const string Staff = "staff";

    /// <summary>Reading working copies (drafts included) through the management API; a token needs the read scope.</summary>
    public const string ReadContent = "read-content";

    /// <summary>Signed in, whatever the account's state: choosing a first password, enrolling, signing out.</summary>
    public const string SignedIn = "signed-in";

    public const string CreateItems = "create-items";
    public const string UploadMedia = "upload-media";
    public const string TrashItems = "trash-items";
    public const string PurgeTrash = "purge-trash";
    public const string ManageUsers = "manage-users";
    public const string ReadAudit = "read-audit";
    public const string ReadEnquiries = "read-enquiries";
    public const string ManageWebhooks = "manage-webhooks";
    public const string AssignTranslations = "assign-translations";
    public const string ReadAnalytics = "read-analytics";

    /// <summary>The effectiveness report (page, CSV, PDF) that goes to the province's leaders.</summary>
    public const string ViewReports = "view-reports";
    public const string ManageMonitoring = "manage-monitoring";
    public const string TriageMentions = "triage-mentions";

    /// <summary>Registering screens (e-billboards) and their playlists: administrators.</summary>
    public const string ManageScreens = "manage-screens";

    /// <summary>A conference's QR kit (its campaign's short links) and its figures: administrators and editors, who prepare the materials.</summary>
    public const string ManageConferences = "manage-conferences";

    /// <summary>Defining agencies and what each owns: administrators.</summary>
    public const string ManageAgencies = "manage-agencies";

    /// <summary>The reviewer's desk (what awaits review); approving and sending back are decided per language (ContentOperations.Publish).</summary>
    public const string ReviewQueue = "review-queue";

    /// <summary>Writing in a language version's thread: anyone who works on content (the language itself is decided by ContentOperations.Comment).</summary>
    public const string CommentOnContent = "comment-on-content";

    /// <summary>Changing the termbase (add, edit, delete, import): administrators. Every member of staff reads it (<see cref="Staff"/>).</summary>
    public const string ManageTerms = "manage-terms";

    /// <summary>Building offline conference kits (/admin/kits): administrators and editors, who hand out the province's promotion material.</summary>
    public const string MakeKits = "make-kits";

    /// <summary>Creating and revoking one's own API tokens: signed in with a cookie (a token cannot make tokens).</summary>
    public const string ManageOwnTokens = "manage-own-tokens";
}

/// <summary>
/// What an API token may be used for. A token never grants more than its owner's role allows at
/// the time of the request: the rights are the intersection of the two.
/// </summary>
public static class Scopes
{
    public const string Claim = "promosite:scope";

    /// <summary>Read working copies (drafts included), the coverage matrix and XLIFF exports.</summary>
    public const string Read = "read";

    /// <summary>Write one language: <c>write:ko</c>. Publishing still needs the role's publish right.</summary>
    public const string WritePrefix = "write:";

    public const string UploadMedia = "media:upload";
    public const string ReadAnalytics = "analytics:read";
    public const string ManageWebhooks = "webhooks:manage";

    /// <summary>Register, change and remove screens through /api/v1/manage/screens (administrators' tokens).</summary>
    public const string ManageScreens = "screens:manage";

    public static string Write(string locale) => WritePrefix + locale;

    public static IReadOnlyList<string> All { get; } =
        [Read, .. Content.Locales.All.Select(Write), UploadMedia, ReadAnalytics, ManageWebhooks, ManageScreens];
}

/// <summary>
/// Whether an account may be used now. Computed from the database on every request (cookie and
/// token alike) and carried in the <see cref="Claim"/> claim, which every staff policy requires to be
/// <see cref="Active"/>.
/// </summary>
internal enum AccountState
{
    Active,
    MustChangePassword,
    EnrolmentPending,
    Disabled,
}

internal static class AccountStates
{
    public const string Claim = "promosite:state";

    /// <summary>
    /// Sign-in throttling is deliberately not a state: failed attempts by someone else slow down
    /// new sign-ins but never end the owner's working session (no targeted lock-out).
    /// </summary>
    public static AccountState Of(User user) =>
        user.Disabled ? AccountState.Disabled
        : user.MustChangePassword ? AccountState.MustChangePassword
        : user.Role == Role.Administrator && user.TotpSecret is null ? AccountState.EnrolmentPending
        : AccountState.Active;
}

/// <summary>
/// The resource of item-and-language decisions: one language version of a content type. Checked with
/// <c>IAuthorizationService.AuthorizeAsync(user, new LanguageVersion(type, locale), ContentOperations.Edit)</c>.
/// </summary>
public sealed record LanguageVersion(string Type, string Locale)
{
    /// <summary>The item concerned, so its owning agency can be found; null for a decision about the type (see <see cref="IsNew"/>).</summary>
    public long? ItemId { get; init; }

    /// <summary>The publication series the item is being put in (a new issue, or an issue moved to another series).</summary>
    public string? Series { get; init; }

    /// <summary>A new item of the type, not yet placed: allowed when the person may create some item of it.</summary>
    public bool IsNew { get; init; }
}

/// <summary>What can be done to a <see cref="LanguageVersion"/>; the rules are in <see cref="Permissions"/>.</summary>
internal static class ContentOperations
{
    /// <summary>Save a draft or submit for review in that language.</summary>
    public static readonly Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement Edit = new() { Name = "edit" };

    /// <summary>Publish or unpublish that language (without rights to edit, the stored text stays exactly as it is).</summary>
    public static readonly Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement Publish = new() { Name = "publish" };

    /// <summary>Comment on that language's thread (who may edit or publish it).</summary>
    public static readonly Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement Comment = new() { Name = "comment" };

    /// <summary>Change the item's shared facts (only through the Vietnamese source).</summary>
    public static readonly Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement EditShared = new() { Name = "edit-shared" };
}
