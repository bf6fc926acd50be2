using Microsoft.AspNetCore.DataProtection;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Hosting;

internal static class HostingExtensions
{
    /// <summary>Cross-cutting host services: data-protection keys in the database, compression, forwarded headers.</summary>
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        // Serve the build's fingerprinted and precompressed static assets also when running from a
        // checkout outside Development (scripts/run.sh runs Release); a no-op for published output.
        builder.WebHost.UseStaticWebAssets();
        // The key ring is in the database, shared by every node (and carried by its backups); keys
        // from the data folder of older versions are adopted at start (Cms.Hosting.SharedKeyRing).
        builder.Services.AddDataProtection()
            .SetApplicationName("PromoSite")
            .PersistKeysToDbContext<CmsDbContext>();
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html", "text/css", "application/javascript", "application/json", "application/problem+json", "application/xml", "text/xml", "image/svg+xml"];
        });
        var proxies = TrustedProxies(builder.Configuration.GetSection("Hosting:TrustedProxies").Get<string[]>() ?? []);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The defaults trust any loopback peer, so anything on this machine (or a proxy that
            // passes the header through) could choose the client address the rate limits count.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Addresses)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in proxies.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            // Empty lists make the middleware trust every peer, so with no proxy configured the
            // headers are not read at all.
            options.ForwardedHeaders = proxies.Addresses.Count + proxies.Networks.Count == 0
                ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None
                : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        });
        return builder;
    }

    /// <summary>
    /// Hosting:TrustedProxies: addresses ("127.0.0.1", "::1") and CIDR networks ("10.0.0.0/8") of the
    /// reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. A typo stops the
    /// start with the entry named, rather than silently trusting nothing or too much.
    /// </summary>
    internal static (List<System.Net.IPAddress> Addresses, List<System.Net.IPNetwork> Networks) TrustedProxies(IEnumerable<string> entries)
    {
        var addresses = new List<System.Net.IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (System.Net.IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"Hosting:TrustedProxies: '{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
            }
        }

        return (addresses, networks);
    }

    /// <summary>Runs before everything, the output cache included: the scheme and client address must be right first.</summary>
    public static WebApplication UseForwarding(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi") || context.Request.Path.StartsWithSegments("/health");

    public static WebApplication UseHosting(this WebApplication app)
    {
        // Pages fail into a localized HTML page; the API and everything machine-read keep ProblemDetails.
        app.UseWhen(IsApi, api => api.UseExceptionHandler());
        app.UseWhen(context => !IsApi(context), site => site.UseExceptionHandler("/error"));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // sent only on HTTPS requests, as the standard requires
        }

        // An empty 404 from a page (a print page or an enquiry form for nothing) gets the localized
        // page too; the API keeps ProblemDetails.
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), site => site.UseStatusCodePagesWithReExecute("/error"));
        app.UseResponseCompression();

        // Images from this site, and map tiles from the one configured tile host (Site:Map:TileUrl), nothing else.
        var tiles = new Maps.MapOptions();
        app.Configuration.GetSection(Maps.MapOptions.Section).Bind(tiles);
        var policy = $"default-src 'self'; img-src 'self' data:{(tiles.TileOrigin() is { } origin ? " " + origin : "")}; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = policy;
            await next();
        });
        return app;
    }
}
