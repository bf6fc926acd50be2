namespace PromoSite.Web.Export;

/// <summary>
/// Where exports live and how the new one goes live. --out DIR is a symbolic link to the current
/// export in .DIR.exports/ beside it. A run writes a new folder there, and when (and only when) it
/// is complete, a new link made beside DIR is renamed over DIR: rename(2) replaces the link in one
/// step, so a server whose root is DIR sees either the whole old export or the whole new one, never
/// a half-written one. (Renaming a directory over a non-empty directory is not possible on Linux,
/// and two renames would leave a moment with no site; the link swap has neither problem.) The
/// previous export stays beside it as the source of unchanged files (hard links) and for rollback;
/// older ones are removed. A failed run deletes its folder and leaves DIR as it was.
/// </summary>
internal sealed class ExportFolder
{
    private ExportFolder(string target, string store)
    {
        Target = target;
        Store = store;
    }

    /// <summary>The path a server is pointed at (a symbolic link once an export exists).</summary>
    public string Target { get; }

    /// <summary>The folder beside the target that holds the exports themselves.</summary>
    public string Store { get; }

    /// <summary>The export that is live now, if DIR already links to one.</summary>
    public string? Current => new FileInfo(Target).LinkTarget is { } link ? Path.GetFullPath(link, Path.GetDirectoryName(Target)!) : null;

    public static (ExportFolder? Folder, string? Problem) Open(string target)
    {
        target = Path.TrimEndingDirectorySeparator(target);
        var parent = Path.GetDirectoryName(target);
        if (parent is null || Path.GetFileName(target).Length == 0)
        {
            return (null, $"--out: '{target}' cannot be an export folder.");
        }

        if (!Directory.Exists(parent))
        {
            return (null, $"--out: the folder '{parent}' does not exist.");
        }

        var info = new FileInfo(target);
        if (info.LinkTarget is null && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            return (null, $"--out: '{target}' is a folder with files in it that no export made; give an empty or new path (it becomes a link to the current export).");
        }

        if (info.LinkTarget is null && File.Exists(target))
        {
            return (null, $"--out: '{target}' is a file.");
        }

        return (new ExportFolder(target, Path.Combine(parent, "." + Path.GetFileName(target) + ".exports")), null);
    }

    /// <summary>A new, empty folder for the next export, beside the current one.</summary>
    public string CreateStaging()
    {
        Directory.CreateDirectory(Store);
        var name = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(Store, name + ".partial");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// For an incremental run: the export before the live one, renamed into a staging folder, with what its
    /// manifest says it holds; null when there is none (the first incremental run after a full one). Bringing it
    /// up to date costs what changed since it was live (two runs' worth of changes) instead of a link(2) per
    /// file of the site. It is not served (the live export is the other one), its manifest and server
    /// configuration are deleted first (so a run that fails half-way leaves nothing that looks whole: the
    /// staging folder is deleted as any failed run's), and its files are replaced, never written into: they are
    /// hard links shared with the live export.
    /// </summary>
    public (string Staging, ExportManifest Manifest)? ReuseOlder(string? live)
    {
        if (Older(live) is not { } older || ExportManifest.Read(older) is not { } manifest)
        {
            return null;
        }

        var staging = CreateStaging();
        Directory.Delete(staging);
        Directory.Move(older, staging);
        File.Delete(Path.Combine(staging, ExportManifest.FileName));
        File.Delete(Path.Combine(staging, "_redirects"));
        if (Directory.Exists(Path.Combine(staging, "_nginx")))
        {
            Directory.Delete(Path.Combine(staging, "_nginx"), recursive: true);
        }

        return (staging, manifest);
    }

    /// <summary>The newest finished export beside <paramref name="live"/>: the one the next incremental run reuses.</summary>
    public string? Older(string? live) =>
        live is null || !Directory.Exists(Store)
            ? null
            : Directory.EnumerateDirectories(Store)
                .Where(d => !SamePath(d, live) && !d.EndsWith(".partial", StringComparison.Ordinal))
                .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
                .FirstOrDefault();

    /// <summary>Makes a finished staging folder the live export in one rename, then removes exports older than the previous one.</summary>
    public string Publish(string staging)
    {
        var final = staging[..^".partial".Length];
        Directory.Move(staging, final);
        var previous = Current;
        if (Directory.Exists(Target) && new FileInfo(Target).LinkTarget is null)
        {
            Directory.Delete(Target); // the empty folder Open accepted
        }

        var link = Target + ".next-link";
        if (new FileInfo(link).LinkTarget is not null || File.Exists(link))
        {
            File.Delete(link); // left by a run that stopped between these two lines
        }

        // Relative, so the folder and its exports can be moved together.
        File.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(Target)!, final));
        HardLinks.Replace(link, Target); // rename(2): the switch
        return final;
    }

    /// <summary>
    /// Deletes the exports older than the live one and the one before it (kept for rollback and as the next
    /// run's source of unchanged files). Apart from <see cref="Publish"/>: the site is current at the switch,
    /// and deleting a whole export (tens of thousands of files) took longer than the rest of an incremental run.
    /// </summary>
    public void RemoveOlder(string live, string? previous)
    {
        foreach (var old in Directory.EnumerateDirectories(Store))
        {
            if (!SamePath(old, live) && (previous is null || !SamePath(old, previous)))
            {
                TryDelete(old);
            }
        }
    }

    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's clean-up; the live export does not depend on it.
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
