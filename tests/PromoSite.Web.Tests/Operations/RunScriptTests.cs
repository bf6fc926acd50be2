using System.Diagnostics;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Operations;

/// <summary>
/// scripts/run.sh on a machine without libvips: it warns and goes on to start the site, whether
/// apt-get is missing or fails. The script runs with a PATH of stubs (dotnet records that it was
/// called; no sudo), so nothing is installed or published.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash scripts, Unix file modes
public sealed class RunScriptTests
{
    [Theory]
    [InlineData(null, "cannot be installed here")]
    [InlineData("exit 100", "could not install libvips-tools")]
    public async Task Run_sh_warns_and_starts_the_site_when_vips_cannot_be_installed(string? aptGet, string warning)
    {
        var bin = TestFolders.NewFolder("stub-path");
        foreach (var tool in new[] { "bash", "dirname", "id", "true" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool));
        }

        var calls = Path.Combine(bin, "dotnet-calls");
        Stub(bin, "dotnet", $"echo \"$*\" >> {calls}");
        Stub(bin, "sudo", "[ \"$1\" = -n ] && shift; exec \"$@\""); // so the test reads the same as root or not
        if (aptGet is not null)
        {
            Stub(bin, "apt-get", aptGet);
        }

        var script = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "scripts", "run.sh");
        var start = new ProcessStartInfo("/usr/bin/bash", [script, "--urls", "http://127.0.0.1:1"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PATH"] = bin;
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("warning", error, StringComparison.Ordinal);
        Assert.Contains(warning, error, StringComparison.Ordinal);
        var dotnet = await File.ReadAllLinesAsync(calls);
        Assert.StartsWith("publish src/Web", dotnet[0], StringComparison.Ordinal);
        Assert.EndsWith("--urls http://127.0.0.1:1", dotnet[1], StringComparison.Ordinal);
    }

    private static void Stub(string folder, string name, string body)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/usr/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
