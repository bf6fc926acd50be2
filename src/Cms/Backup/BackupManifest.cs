using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromoSite.Cms.Backup;

/// <summary>What a backup holds, counted at the moment its database snapshot was taken.</summary>
public sealed record BackupCounts(long Items, long Revisions, long Users, long MediaFiles);

/// <summary>
/// manifest.json inside a backup archive: enough to refuse a damaged or foreign archive before
/// anything is restored (a hash for every other entry) and to check the restored data afterwards
/// (the counts).
/// </summary>
public sealed record BackupManifest(
    int FormatVersion,
    DateTimeOffset Created,
    string Provider,
    string? SchemaMigration,
    BackupCounts Counts,
    IReadOnlyDictionary<string, string> Files)
{
    public const int CurrentFormat = 1;

    public const string EntryName = "manifest.json";

    public const string SqliteEntry = "database/promosite.db";

    public const string PostgresEntry = "database/promosite.dump";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>The outcome of a backup or restore: the manifest when it worked, otherwise why not (for the operator).</summary>
public sealed record BackupResult(BackupManifest? Manifest, string? Error)
{
    public bool Succeeded => Error is null;

    public static BackupResult Refused(string error) => new(null, error);
}
