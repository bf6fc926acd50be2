using System.Diagnostics;
using PromoSite.Cms.Processes;

namespace PromoSite.Cms.Tests;

/// <summary>The one way the CMS runs another program (Chromium, vips, pg_dump): what it says, how it ends, and that nothing outlives a timeout.</summary>
public sealed class ExternalToolTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_program_gets_its_arguments_one_by_one_and_its_environment_and_both_outputs_come_back()
    {
        var result = await ExternalTool.RunAsync(
            "/bin/sh",
            ["-c", "printf '%s|%s' \"$1\" \"$PROMOSITE_TEST\"; echo 'went wrong' >&2; exit 3", "sh", "two words; rm -rf /"],
            Minute,
            new Dictionary<string, string> { ["PROMOSITE_TEST"] = "từ môi trường" },
            CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("two words; rm -rf /|từ môi trường", result.Output);
        Assert.Equal("went wrong", result.Errors.Trim());
    }

    [Fact]
    public async Task A_program_that_is_not_installed_is_unavailable_not_a_crash()
    {
        var missing = await Assert.ThrowsAsync<ExternalToolUnavailableException>(() => ExternalTool.RunAsync("/nonexistent/vips", [], Minute, null, CancellationToken.None));
        Assert.Equal("/nonexistent/vips", missing.Path);
        Assert.Contains("/nonexistent/vips", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_over_its_time_is_killed_with_the_processes_it_started()
    {
        var pidFile = Path.GetTempFileName();
        try
        {
            // The shell starts a child (as Chromium starts its helpers) and waits for it.
            var started = Stopwatch.StartNew();
            await Assert.ThrowsAsync<TimeoutException>(() => ExternalTool.RunAsync(
                "/bin/sh", ["-c", $"sleep 60 & echo $! > {pidFile}; wait"], TimeSpan.FromMilliseconds(500), null, CancellationToken.None));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");

            var child = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
            await WaitUntilGoneAsync(child);
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task A_cancelled_run_is_killed_and_reported_as_cancelled_not_as_a_timeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExternalTool.RunAsync("/bin/sleep", ["60"], Minute, null, cancel.Token));
    }

    private static async Task WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            // A killed child may linger as a zombie until it is reaped; it no longer runs either way.
            if (!File.Exists($"/proc/{pid}/stat") || (await File.ReadAllTextAsync($"/proc/{pid}/stat")).Split(' ')[2] == "Z")
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"process {pid}, started by the timed-out program, still runs");
    }
}
