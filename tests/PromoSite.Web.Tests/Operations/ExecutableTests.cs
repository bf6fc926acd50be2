using PromoSite.Testing;

namespace PromoSite.Web.Tests.Operations;

/// <summary>The console is one per process: these tests capture it, so nothing runs beside them.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The real entry point (Program's Main) with arguments, as an operator runs it; output captured.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ExecutableTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Synchronized(output));
        Console.SetError(TextWriter.Synchronized(error));
        try
        {
            var main = typeof(Program).Assembly.EntryPoint!;
            // A verb that was ignored would start the web server and never return: the timeout fails the test instead.
            var exit = await Task.Run(() => (int)main.Invoke(null, [args])!).WaitAsync(TimeSpan.FromSeconds(120));
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    [Fact]
    public async Task Help_and_a_mistyped_verb_answer_without_starting_anything()
    {
        var help = await RunAsync("--help");
        var typo = await RunAsync("improt");

        Assert.Equal(0, help.Exit);
        Assert.Contains("backup ARCHIVE.zip", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, typo.Exit);
        Assert.Contains("'improt' is not a verb", typo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_after_an_option_migrates_exits_and_prints_the_one_time_password_on_standard_output()
    {
        var data = TestFolders.NewFolder("data");

        var (exit, output, error) = await RunAsync("--urls", "http://127.0.0.1:1", "migrate", $"--PROMOSITE_DATA={data}");

        Assert.True(exit == 0, error);
        Assert.Contains("The database schema is up to date.", output, StringComparison.Ordinal);
        Assert.Matches("One-time password for admin@localhost: [a-z2-7]{16} ", output);
    }

    [Fact]
    public async Task Reset_verbs_issue_a_new_one_time_password_and_remove_the_authenticator_audited()
    {
        var data = TestFolders.NewFolder("data");
        var first = await RunAsync("migrate", $"--PROMOSITE_DATA={data}");

        var password = await RunAsync("reset-password", "Admin@Localhost", $"--PROMOSITE_DATA={data}");
        var authenticator = await RunAsync("reset-authenticator", "admin@localhost", $"--PROMOSITE_DATA={data}");
        var unknown = await RunAsync("reset-password", "nobody@example.com", $"--PROMOSITE_DATA={data}");

        Assert.True(password.Exit == 0, password.Error);
        var issued = System.Text.RegularExpressions.Regex.Match(password.Output, "One-time password for admin@localhost: ([a-z2-7]{16}) ").Groups[1].Value;
        Assert.NotEmpty(issued);
        Assert.DoesNotContain(issued, first.Output, StringComparison.Ordinal);
        Assert.True(authenticator.Exit == 0, authenticator.Error);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("There is no account nobody@example.com", unknown.Error, StringComparison.Ordinal);
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "promosite.db")};Pooling=False");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT group_concat(\"Action\", ' ') FROM (SELECT \"Action\" FROM audit_log WHERE \"Actor\" LIKE 'command-line%' ORDER BY \"Id\")";
        Assert.Equal("password-reset totp-reset", await query.ExecuteScalarAsync());
        query.CommandText = "SELECT \"MustChangePassword\" FROM users WHERE \"Email\" = 'admin@localhost'";
        Assert.Equal(1L, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Backup_then_restore_into_an_empty_folder_works_once_and_then_needs_force()
    {
        var source = TestFolders.NewFolder("data");
        var target = TestFolders.NewFolder("data");
        var archive = Path.Combine(TestFolders.NewFolder("backups"), "site.zip");
        Assert.Equal(0, (await RunAsync("migrate", $"--PROMOSITE_DATA={source}")).Exit);

        var backup = await RunAsync("backup", archive, $"--PROMOSITE_DATA={source}");
        var restore = await RunAsync("restore", archive, $"--PROMOSITE_DATA={target}");
        var again = await RunAsync("restore", archive, $"--PROMOSITE_DATA={target}");
        var forced = await RunAsync("restore", archive, "--force", $"--PROMOSITE_DATA={target}");
        var missing = await RunAsync("backup", $"--PROMOSITE_DATA={source}");

        Assert.True(backup.Exit == 0, backup.Error);
        Assert.Contains("Backup written to", backup.Output, StringComparison.Ordinal);
        Assert.True(restore.Exit == 0, restore.Error);
        Assert.Contains("the counts match", restore.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.Exit);
        Assert.Contains("not empty", again.Error, StringComparison.Ordinal);
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("usage: backup", missing.Error, StringComparison.Ordinal);
    }
}
