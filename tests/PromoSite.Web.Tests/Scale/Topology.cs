using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Scale;

/// <summary>
/// The deployment of docs/deploy.md on one machine, as real processes on 127.0.0.1: nginx with the
/// committed deploy/nginx/promosite.conf (its node addresses, certificate and cache folder replaced
/// by this run's) in front of two site nodes and one cms node, a second cms node beside them (the
/// warm standby), all started from the built PromoSite.Web.dll on one PostgreSQL database and one
/// S3 bucket. Started once for the tests of <see cref="TopologyTests"/>; every process is stopped
/// and the database and bucket dropped at the end, whatever happened.
/// </summary>
public sealed partial class Topology : IAsyncLifetime
{
    public const string EditorEmail = "topology.editor@dongnai.example";
    public const string EditorPassword = "topology editor's password 2026";

    private readonly string _work = TestFolders.NewFolder("topology");
    private readonly List<Node> _nodes = [];
    private readonly SemaphoreSlim _starting = new(1, 1);
    private Task? _started;
    private TestDatabase? _database;
    private TestMedia? _media;
    private ContentFolder? _content;
    private string? _nginxConf;
    private X509Certificate2? _certificate;

    public Node Cms { get; private set; } = null!;

    public Node Cms2 { get; private set; } = null!;

    public Node Site1 { get; private set; } = null!;

    public Node Site2 { get; private set; } = null!;

    /// <summary>https://127.0.0.1:{port}: nginx's TLS server.</summary>
    public Uri Proxy { get; private set; } = null!;

    /// <summary>A management API token of <see cref="EditorEmail"/> (read, write:vi, write:ko, media:upload).</summary>
    public string Token { get; private set; } = "";

    public TestDatabase Database => _database!;

    public TestMedia Media => _media!;

    /// <summary>nginx's access log: status, upstream address(es) and upstream status(es) per request.</summary>
    public string AccessLog => Path.Combine(_work, "access.log");

    /// <summary>Skips when run outside scripts/test.sh without its servers; starts everything once.</summary>
    public async Task EnsureStartedAsync()
    {
        TestMedia.RequireS3();
        Xunit.Skip.If(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)),
            $"{TestDatabase.PostgresVariable} is not set: the topology runs on PostgreSQL. scripts/test.sh starts one.");
        await _starting.WaitAsync();
        try
        {
            _started ??= StartAsync();
        }
        finally
        {
            _starting.Release();
        }

        await _started;
    }

    /// <summary>A client of nginx that trusts this run's certificate only and keeps no cookies of its own.</summary>
    public HttpClient ProxyClient(CookieContainer? cookies = null)
    {
        var thumbprint = _certificate!.Thumbprint;
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
        return new HttpClient(handler) { BaseAddress = Proxy, Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task StartAsync()
    {
        var nginx = Which("nginx") ?? throw new InvalidOperationException("nginx is not installed; scripts/test.sh installs it from Debian's packages (apt-get install nginx).");
        _ = Which("openssl") ?? throw new InvalidOperationException("openssl is not installed (apt-get install openssl).");
        var dll = WebDll();
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        _content = ContentFolder.Fixture();

        var ports = FreePorts(6);
        Cms = new Node("cms", "cms", ports[0]);
        Site1 = new Node("site1", "site", ports[1]);
        Site2 = new Node("site2", "site", ports[2]);
        Cms2 = new Node("cms2", "cms", ports[3]);
        Proxy = new Uri($"https://127.0.0.1:{ports[4]}/");

        // The first cms node migrates and imports the fixture; the others then start together.
        await StartNodeAsync(Cms, dll);
        await Task.WhenAll(StartNodeAsync(Site1, dll), StartNodeAsync(Site2, dll), StartNodeAsync(Cms2, dll));
        await CreateEditorAndTokenAsync();
        await StartNginxAsync(nginx, ports[4], ports[5]);
    }

    private async Task StartNodeAsync(Node node, string dll)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Find(AppContext.BaseDirectory)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--role", node.Role, "--urls", node.Address.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        // Configuration as an operator's systemd unit gives it (docs/deploy.md): environment variables.
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["PROMOSITE_DATA"] = Directory.CreateDirectory(Path.Combine(_work, node.Name)).FullName,
            ["ContentPath"] = _content!.Path,
            ["ConnectionStrings__Postgres"] = _database!.Settings.ConnectionString,
            ["Hosting__TrustedProxies__0"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information", // "Now listening on", in the node's log
            ["Media__Derivatives"] = "false", // the two cores are for the nodes and nginx here
            ["Webhooks__PollInterval"] = "00:00:00.500",
        };
        foreach (var (key, value) in _media!.Settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = Path.Combine(_work, node.Name + ".log");
        var process = Process.Start(start)!;
        node.Process = process;
        node.Log = log;
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        var writer = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        node.Writer = writer;
        void Write(string? line)
        {
            try
            {
                if (line is not null)
                {
                    writer.WriteLine(line);
                }
            }
            catch (ObjectDisposedException)
            {
                // The node is being stopped; its last words are not needed.
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(240);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {node.Name} node stopped at start (exit {process.ExitCode}):\n{Tail(log)}");
            }

            try
            {
                using var health = await client.GetAsync(new Uri(node.Address, "/health"));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "/health took longer than 10 s";
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The {node.Name} node did not answer /health with 200 within 240 s (last: {last}):\n{Tail(log)}");
    }

    /// <summary>An editor and a token, made with the application's own services on the shared database (what /admin/users and /admin/tokens do).</summary>
    private async Task CreateEditorAndTokenAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Role"] = "cms" }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCmsCore(configuration, _database!.Settings, new DataFolder(TestFolders.NewFolder("data")))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var (user, problem) = await accounts.CreateUserAsync("topology test", EditorEmail, "Topology editor", Role.Editor, [], EditorPassword, null);
        Assert.True(problem is null, problem);
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        await db.Users.Where(u => u.Email == EditorEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
        var (created, problems) = await new ApiTokenService(db, accounts, TimeProvider.System).CreateAsync(
            user!, "topology", [Scopes.Read, Scopes.Write("vi"), Scopes.Write("ko"), Scopes.UploadMedia], DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), null);
        Assert.True(created is not null, string.Join(", ", problems));
        Token = created.Text;
    }

    private async Task StartNginxAsync(string nginx, int httpsPort, int httpPort)
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory)!;
        var committed = await File.ReadAllTextAsync(Path.Combine(root, "deploy", "nginx", "promosite.conf"));
        var key = Path.Combine(_work, "key.pem");
        var cert = Path.Combine(_work, "cert.pem");
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        _certificate = X509CertificateLoader.LoadCertificateFromFile(cert);

        var cache = Directory.CreateDirectory(Path.Combine(_work, "cache")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(_work, "temp")).FullName;
        // Only these values differ from what an operator deploys; each must be found, or the committed file changed shape.
        var replacements = new (string From, string To)[]
        {
            ("127.0.0.1:5100", $"127.0.0.1:{Cms.Port}"),
            ("127.0.0.1:5101", $"127.0.0.1:{Site1.Port}"),
            ("127.0.0.1:5102", $"127.0.0.1:{Site2.Port}"),
            ("/var/cache/nginx/promosite", cache),
            ("listen 443 ssl", $"listen 127.0.0.1:{httpsPort} ssl"),
            ("listen 80;", $"listen 127.0.0.1:{httpPort};"),
            ("/etc/letsencrypt/live/dongnai.example.gov.vn/fullchain.pem", cert),
            ("/etc/letsencrypt/live/dongnai.example.gov.vn/privkey.pem", key),
        };
        var site = committed;
        foreach (var (from, to) in replacements)
        {
            Assert.True(site.Contains(from, StringComparison.Ordinal), $"deploy/nginx/promosite.conf no longer contains '{from}', which the topology test replaces.");
            site = site.Replace(from, to, StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(Path.Combine(_work, "promosite.conf"), site);
        // The main context an operator's /etc/nginx/nginx.conf has, in this run's folder.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        _nginxConf = Path.Combine(_work, "nginx.conf");
        await File.WriteAllTextAsync(_nginxConf, $$"""
            {{user}}worker_processes 1;
            pid {{_work}}/nginx.pid;
            error_log {{_work}}/error.log warn;
            events { worker_connections 512; }
            http {
                log_format topology '$status $request_method $uri "$upstream_addr" "$upstream_status" $upstream_cache_status';
                access_log {{AccessLog}} topology;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{_work}}/promosite.conf;
            }
            """);
        await RunAsync(nginx, "-t", "-q", "-p", _work, "-e", Path.Combine(_work, "error.log"), "-c", _nginxConf);
        await RunAsync(nginx, "-p", _work, "-e", Path.Combine(_work, "error.log"), "-c", _nginxConf);

        using var client = ProxyClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException("nginx did not answer:\n" + Tail(Path.Combine(_work, "error.log")));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Runs a tool to its end; a non-zero exit is an exception with its output.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }

        return await output + await error;
    }

    public static string Tail(string file, int lines = 40) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(lines)) : "(no log)";

    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>The app as built beside the tests (Debug or Release, as this test project was built).</summary>
    internal static string WebDll()
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory)!;
        var configuration = ConfigurationName().Match(AppContext.BaseDirectory) is { Success: true } m ? m.Groups[1].Value : "Debug";
        var built = Path.Combine(root, "src", "Web", "bin", configuration, "net10.0", "PromoSite.Web.dll");
        return File.Exists(built) ? built : Path.Combine(AppContext.BaseDirectory, "PromoSite.Web.dll");
    }

    internal static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public Task InitializeAsync() => Task.CompletedTask; // started by the first test that needs it (after its skip checks)

    // xunit 2 disposes class fixtures through IAsyncLifetime (not IAsyncDisposable).
    public async Task DisposeAsync()
    {
        if (_nginxConf is not null && Which("nginx") is { } nginx)
        {
            try
            {
                await RunAsync(nginx, "-p", _work, "-e", Path.Combine(_work, "error.log"), "-c", _nginxConf, "-s", "stop");
            }
            catch (InvalidOperationException)
            {
                // Not running (it failed to start): nothing to stop.
            }
        }

        foreach (var node in _nodes)
        {
            node.Stop();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_media is not null)
        {
            await _media.DisposeAsync();
        }

        _content?.Dispose();
        _certificate?.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"[/\\]bin[/\\]([^/\\]+)[/\\]net")]
    private static partial Regex ConfigurationName();

    /// <summary>One node: a PromoSite.Web process with its role, port and log.</summary>
    public sealed class Node(string name, string role, int port)
    {
        public string Name { get; } = name;

        public string Role { get; } = role;

        public int Port { get; } = port;

        public Uri Address { get; } = new($"http://127.0.0.1:{port}/");

        public Process? Process { get; set; }

        public string Log { get; set; } = "";

        public TextWriter? Writer { get; set; }

        /// <summary>kill -9: no shutdown, no goodbye to nginx or the database, as a crashed machine.</summary>
        public void Kill()
        {
            if (Process is { HasExited: false } process)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }

        public void Stop()
        {
            Kill();
            Process?.Dispose();
            Writer?.Dispose();
        }
    }
}
