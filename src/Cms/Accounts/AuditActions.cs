using System.Reflection;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// The names the audit log records actions under: written by the code that acts, offered by the
/// audit page's filter and named in the admin's languages (admin.audit.action.{name}). One list, so
/// an action that is written can always be filtered for (link-create, media-upload and
/// media-replace were written but could not be).
/// </summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInRecoveryCode = "sign-in-recovery-code";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInThrottled = "sign-in-throttled";
    public const string PasswordChange = "password-change";
    public const string PasswordReset = "password-reset";
    public const string TotpEnrol = "totp-enrol";
    public const string TotpReset = "totp-reset";
    public const string RecoveryCodes = "recovery-codes";
    public const string SessionsRevoked = "sessions-revoked";
    public const string UserCreate = "user-create";
    public const string RoleChange = "role-change";
    public const string TokenCreate = "token-create";
    public const string TokenRevoke = "token-revoke";
    public const string TokenFirstUse = "token-first-use";
    public const string Save = "save";
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";
    public const string Delete = "delete";
    public const string Restore = "restore";
    public const string Purge = "purge";
    public const string Assign = "assign";
    public const string Unassign = "unassign";
    public const string XliffImport = "xliff-import";
    public const string MediaUpload = "media-upload";
    public const string MediaReplace = "media-replace";
    public const string LinkCreate = "link-create";
    public const string WebhookCreate = "webhook-create";
    public const string WebhookPause = "webhook-pause";
    public const string WebhookResume = "webhook-resume";
    public const string WebhookSecret = "webhook-secret";
    public const string WebhookDelete = "webhook-delete";
    public const string WebhookResend = "webhook-resend";
    public const string ScreenCreate = "screen-create";
    public const string ScreenUpdate = "screen-update";
    public const string ScreenDelete = "screen-delete";
    public const string EnquiryStatus = "enquiry-status";
    public const string EnquiryErase = "enquiry-erase";
    public const string AccreditationStatus = "accreditation-status";
    public const string AccreditationErase = "accreditation-erase";

    /// <summary>Every action, in the order above (the audit filter's order).</summary>
    public static IReadOnlyList<string> All { get; } = [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>The action a content save records for the state it leaves the language in.</summary>
    public static string ForSave(Storage.LocalizationStatus status) => status switch
    {
        Storage.LocalizationStatus.Published => Publish,
        Storage.LocalizationStatus.Unpublished => Unpublish,
        _ => Save,
    };
}
