using System.Diagnostics;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Publications;

/// <summary>
/// EPUBCheck, the reference validator, from Debian's epubcheck package (scripts/test.sh installs
/// it). Required, not optional: a missing validator fails the test with the way to install it.
/// </summary>
internal static class EpubCheck
{
    private const string Jar = "/usr/share/java/epubcheck.jar";

    /// <summary>Validates the books in one Java process; returns EPUBCheck's exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> files)
    {
        Assert.True(File.Exists(Jar), $"{Jar} is missing: install Debian's epubcheck package (scripts/test.sh does: apt-get install epubcheck).");
        var batch = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "tests", "PromoSite.Web.Tests", "Publications", "EpubCheckBatch.java");
        var start = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // C1 only and the serial collector: a short-lived JVM starts and finishes faster that way.
        foreach (var argument in new[] { "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", Jar, batch }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public static async Task AssertValidAsync(IReadOnlyList<string> files)
    {
        var (exitCode, output) = await RunAsync(files);
        Assert.True(exitCode == 0 && output.Split('\n').Count(l => l.StartsWith("=== exit 0", StringComparison.Ordinal)) == files.Count,
            $"epubcheck found problems:\n{output}");
    }
}
