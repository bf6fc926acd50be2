using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Processes;

namespace PromoSite.Cms.Printing;

/// <summary>Where Debian's Chromium is and how long one print may take ("Printing" section).</summary>
public sealed class PrintingOptions
{
    public const string Section = "Printing";

    /// <summary>The Chromium executable; Debian's package installs /usr/bin/chromium.</summary>
    public string Chromium { get; set; } = "/usr/bin/chromium";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Chromium is not installed (or cannot start) on this node: the PDF cannot be made here.</summary>
public sealed class PdfUnavailableException(string message) : Exception(message);

/// <summary>
/// Prints a self-contained HTML document to PDF with headless Chromium (reports for the People's
/// Committee, one-pagers in the conference kit). The browser lays out CJK text, print CSS and page
/// breaks exactly as a reader's browser would, which no .NET PDF library served here does; one
/// print at a time, because a Chromium process takes a few hundred MB.
/// </summary>
public sealed partial class ChromiumPdf(IOptions<PrintingOptions> options, ILogger<ChromiumPdf> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>The PDF of <paramref name="html"/>; its relative links resolve inside <paramref name="assets"/> when given (copied beside it).</summary>
    public async Task<byte[]> PrintAsync(string html, CancellationToken ct, IReadOnlyDictionary<string, byte[]>? assets = null)
    {
        var folder = Directory.CreateTempSubdirectory("promosite-pdf-");
        try
        {
            var page = Path.Combine(folder.FullName, "page.html");
            await File.WriteAllTextAsync(page, html, ct);
            foreach (var (name, bytes) in assets ?? new Dictionary<string, byte[]>())
            {
                var target = Path.GetFullPath(Path.Combine(folder.FullName, name));
                if (!target.StartsWith(folder.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Asset name '{name}' leaves the print folder.", nameof(assets));
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, bytes, ct);
            }

            var output = Path.Combine(folder.FullName, "out.pdf");
            await _oneAtATime.WaitAsync(ct);
            try
            {
                await RunAsync(folder.FullName, new Uri(page).AbsoluteUri, output, ct);
            }
            finally
            {
                _oneAtATime.Release();
            }

            return File.Exists(output) && new FileInfo(output).Length > 0
                ? await File.ReadAllBytesAsync(output, ct)
                : throw new PdfUnavailableException("Chromium finished without writing a PDF.");
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    private async Task RunAsync(string folder, string url, string output, CancellationToken ct)
    {
        var chromium = options.Value.Chromium;
        ExternalToolResult result;
        try
        {
            // The flags keep a headless print from reaching for Google's services (the network is closed
            // on most servers) and from sharing a profile with another print.
            result = await ExternalTool.RunAsync(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Path.Combine(folder, "profile"), "--no-pdf-header-footer",
                    "--run-all-compositor-stages-before-draw", "--print-to-pdf=" + output, url,
                ],
                options.Value.Timeout,
                null,
                ct);
        }
        catch (ExternalToolUnavailableException e)
        {
            LogChromiumMissing(logger, chromium, e.Reason);
            throw new PdfUnavailableException($"Chromium ({chromium}) could not be started: {e.Reason}");
        }
        catch (TimeoutException)
        {
            throw new PdfUnavailableException($"Chromium did not finish the print within {options.Value.Timeout.TotalSeconds:0} s.");
        }

        if (!result.Succeeded)
        {
            LogChromiumFailed(logger, result.ExitCode, result.Errors);
            throw new PdfUnavailableException($"Chromium stopped with exit code {result.ExitCode}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium ({Path}) could not be started, so no PDF can be made on this node: {Reason}. Install Debian's chromium package.")]
    private static partial void LogChromiumMissing(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium stopped with exit code {Code} while printing a PDF: {Errors}")]
    private static partial void LogChromiumFailed(ILogger logger, int code, string errors);
}

public static class PrintingExtensions
{
    public static IServiceCollection AddPrinting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrintingOptions>().Bind(configuration.GetSection(PrintingOptions.Section));
        services.AddSingleton<ChromiumPdf>();
        return services;
    }
}
