using System.ComponentModel;
using System.Diagnostics;

namespace PromoSite.Cms.Processes;

/// <summary>How an external program ended: its exit code and what it wrote (stderr is what a failure is explained with).</summary>
public sealed record ExternalToolResult(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>The program is not installed, or this node may not start it: nothing the input did, so callers degrade rather than fail the item.</summary>
public sealed class ExternalToolUnavailableException(string path, string reason) : Exception($"{path} could not be started: {reason}")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}

/// <summary>
/// Runs the external programs the CMS leans on (Chromium for PDFs, libvips for image derivatives,
/// pg_dump and pg_restore for backups) the one safe way: arguments passed one by one (never through
/// a shell, so a file name cannot become a command), both output streams drained while it runs (a full
/// pipe would stall it), and on a timeout or a cancellation the whole process tree killed (Chromium
/// starts helpers that would otherwise outlive the request). Its folder depends on nothing else in the
/// CMS, so any feature may use it without a dependency loop.
/// </summary>
public static class ExternalTool
{
    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="arguments"/> and waits for it, at most <paramref name="timeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: no limit but <paramref name="ct"/>).
    /// </summary>
    /// <exception cref="ExternalToolUnavailableException">The program cannot be started (not installed, not executable).</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it has been killed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; it has been killed.</exception>
    public static async Task<ExternalToolResult> RunAsync(
        string path, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolUnavailableException(path, e.Message);
        }

        using var process = started ?? throw new ExternalToolUnavailableException(path, "no process was started");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return new ExternalToolResult(process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{System.IO.Path.GetFileName(path)} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }
}
