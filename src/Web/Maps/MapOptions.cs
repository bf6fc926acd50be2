namespace PromoSite.Web.Maps;

/// <summary>
/// Where the maps' background tiles come from ("Site:Map"). OpenStreetMap's standard tiles with their
/// required attribution by default; a province tile server or a commercial one is a setting, and the
/// Content-Security-Policy allows images from exactly that tile host and no other.
/// </summary>
public sealed class MapOptions
{
    public const string Section = "Site:Map";

    /// <summary>A Leaflet tile URL template ({s}, {z}, {x}, {y}); empty to show no tiles (markers and the list still work).</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    /// <summary>The attribution the tile provider requires, as HTML (a link to its copyright page).</summary>
    public string Attribution { get; set; } = "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";

    /// <summary>The highest zoom the tile server offers.</summary>
    public int MaxZoom { get; set; } = 19;

    /// <summary>The tile server's origin for the Content-Security-Policy (scheme and host; a {s} subdomain becomes a wildcard), or null.</summary>
    public string? TileOrigin()
    {
        if (string.IsNullOrWhiteSpace(TileUrl))
        {
            return null;
        }

        var probe = TileUrl.Replace("{s}", "a", StringComparison.Ordinal).Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal).Replace("{r}", "", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return null;
        }

        var host = TileUrl.Contains("{s}.", StringComparison.Ordinal) ? "*." + uri.Host[(uri.Host.IndexOf('.', StringComparison.Ordinal) + 1)..] : uri.Host;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
