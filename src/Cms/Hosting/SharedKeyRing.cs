using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Hosting;

/// <summary>
/// The data-protection keys are kept in the database (CmsDbContext.DataProtectionKeys) since
/// migration 0027. Until then they were files in data/keys, and the authenticator secrets and
/// webhook secrets already stored are protected with those keys: they are copied in once, or every
/// administrator would be locked out by the upgrade.
/// </summary>
public static class SharedKeyRing
{
    public const string LegacyFolder = "keys";

    /// <summary>
    /// Copies the keys of data/keys/*.xml that the table lacks (by name, so a key a site node made
    /// before the cms node's first start does not stop the adoption); returns how many were copied.
    /// </summary>
    public static async Task<int> AdoptFolderKeysAsync(CmsDbContext db, DataFolder data, CancellationToken ct = default)
    {
        var folder = Path.Combine(data.Path, LegacyFolder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(folder, "*.xml").Where(f => !known.Contains(Path.GetFileNameWithoutExtension(f))).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            // The file system repository names a key "key-{id}.xml"; the database one keeps the same friendly name.
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = await File.ReadAllTextAsync(file, ct) });
        }

        await db.SaveChangesAsync(ct);
        return files.Count;
    }
}
