using Microsoft.Extensions.Configuration;

namespace PromoSite.Cms.Hosting;

/// <summary>
/// What one process of the executable does (`--role`, or the Role setting). One binary, three
/// shapes, so a deployment never runs two builds that disagree about the schema or the templates.
/// </summary>
public enum NodeRole
{
    /// <summary>Everything in one process: the embedded default, today's behaviour.</summary>
    All,

    /// <summary>
    /// The admin, the management API and the background work (webhooks, mail, retention,
    /// derivatives, scheduled go-live events). It serves the public pages and the delivery API too,
    /// so the admin's previews and "view on site" links work on the host editors use and a proxy can
    /// fall back on it; it is simply not the node the proxy sends visitors to first.
    /// </summary>
    Cms,

    /// <summary>
    /// Public pages, the delivery API and media reads, any number of them: no admin routes, no
    /// management API, and no background writers except its own cache eviction (and the batched
    /// analytics of the page views it served).
    /// </summary>
    Site,
}

public static class NodeRoles
{
    /// <summary>The setting read: `--role site` on the command line, `Role=site` in the environment.</summary>
    public const string Setting = "Role";

    /// <summary>The configured role; a value that is not a role stops the start with the choices named.</summary>
    public static NodeRole Read(IConfiguration configuration) => configuration[Setting]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => NodeRole.All,
        "cms" => NodeRole.Cms,
        "site" => NodeRole.Site,
        var other => throw new InvalidOperationException($"--role {other}: the roles are all (the default), cms and site."),
    };

    /// <summary>The admin, the management API and the draft preview.</summary>
    public static bool ServesStaff(this NodeRole role) => role != NodeRole.Site;

    /// <summary>Webhooks, enquiry mail and retention, derivatives, go-live events: writers that need a lease.</summary>
    public static bool RunsBackgroundWork(this NodeRole role) => role != NodeRole.Site;
}
