using System.Text;
using PromoSite.Cms.Search;

namespace PromoSite.Cms.Terminology;

/// <summary>Where a term occurs in a text: <see cref="Start"/> and <see cref="Length"/> in UTF-16 positions of the original text.</summary>
public sealed record TermHit(int Start, int Length, Term Term);

/// <summary>A forbidden variant found in a translation, with the approved form to use instead.</summary>
public sealed record ForbiddenHit(string Locale, string Variant, Term Term, string? Field = null)
{
    public string? Approved => Term.Approved(Locale);
}

/// <summary>
/// Finds termbase entries in text, the same way everywhere (editor, publishing warnings, XLIFF, the
/// sample-content check):
/// - a form in Latin script (Vietnamese, English, "OCOP" inside Korean text) matches whole words,
///   case-insensitively; in the Vietnamese source also without diacritics (SearchText.Fold, so "Dong Nai"
///   typed without accents still finds Đồng Nai);
/// - a form in Chinese, Japanese or Korean script matches as an exact substring, since those
///   languages do not separate words with spaces (롱탄 in 롱탄국제공항).
/// Forbidden variants are matched with their diacritics: "Dong Nai" must not flag "Đồng Nai", and a
/// variant found inside an occurrence of the approved form (롱탄 inside 롱탄시) is not a mistake.
/// </summary>
public sealed class TermMatcher(IReadOnlyList<Term> terms)
{
    public IReadOnlyList<Term> Terms { get; } = terms;

    /// <summary>The terms in a Vietnamese text, longest first where two overlap, in text order.</summary>
    public IReadOnlyList<TermHit> FindInSource(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var folded = FoldPerChar(text);
        var hits = new List<TermHit>();
        foreach (var term in Terms.OrderByDescending(t => t.Vi.Length))
        {
            var forms = new[] { term.Vi }.Concat(term.Forbidden("vi"));
            foreach (var form in forms)
            {
                foreach (var start in Occurrences(text, folded, form, foldDiacritics: true))
                {
                    if (!hits.Any(h => start < h.Start + h.Length && h.Start < start + form.Length))
                    {
                        hits.Add(new TermHit(start, form.Length, term));
                    }
                }
            }
        }

        return [.. hits.OrderBy(h => h.Start)];
    }

    /// <summary>The distinct terms of a Vietnamese text, in order of first appearance.</summary>
    public IReadOnlyList<Term> TermsInSource(string? text) => [.. FindInSource(text).Select(h => h.Term).Distinct()];

    /// <summary>Every forbidden variant of <paramref name="locale"/> in the text (once per term and variant).</summary>
    public IReadOnlyList<ForbiddenHit> FindForbidden(string locale, string? text, string? field = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var hits = new List<ForbiddenHit>();
        var folded = FoldPerChar(text);
        foreach (var term in Terms)
        {
            var approved = term.Approved(locale);
            var allowedSpans = string.IsNullOrEmpty(approved) ? [] : Occurrences(text, folded, approved, foldDiacritics: false).Select(s => (s, approved.Length)).ToList();
            foreach (var variant in term.Forbidden(locale))
            {
                var found = Occurrences(text, folded, variant, foldDiacritics: false)
                    .Any(s => !allowedSpans.Any(a => a.s <= s && s + variant.Length <= a.s + a.Length));
                if (found)
                {
                    hits.Add(new ForbiddenHit(locale, variant, term, field));
                }
            }
        }

        return hits;
    }

    /// <summary>Splits a text into plain runs and runs that are a term, for highlighting (the caller encodes).</summary>
    public IReadOnlyList<(string Text, Term? Term)> Segments(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var segments = new List<(string, Term?)>();
        var at = 0;
        foreach (var hit in FindInSource(text))
        {
            if (hit.Start > at)
            {
                segments.Add((text[at..hit.Start], null));
            }

            segments.Add((text.Substring(hit.Start, hit.Length), hit.Term));
            at = hit.Start + hit.Length;
        }

        if (at < text.Length)
        {
            segments.Add((text[at..], null));
        }

        return segments;
    }

    private static IEnumerable<int> Occurrences(string text, string folded, string form, bool foldDiacritics)
    {
        form = form.Trim();
        if (form.Length == 0)
        {
            yield break;
        }

        if (IsCjk(form))
        {
            for (var i = text.IndexOf(form, StringComparison.Ordinal); i >= 0; i = text.IndexOf(form, i + 1, StringComparison.Ordinal))
            {
                yield return i;
            }

            yield break;
        }

        var haystack = foldDiacritics ? folded : text.ToLowerInvariant();
        var needle = foldDiacritics ? FoldPerChar(form) : form.ToLowerInvariant();
        if (haystack.Length != text.Length)
        {
            haystack = folded; // a casing that changes length (rare): fall back to the position-keeping fold
            needle = FoldPerChar(form);
        }

        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var end = i + needle.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                yield return i;
            }
        }
    }

    private static bool IsCjk(string text) => text.EnumerateRunes().Any(SearchText.IsCjk);

    /// <summary>Lowercase without diacritics, one character for one, so positions stay those of the original.</summary>
    internal static string FoldPerChar(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                builder.Append(c);
                continue;
            }

            var folded = SearchText.Fold(new Rune(c));
            builder.Append(folded.Length == 1 ? folded[0] : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
