namespace PromoSite.Cms.Storage;

/// <summary>
/// The one folder that holds everything the product writes: the SQLite database, media files and
/// data-protection keys. Set by PROMOSITE_DATA or the DataPath setting; by default data/ at the
/// repository root (git-ignored), or beside the application when it runs outside a checkout.
/// </summary>
public sealed class DataFolder
{
    public DataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    public static DataFolder Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DataFolder(configured);
        }

        var root = RepositoryRoot.Find(contentRoot);
        return new DataFolder(System.IO.Path.Combine(root ?? contentRoot, "data"));
    }
}

/// <summary>Finds the checkout's top folder (the one holding PromoSite.sln), when the app runs from one.</summary>
public static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PromoSite.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>
    /// A folder that ships with the product (locales/, content/): the checkout's when running from
    /// one, else the one beside the application's binaries (dotnet publish puts it there, and the
    /// content root is the working directory, which may be anywhere), else the checkout the binaries
    /// were built in, else the content root's;
    /// null when none exists.
    /// </summary>
    public static string? FindShipped(string name, string contentRoot, string? applicationFolder = null)
    {
        string?[] candidates =
        [
            Find(contentRoot) is { } root ? System.IO.Path.Combine(root, name) : null,
            System.IO.Path.Combine(applicationFolder ?? AppContext.BaseDirectory, name),
            Find(applicationFolder ?? AppContext.BaseDirectory) is { } built ? System.IO.Path.Combine(built, name) : null, // a build inside a checkout, run from elsewhere
            System.IO.Path.Combine(contentRoot, name),
        ];
        return candidates.FirstOrDefault(Directory.Exists);
    }
}
