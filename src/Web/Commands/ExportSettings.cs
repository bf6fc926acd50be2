namespace PromoSite.Web.Commands;

/// <summary>
/// What the export verb was asked for: <c>export --out DIR --base-url https://… [--locales vi,en]
/// [--live-url https://…] [--full] [--watch]</c>. Checked before anything is rendered, so a mistake
/// leaves the previous export untouched.
/// </summary>
internal sealed record ExportSettings(string Out, string BaseUrl, IReadOnlyList<string> Locales, string? LiveUrl, bool Full, bool Watch)
{
    /// <summary>Options of the verb that take a value; the command line keeps them (and their value) away from the host's configuration.</summary>
    public static readonly string[] ValueOptions = ["--out", "--base-url", "--locales", "--live-url"];

    /// <summary>Options of the verb that stand alone.</summary>
    public static readonly string[] FlagOptions = ["--full", "--watch"];

    public const string Usage = "export --out DIR --base-url https://host [--locales vi,en,...] [--live-url https://host] [--full] [--watch]";

    public static (ExportSettings? Settings, string? Problem) Parse(IReadOnlyList<string> arguments)
    {
        string? output = null, baseUrl = null, locales = null, liveUrl = null;
        bool full = false, watch = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var (name, value) = arguments[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, (string?)v) : (arguments[i], null);
            switch (name)
            {
                case "--full":
                    full = true;
                    continue;
                case "--watch":
                    watch = true;
                    continue;
                case "--out" or "--base-url" or "--locales" or "--live-url":
                    value ??= i + 1 < arguments.Count ? arguments[++i] : null;
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        return (null, $"{name} needs a value.");
                    }

                    switch (name)
                    {
                        case "--out": output = value; break;
                        case "--base-url": baseUrl = value; break;
                        case "--locales": locales = value; break;
                        default: liveUrl = value; break;
                    }

                    continue;
                default:
                    return (null, $"'{arguments[i]}' is not an option of export.");
            }
        }

        if (output is null)
        {
            return (null, "--out DIR is required (the folder the site is served from; it becomes a link to the current export).");
        }

        if (CheckUrl(baseUrl, "--base-url") is { } baseProblem)
        {
            return (null, baseProblem);
        }

        if (liveUrl is not null && CheckUrl(liveUrl, "--live-url") is { } liveProblem)
        {
            return (null, liveProblem);
        }

        var chosen = locales is null
            ? Cms.Content.Locales.All.ToList()
            : locales.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0 || chosen.FirstOrDefault(l => !Cms.Content.Locales.All.Contains(l)) is { } unknown && unknown.Length > 0)
        {
            return (null, $"--locales takes a comma-separated list of {string.Join(", ", Cms.Content.Locales.All)}.");
        }

        // Keep the site's order, whatever order was typed.
        chosen = Cms.Content.Locales.All.Where(chosen.Contains).ToList();
        return (new ExportSettings(Path.GetFullPath(output), baseUrl!.TrimEnd('/'), chosen, liveUrl?.TrimEnd('/'), full, watch), null);
    }

    private static string? CheckUrl(string? url, string option) =>
        url is null ? $"{option} https://host is required (canonicals, hreflang, og:url and sitemaps are absolute to it)."
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            && uri.AbsolutePath.TrimEnd('/').Length == 0 && uri.UserInfo.Length == 0
            ? null
            : $"{option} must be an absolute http(s) address of a host, with no path, query or fragment: '{url}'.";
}
