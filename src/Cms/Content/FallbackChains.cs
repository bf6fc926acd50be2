using Microsoft.Extensions.Options;

namespace PromoSite.Cms.Content;

/// <summary>
/// Which languages stand in for a missing translation, in order. The default follows the product
/// promise (ko, ja, zh → en → vi; en → vi); configuration may change it under Cms:Fallbacks.
/// Every chain starts with the requested locale and ends with the source, so a published
/// Vietnamese item is always reachable.
/// </summary>
public sealed class FallbackChains
{
    private readonly Dictionary<string, IReadOnlyList<string>> _chains = new(StringComparer.Ordinal);

    public FallbackChains(IOptions<CmsOptions> options)
        : this(options.Value.Fallbacks)
    {
    }

    public FallbackChains(IReadOnlyDictionary<string, string[]>? configured)
    {
        foreach (var locale in Locales.All)
        {
            var chain = new List<string> { locale };
            var next = configured is not null && configured.TryGetValue(locale, out var c) ? c : DefaultFallbacks(locale);
            foreach (var fallback in next)
            {
                if (!Locales.IsSupported(fallback))
                {
                    throw new InvalidOperationException($"Cms:Fallbacks:{locale} names '{fallback}', which is not one of {string.Join(", ", Locales.All)}.");
                }

                if (!chain.Contains(fallback))
                {
                    chain.Add(fallback);
                }
            }

            if (!chain.Contains(Locales.Source))
            {
                chain.Add(Locales.Source);
            }

            _chains[locale] = chain;
        }
    }

    public IReadOnlyList<string> For(string locale) => _chains[locale];

    private static string[] DefaultFallbacks(string locale) => locale switch
    {
        "vi" => [],
        "en" => ["vi"],
        _ => ["en", "vi"],
    };
}
