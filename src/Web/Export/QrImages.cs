using PromoSite.Cms.Sharing;
using QRCoder;

namespace PromoSite.Web.Export;

/// <summary>
/// Both QR images of one printed address from one QR matrix. The site's endpoints draw each image on its own
/// (<see cref="Cms.Sharing.ShortLinkService.QrSvg"/>, <see cref="Cms.Sharing.ShortLinkService.QrPng"/>), and
/// computing the matrix (encoding, error correction, choosing the mask) was nine tenths of drawing either, so an
/// export that needs both for every code computed each matrix twice. Same generator, same settings, same bytes:
/// a test compares them with the endpoints' functions. Either image can be left out (a one-pager's code is shown only
/// as SVG), and is then null.
/// </summary>
internal static class QrImages
{
    public static (byte[]? Svg, byte[]? Png) Draw(string printedUrl, bool svg = true, bool png = true)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(printedUrl, QRCodeGenerator.ECCLevel.Q);
        return (svg ? System.Text.Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(10)) : null, png ? QrPngWriter.Write(data, 20) : null);
    }
}
