using System.Net;
using Microsoft.AspNetCore.OutputCaching;
using OpenTelemetry.Metrics;
using PromoSite.Cms.Metrics;

namespace PromoSite.Web.Hosting;

/// <summary>
/// OpenTelemetry metrics with a Prometheus scrape endpoint at /metrics: ASP.NET Core's request
/// rate and duration, HttpClient's (webhooks, feeds, mail), the .NET runtime's, and PromoSite's own
/// (<see cref="SiteMetrics"/>). /metrics is for the operator's Prometheus only: it answers only
/// clients in Metrics:AllowedNetworks (loopback by default).
/// </summary>
internal static class MetricsExtensions
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddMetricsExport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(SiteMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// The scrape endpoint, after forwarded headers (behind nginx the client, not nginx, is judged).
    /// Who may scrape is a network boundary, not a person, so it is not an authorization policy (which
    /// would answer with a sign-in challenge): a client outside the allowed networks gets the site's
    /// ordinary 404, as if there were nothing here. Middleware rather than an endpoint, so scrapes
    /// pass no further down the pipeline (no analytics, no output cache).
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var allowed = AllowedNetworks(app.Configuration.GetSection("Metrics:AllowedNetworks").Get<string[]>());
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == Path && context.Connection.RemoteIpAddress is { } address && IsAllowed(allowed, address));
        return app;
    }

    internal static bool IsAllowed(IReadOnlyList<IPNetwork> allowed, IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(n => n.Contains(plain));
    }

    /// <summary>Metrics:AllowedNetworks:0..n, addresses or CIDR networks; unset: loopback only. A typo stops the start.</summary>
    internal static List<IPNetwork> AllowedNetworks(string[]? entries)
    {
        if (entries is null || entries.Length == 0)
        {
            return [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];
        }

        var networks = new List<IPNetwork>();
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException($"Metrics:AllowedNetworks: '{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
            }
        }

        return networks;
    }
}

/// <summary>Counts output-cache hits and misses for <see cref="SiteMetrics"/> (a base policy, so it sees every cacheable request).</summary>
internal sealed class CacheLookupMetrics(SiteMetrics metrics) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.CacheHit();
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.EnableOutputCaching && context.AllowCacheLookup)
        {
            metrics.CacheMiss();
        }

        return ValueTask.CompletedTask;
    }
}
