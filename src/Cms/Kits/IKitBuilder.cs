namespace PromoSite.Cms.Kits;

/// <summary>
/// What an officer asked for at /admin/kits, already checked: the languages, the sections (content
/// types, all their published items) and single items, the campaign every short link is tagged with,
/// and the live site that links outside the kit lead to.
/// </summary>
public sealed record KitRequest(
    IReadOnlyList<string> Locales, IReadOnlyList<string> Sections, IReadOnlyList<long> ItemIds, string Campaign, string LiveBaseUrl, string RequestedBy);

/// <summary>How far a build is: <paramref name="Done"/> of <paramref name="Total"/> steps (pages, PDFs, posters, EPUBs).</summary>
public sealed record KitProgress(int Done, int Total);

/// <summary>What a finished kit holds, and what could not be made (e.g. PDFs on a node without Chromium).</summary>
public sealed record KitContents(int Pages, int Pdfs, int Posters, int Epubs, IReadOnlyList<string> Notes);

/// <summary>
/// Builds a conference kit's zip. Declared here, where the admin page and the queue live, and
/// implemented by the public site (Web/Kits), which renders its own pages: Cms cannot reference Web
/// (as with <see cref="Changes.IPassedWindowRecorder"/>).
/// </summary>
public interface IKitBuilder
{
    Task<KitContents> BuildAsync(KitRequest request, Stream zip, IProgress<KitProgress> progress, CancellationToken ct);
}
