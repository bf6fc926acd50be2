using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Export;

namespace PromoSite.Web.Tests.Export;

/// <summary>
/// What an incremental export writes: after one edit, exactly the files whose bytes a full export would
/// change (the edited item's pages in the languages that show the edit, the lists, home pages, sitemaps,
/// feeds and search indexes of those languages), every other file linked unchanged; after a trash, the
/// item's pages gone. A full export of the same state is the reference each time.
/// </summary>
public sealed class IncrementalExportTests
{
    private sealed record Run(ExportReport Report, IReadOnlySet<string> Written, Dictionary<string, string> Files);

    private static async Task<Run> ExportAsync(PromoSiteFactory app, string output, bool full = false)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (folder, problem) = ExportFolder.Open(output);
        Assert.True(folder is not null, problem);
        var exporter = new SiteExporter(client, app.Services, ExportTests.Settings(output, full));
        var report = await exporter.RunAsync(folder!, CancellationToken.None);
        var manifest = ExportManifest.Read(output)!;
        return new Run(report, exporter.WrittenFiles.ToHashSet(StringComparer.Ordinal),
            manifest.Entries.Where(e => e.File is not null).ToDictionary(e => e.File!, e => e.Hash!, StringComparer.Ordinal));
    }

    /// <summary>The files of <paramref name="after"/> that are new or hold other bytes than in <paramref name="before"/>.</summary>
    private static HashSet<string> Differing(Run before, Run after) =>
        after.Files.Where(f => before.Files.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

    [Theory, ClassData(typeof(Providers))]
    public async Task After_one_edit_only_the_files_that_show_it_are_rewritten_and_after_a_trash_its_pages_are_gone(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, new Dictionary<string, string> { [ExportedSearch.Setting] = "true" });
        var root = TestFolders.NewFolder("export-incremental");
        var output = Path.Combine(root, "site");
        var first = await ExportAsync(app, output);
        Assert.Empty(first.Report.Broken);

        // One English title: English pages change, and so do the Korean, Japanese and Chinese ones, which
        // show the English text of hat-dieu (their fallback); no Vietnamese file may be written.
        await ExportTests.SaveEnglishTitleAsync(app, "hat-dieu", "Đồng Nai cashews, salted and roasted");
        var incremental = await ExportAsync(app, output);
        var reference = await ExportAsync(app, Path.Combine(root, "reference-1"), full: true);

        Assert.True(incremental.Report.Incremental, incremental.Report.ToString());
        Assert.Equal(reference.Files.OrderBy(f => f.Key, StringComparer.Ordinal), incremental.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
        var changed = Differing(first, reference);
        Assert.Equal(changed.Order(StringComparer.Ordinal), incremental.Written.Order(StringComparer.Ordinal));
        Assert.Contains("en/ocop/salted-roasted-cashews.html", incremental.Written);
        Assert.Contains("en/search-index/ocop-products.json", incremental.Written);
        Assert.DoesNotContain(incremental.Written, f => f.StartsWith("en/search-index/", StringComparison.Ordinal) && !f.StartsWith("en/search-index/ocop-products.json", StringComparison.Ordinal));
        Assert.DoesNotContain(incremental.Written, f => f.StartsWith("vi/", StringComparison.Ordinal) || f.StartsWith("sitemaps/vi/", StringComparison.Ordinal));
        // Of the English sitemap, only the part of the edited item's type is written again.
        Assert.Contains("sitemaps/en/ocop-products.xml", incremental.Written);
        Assert.DoesNotContain(incremental.Written, f => f.StartsWith("sitemaps/en/", StringComparison.Ordinal) && f != "sitemaps/en/ocop-products.xml");
        Assert.InRange(incremental.Written.Count, 1, first.Written.Count / 5);
        AssertServerFilesAreTheFullExports(output, Path.Combine(root, "reference-1"));

        // Trashed: its pages and one-pagers in every language go, the lists no longer show it, the rest is as a full export.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentEditor>().TrashAsync(await app.ItemIdAsync("hat-dieu")));
        }

        var afterTrash = await ExportAsync(app, output);
        var reference2 = await ExportAsync(app, Path.Combine(root, "reference-2"), full: true);

        // What still answers but no page links to any more stays until a full export: a filtered list that showed only
        // this item (the one 4-star product, empty now) and the QR images of its short links (a printed code works for
        // ever). Every other file is the full export's.
        var orphans = afterTrash.Files.Keys.Except(reference2.Files.Keys).ToList();
        Assert.All(orphans, f => Assert.True(f.Contains('@', StringComparison.Ordinal) || f.StartsWith("s/", StringComparison.Ordinal), f));
        Assert.Empty(reference2.Files.Keys.Except(afterTrash.Files.Keys));
        Assert.All(reference2.Files, f => Assert.Equal(f.Value, afterTrash.Files[f.Key]));
        var gone = incremental.Files.Keys.Except(afterTrash.Files.Keys).ToList();
        Assert.Contains("en/ocop/salted-roasted-cashews.html", gone);
        Assert.Contains("en/print/ocop/salted-roasted-cashews.html", gone);
        Assert.Contains(gone, f => f.StartsWith("vi/ocop/", StringComparison.Ordinal));
        Assert.All(gone, f => Assert.False(File.Exists(Path.Combine(output, f)), f));
        // This run brought the first export up to date (the one before the live one): a file is written when its bytes
        // are neither the live export's (linked from there) nor already the first export's (kept where it is).
        Assert.Equal(Differing(incremental, reference2).Intersect(Differing(first, reference2)).Order(StringComparer.Ordinal),
            afterTrash.Written.Except(orphans).Order(StringComparer.Ordinal));

        // The third run brought the first export up to date instead of linking every file into a new folder: on disk it
        // holds exactly what its manifest says, byte for byte, and nothing else; the export it was made from is gone.
        AssertFolderHoldsItsManifest(output, afterTrash);
        AssertServerFilesAreTheFullExports(output, Path.Combine(root, "reference-2"));
        Assert.Equal(2, Directory.EnumerateDirectories(Path.Combine(root, ".site.exports")).Count());
    }

    /// <summary>
    /// The redirect and status maps and _redirects of an incremental run are the full export's (linked from the previous
    /// export when no redirect or status changed, written anew when one did), and its manifest lists the addresses in order.
    /// </summary>
    private static void AssertServerFilesAreTheFullExports(string output, string reference)
    {
        foreach (var file in new[] { "_nginx/redirects.map", "_nginx/status-codes.map", "_nginx/status-pages.map", "_redirects" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(reference, file)), File.ReadAllText(Path.Combine(output, file)));
        }

        var paths = ExportManifest.Read(output)!.Entries.Select(e => e.Path).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
    }

    /// <summary>Every file under the export is an entry's file (or its .br/.gz, or the server files) with the entry's bytes.</summary>
    private static void AssertFolderHoldsItsManifest(string output, Run run)
    {
        var root = Path.GetFullPath(new FileInfo(output).LinkTarget!, Path.GetDirectoryName(output)!);
        var onDisk = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("_nginx/", StringComparison.Ordinal) && f is not "_redirects" and not ExportManifest.FileName)
            .Where(f => !f.EndsWith(".br", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(run.Files.Keys.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
        Assert.All(run.Files, f => Assert.Equal(f.Value, ExportFiles.Hash(File.ReadAllBytes(Path.Combine(root, f.Key)))));
        var compressed = ExportManifest.Read(output)!.Entries.Where(e => e.Compressed && e.File is not null).Select(e => e.File!).ToList();
        Assert.All(compressed, f => Assert.True(File.Exists(Path.Combine(root, f + ".br")) && File.Exists(Path.Combine(root, f + ".gz")), f));
        Assert.Equal(compressed.Count * 2, Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count(f => f.EndsWith(".br", StringComparison.Ordinal) || f.EndsWith(".gz", StringComparison.Ordinal)));
    }
}
