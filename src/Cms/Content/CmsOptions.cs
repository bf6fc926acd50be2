using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    /// Whether this node keeps its own in-memory search index (Search.LuceneSearchIndex: tens of
    /// megabytes at 50,000 documents, searches many times faster); off, the database index answers.
    /// </summary>
    public bool SearchInMemory { get; set; } = true;

    /// <summary>
    /// The largest JSON body the management API reads (bytes). An item in every field's maximum
    /// length fits well below it; media uploads have their own, larger limit.
    /// </summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;
}

public static class CmsOptionsValidation
{
    /// <summary>
    /// Cms:Fallbacks:{locale} is a list; a single value (Cms:Fallbacks:ko=vi) binds to nothing and
    /// would silently keep the default chain, so it stops the start with the spelling that works.
    /// </summary>
    public static Microsoft.Extensions.Options.OptionsBuilder<CmsOptions> RefuseMisshapenFallbacks(
        this Microsoft.Extensions.Options.OptionsBuilder<CmsOptions> builder, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var section = configuration.GetSection(CmsOptions.Section + ":" + nameof(CmsOptions.Fallbacks));
        // Some providers give a parent section an empty value; only a non-empty value without children is a scalar.
        static bool IsScalar(IConfigurationSection s) => !string.IsNullOrEmpty(s.Value) && !s.GetChildren().Any();
        var scalars = section.GetChildren().Where(IsScalar).Select(child => $"{child.Path}={child.Value}").ToList();
        if (IsScalar(section))
        {
            scalars.Add($"{section.Path}={section.Value}");
        }

        return builder
            .Validate(_ => scalars.Count == 0, $"{string.Join(", ", scalars)}: Cms:Fallbacks:{{locale}} is a list of locales, not one value. Write Cms:Fallbacks:ko:0=en and Cms:Fallbacks:ko:1=vi (environment: Cms__Fallbacks__ko__0=en), or in appsettings.json \"Fallbacks\": {{ \"ko\": [\"en\", \"vi\"] }}.")
            .ValidateOnStart();
    }
}
