using System.Globalization;
using PromoSite.Cms.Media;

namespace PromoSite.Web.Media;

/// <summary>
/// An image as a page shows it: WebP derivatives in a srcset with the layout's sizes, a JPEG for
/// browsers without WebP, and width and height so the page does not jump while it loads. While the
/// derivatives are being made the original is shown; the page never waits for them.
/// </summary>
public sealed record Picture(MediaView Image, string Sizes, bool Priority = false)
{
    public string? WebPSrcSet => Image.Renditions is { } set
        ? string.Join(", ", set.WebP.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Url} {r.Width}w")))
        : null;

    public string Src => Image.Renditions?.Fallback.Url ?? Image.Url;

    /// <summary>The largest rendition's size: derivatives are turned upright, so they give the true aspect ratio.</summary>
    public int? Width => Image.Renditions?.WebP[^1].Width ?? Image.Width;

    public int? Height => Image.Renditions?.WebP[^1].Height ?? Image.Height;

    /// <summary>The picture for link previews: the JPEG derivative (every preview bot reads JPEG), else the original.</summary>
    public static (string Url, int? Width, int? Height) ForSharing(MediaView image) =>
        image.Renditions is { } set ? (set.Fallback.Url, set.Fallback.Width, set.Fallback.Height) : (image.Url, image.Width, image.Height);
}
