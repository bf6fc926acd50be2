using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Printing;

namespace PromoSite.Cms.Tests;

public sealed class ChromiumPdfTests
{
    private static ChromiumPdf Printer(string chromium = "/usr/bin/chromium") =>
        new(Options.Create(new PrintingOptions { Chromium = chromium }), NullLogger<ChromiumPdf>.Instance);

    private static async Task<string> TextOfAsync(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            var start = new ProcessStartInfo("pdftotext", [file, "-"]) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_page_in_vietnamese_and_korean_prints_to_a_pdf_whose_text_reads_back()
    {
        var pdf = await Printer().PrintAsync(
            """<!doctype html><html lang="vi"><meta charset="utf-8"><link rel="stylesheet" href="print.css"><h1>Báo cáo hiệu quả Đồng Nai</h1><p lang="ko">동나이성 투자 설명회</p>""",
            CancellationToken.None,
            new Dictionary<string, byte[]> { ["print.css"] = "h1 { color: #123456 }"u8.ToArray() });

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = await TextOfAsync(pdf);
        Assert.Contains("Báo cáo hiệu quả Đồng Nai", text, StringComparison.Ordinal);
        Assert.Contains("동나이성 투자 설명회", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_chromium_the_print_is_refused_with_a_reason_not_a_crash()
    {
        var refused = await Assert.ThrowsAsync<PdfUnavailableException>(() => Printer("/nonexistent/chromium").PrintAsync("<p>x</p>", CancellationToken.None));
        Assert.Contains("/nonexistent/chromium", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_asset_name_that_climbs_out_of_the_print_folder_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Printer().PrintAsync("<p>x</p>", CancellationToken.None, new Dictionary<string, byte[]> { ["../escape.css"] = [] }));
    }
}
