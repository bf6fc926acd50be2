using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>X-Forwarded-For is believed only from configured proxies, so rotating it cannot get past the per-address limits.</summary>
public sealed class ForwardedHeadersTests
{
    /// <summary>The test server has no peer address; this makes every request come from loopback, as from a local proxy or another local process.</summary>
    private sealed class LoopbackPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static ContentFolder Content() => Site.EnquiryTests.Content();

    private static async Task<HttpStatusCode> EnquireAsync(HttpClient client, string path, string forwardedFor)
    {
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var form = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("form.enquiry-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Name"] = "Kim Min-jun",
            ["Email"] = "minjun@hanbit.example",
            ["Message"] = "창고 임대 조건과 일정이 궁금합니다.",
            ["Consent"] = "true",
        }));
        return response.StatusCode;
    }

    private static async Task<(WebApplicationFactory<Program> App, PromoSiteFactory Site)> StartAsync(DatabaseProvider provider, string content, Dictionary<string, string> settings)
    {
        var site = new PromoSiteFactory(await TestDatabase.CreateAsync(provider), content, settings);
        var app = site.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new LoopbackPeer())));
        _ = app.Server;
        return (app, site);
    }

    private static async Task<(string Path, int Stored)> PathAndCountAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var id = await db.Items.Where(i => i.Key == "cum-logistics").Select(i => i.Id).SingleAsync();
        return ($"/en/enquiry/{id}", await db.Enquiries.CountAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Without_a_configured_proxy_a_rotating_forwarded_address_does_not_get_past_the_enquiry_limit(DatabaseProvider provider)
    {
        using var content = Content();
        var (app, site) = await StartAsync(provider, content.Path, new() { ["Enquiries:PerHourPerAddress"] = "2" });
        await using var siteLease = site;
        await using var appLease = app;
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (path, _) = await PathAndCountAsync(app);

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            statuses.Add(await EnquireAsync(client, path, $"203.0.113.{i}"));
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, (await PathAndCountAsync(app)).Stored);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Behind_a_configured_proxy_the_forwarded_address_is_the_one_counted(DatabaseProvider provider)
    {
        using var content = Content();
        var (app, site) = await StartAsync(provider, content.Path, new()
        {
            ["Enquiries:PerHourPerAddress"] = "2",
            ["Hosting:TrustedProxies:0"] = "10.9.9.9",
            ["Hosting:TrustedProxies:1"] = "127.0.0.0/8",
        });
        await using var siteLease = site;
        await using var appLease = app;
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (path, _) = await PathAndCountAsync(app);

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add(await EnquireAsync(client, path, "198.51.100.7"));
        }

        var second = await EnquireAsync(client, path, "198.51.100.8");

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.Redirect, second); // another visitor behind the same proxy has their own allowance
        Assert.Equal(3, (await PathAndCountAsync(app)).Stored);
    }

    [Fact]
    public void A_trusted_proxy_entry_that_is_neither_an_address_nor_a_network_stops_the_start()
    {
        var (addresses, networks) = Hosting.HostingExtensions.TrustedProxies(["127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"]);
        Assert.Equal(2, addresses.Count);
        Assert.Equal(2, networks.Count);
        var error = Assert.Throws<InvalidOperationException>(() => Hosting.HostingExtensions.TrustedProxies(["10.0.0.0/33"]));
        Assert.Contains("10.0.0.0/33", error.Message, StringComparison.Ordinal);
    }
}
