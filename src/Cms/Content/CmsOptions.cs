namespace PromoSite.Cms.Content;

/// <summary>Settings under the "Cms" configuration section.</summary>
public sealed class CmsOptions
{
    public const string Section = "Cms";

    /// <summary>Absolute base of public URLs (https://investdongnai.example); empty means "the current request's".</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Per locale, the locales that stand in for it, in order (see <see cref="FallbackChains"/>).</summary>
    public Dictionary<string, string[]>? Fallbacks { get; set; }

    /// <summary>The absolute base of public URLs for a request: the configured one, else the request's own scheme and host.</summary>
    public string BaseUrlFor(Microsoft.AspNetCore.Http.HttpRequest request) =>
        PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}";

    /// <summary>How long a public node may serve content before checking the database for changes made by another node.</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The largest JSON body the management API reads (bytes). An item in every field's maximum
    /// length fits well below it; media uploads have their own, larger limit.
    /// </summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;
}
