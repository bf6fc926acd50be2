using System.Globalization;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Admin;

/// <summary>
/// The words the admin shows for things the code names: content types, fields and their options
/// come from the public strings (type.*, field.*, enum.*: one name per thing for visitors and
/// staff alike), workflow states, roles and audit actions from the admin's own (admin.state.*,
/// admin.shell.role.*, admin.audit.action.*). A name missing from the strings falls back to the
/// declaration's English label rather than a raw key, and a test lists the declared names that lack one.
/// </summary>
public static class AdminNames
{
    /// <summary>A content type's name for a list title ("Khu công nghiệp").</summary>
    public static string TypePlural(this IStringLocalizer<AdminText> a, ContentTypeDefinition type) =>
        Found(a["type." + type.Name]) ?? type.Label;

    /// <summary>One item of the type, for a sentence ("Thêm {0}": "Thêm khu công nghiệp").</summary>
    public static string TypeOne(this IStringLocalizer<AdminText> a, ContentTypeDefinition type) =>
        Found(a["type." + type.Name + ".one"]) ?? type.Label.ToLower(CultureInfo.CurrentCulture);

    public static string TypePlural(this IStringLocalizer<AdminText> a, ContentTypeRegistry types, string name) =>
        types.Find(name) is { } type ? a.TypePlural(type) : name;

    public static string Field(this IStringLocalizer<AdminText> a, FieldDefinition field) =>
        Found(a["field." + field.Name]) ?? field.Label;

    /// <summary>A field known only by name (a media use names the field that holds it).</summary>
    public static string FieldName(this IStringLocalizer<AdminText> a, string name) =>
        Found(a["field." + name]) ?? name;

    public static string Option(this IStringLocalizer<AdminText> a, FieldDefinition field, string option) =>
        Found(a["enum." + field.Name + "." + option]) ?? option;

    /// <summary>An option of a field known by name (the media library's sections), as the public strings name it.</summary>
    public static string Option(this IStringLocalizer<AdminText> a, string fieldName, string option) =>
        Found(a["enum." + fieldName + "." + option]) ?? option;

    /// <summary>
    /// A language state as LocaleStates and the coverage name it ("draft", "in-review (live)"):
    /// the state in words, and that a published version stays online meanwhile.
    /// </summary>
    public static string State(this IStringLocalizer<AdminText> a, string state)
    {
        var parts = state.Split(' ', 2);
        var name = Found(a["admin.state." + parts[0]]) ?? parts[0];
        return parts.Length == 1 ? name
            : parts[1] == Translations.SourceDraftNote ? a["admin.state.withSourceDraft", name]
            : a["admin.state.withLive", name];
    }

    /// <summary>A section of the site (the first part of its public addresses) as the site's menu names it.</summary>
    public static string Section(this IStringLocalizer<AdminText> a, string section) =>
        Found(a["nav." + section]) ?? section;

    /// <summary>
    /// Why a write was refused, in the staff member's language (admin.problem.{code} in
    /// locales/admin/problem.*.json); a refusal without a code, or with a code the strings lack,
    /// shows the service's own text rather than nothing.
    /// </summary>
    public static string Problem(this IStringLocalizer<AdminText> a, FieldError error) =>
        error.Code is { } code && Found(a["admin.problem." + code, [.. error.Arguments]]) is { } text ? text : error.Message;

    /// <summary>The refusal led by the field it concerns, as the public strings name the field.</summary>
    public static string ProblemOfField(this IStringLocalizer<AdminText> a, FieldError error) =>
        string.IsNullOrEmpty(error.Field) ? a.Problem(error) : $"{a.FieldName(error.Field)}: {a.Problem(error)}";

    /// <summary>A short link's channel (print, qr, social…) in words; an unknown one as stored.</summary>
    public static string Channel(this IStringLocalizer<AdminText> a, string? channel) =>
        channel is null ? "" : Found(a["admin.links.channel." + channel]) ?? channel;

    public static string Role(this IStringLocalizer<AdminText> a, Role role) => a["admin.shell.role." + role];

    /// <summary>An audit action ("publish", "sign-in-failed") in words; an action this list does not know yet shows as recorded.</summary>
    public static string AuditAction(this IStringLocalizer<AdminText> a, string action) =>
        Found(a["admin.audit.action." + action]) ?? action;

    /// <summary>A termbase domain (place, agency…) in words; a domain this list does not know shows as typed.</summary>
    public static string TermDomain(this IStringLocalizer<AdminText> a, string domain) =>
        domain.Length == 0 ? "—" : Found(a["admin.terms.domain." + domain]) ?? domain;

    private static string? Found(LocalizedString text) => text.ResourceNotFound ? null : text.Value;
}
