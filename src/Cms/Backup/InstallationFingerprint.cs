using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Backup;

/// <summary>
/// What the restore drill compares before and after: one line per revision (its id, item and
/// language, and a SHA-256 over every column: content, state, slug, schedule, author, timestamps)
/// and one line per stored original (its name and the SHA-256 of its bytes, read through the media
/// store, so the same verb works on the data folder and on a bucket, on SQLite and PostgreSQL).
/// Lines are sorted, so two fingerprints compare with diff and the difference names what changed.
/// Derivatives are counted only: they are remade from the originals when missing.
/// </summary>
public sealed class InstallationFingerprint(CmsDbContext db, IMediaStore store, DataFolder data)
{
    public async Task<IReadOnlyList<string>> LinesAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        var revisions = db.Revisions.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable();
        var revisionCount = 0;
        await foreach (var r in revisions.WithCancellation(ct))
        {
            revisionCount++;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"revision {r.Id} item {r.ItemId} {r.Locale} {Hash(r)}"));
        }

        var (originals, derived) = await StoredNamesAsync(ct);
        foreach (var name in originals)
        {
            await using var found = await store.OpenReadAsync(name, ct);
            lines.Add($"media {name} {(found is null ? "missing" : Convert.ToHexStringLower(await SHA256.HashDataAsync(found.Content, ct)))}");
        }

        lines.Insert(0, string.Create(CultureInfo.InvariantCulture, $"count revisions {revisionCount} originals {originals.Count} derivatives {derived}"));
        return lines;
    }

    /// <summary>Every column of the row, in a fixed order and format (times as UTC ticks: the provider's DateTime kind does not matter).</summary>
    private static string Hash(Revision r)
    {
        var row = JsonSerializer.Serialize(new object?[]
        {
            r.Id, r.ItemId, r.Locale, r.Number, r.Status.ToString(), r.Slug, r.SeoTitle, r.SeoDescription,
            Stamp(r.PublishAt), Stamp(r.UnpublishAt), r.SharedJson, r.FieldsJson, r.SourceHash, r.Author, r.Note, Stamp(r.CreatedAt),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(row)));
    }

    private static string? Stamp(DateTime? at) => at?.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    private async Task<(List<string> Originals, int Derived)> StoredNamesAsync(CancellationToken ct)
    {
        if (store is S3MediaStore bucket)
        {
            var originals = (await bucket.ListAsync("originals/", ct)).Select(o => o.Name).Order(StringComparer.Ordinal).ToList();
            return (originals, (await bucket.ListAsync("derived/", ct)).Count);
        }

        var root = Path.Combine(data.Path, "media");
        List<string> Under(string folder) => Directory.Exists(Path.Combine(root, folder))
            ? [.. Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(MediaIntake.IsStoredName)
                .Order(StringComparer.Ordinal)]
            : [];
        return (Under("originals"), Under("derived").Count);
    }
}
