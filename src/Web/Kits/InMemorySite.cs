using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;

namespace PromoSite.Web.Kits;

/// <summary>
/// The running application's own pipeline, asked in memory: the rest of the pipeline from where
/// <see cref="KitExtensions.UseConferenceKits"/> stands is captured when the app is built and served
/// by a TestServer of its own (as the export verb serves the whole app), so a kit's pages are the
/// very pages visitors get, rendered without a socket, a port or the listening server's address.
/// Requests are anonymous: only published content comes out.
/// </summary>
internal sealed class InMemorySite(IServiceProvider services) : IDisposable
{
    private RequestDelegate? _pipeline;
    private TestServer? _server;
    private readonly Lock _starting = new();

    public void Capture(RequestDelegate pipeline) => _pipeline = pipeline;

    /// <summary>A client whose requests arrive as if addressed to <paramref name="baseUrl"/> (the live site), so absolute URLs point there.</summary>
    public HttpClient CreateClient(string baseUrl)
    {
        var client = Server().CreateClient();
        client.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
        return client;
    }

    private TestServer Server()
    {
        lock (_starting)
        {
            if (_server is null)
            {
                var pipeline = _pipeline ?? throw new InvalidOperationException("UseConferenceKits() is not in the pipeline.");
                var server = new TestServer(services);
                ((IServer)server).StartAsync(new PipelineApplication(pipeline, services.GetRequiredService<IHttpContextFactory>()), CancellationToken.None).GetAwaiter().GetResult();
                _server = server;
            }

            return _server;
        }
    }

    public void Dispose() => _server?.Dispose();

    /// <summary>What the host does for each request (a context with its own service scope), around the captured pipeline.</summary>
    private sealed class PipelineApplication(RequestDelegate pipeline, IHttpContextFactory contexts) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => contexts.Create(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => pipeline(context);

        public void DisposeContext(HttpContext context, Exception? exception) => contexts.Dispose(context);
    }
}
