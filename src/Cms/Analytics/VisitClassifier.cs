using PromoSite.Cms.Content;

namespace PromoSite.Cms.Analytics;

/// <summary>Which language, section and item a public path shows; the public site knows its own routes.</summary>
public interface IVisitClassifier
{
    ValueTask<VisitTarget> ClassifyAsync(string path, CancellationToken ct);
}

public sealed record VisitTarget(string Locale, string? Section, long? ItemId);

/// <summary>Used when no public site registers its own: the language from the first segment, nothing more.</summary>
internal sealed class LocaleOnlyClassifier : IVisitClassifier
{
    public ValueTask<VisitTarget> ClassifyAsync(string path, CancellationToken ct)
    {
        var first = path.TrimStart('/').Split('/', 2)[0];
        return ValueTask.FromResult(new VisitTarget(Locales.IsSupported(first) ? first : "", null, null));
    }
}
