namespace PromoSite.Cms.Admin;

/// <summary>
/// The admin's strings: inject <c>IStringLocalizer&lt;AdminText&gt;</c> (views have it as <c>A</c>)
/// and use keys "admin.{area}.{name}" from locales/admin/{area}.{vi,en}.json. Vietnamese is what
/// staff see by default.
/// </summary>
public sealed class AdminText;
