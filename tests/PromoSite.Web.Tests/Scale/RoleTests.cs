using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Scale;

/// <summary>--role all|cms|site: one executable, three shapes (Cms/Hosting/NodeRole.cs).</summary>
public sealed class RoleTests
{
    /// <summary>
    /// What a site node may run in the background: its own cache eviction, its own in-memory search index
    /// (kept in step with the published content; it writes nothing shared) and the page views it served.
    /// </summary>
    private static readonly string[] SiteBackground = ["ContentChangeWatcher", "ContentChangeListener", "SearchIndexKeeper", "AnalyticsWriter", "IntegrityCheckAtStart"];

    private static readonly string[] Writers = ["WebhookDispatcher", "MediaDerivativeWorker", "EnquiryWorker"];

    private static List<string> OwnHostedServices(PromoSiteFactory app) =>
        [.. app.Services.GetServices<IHostedService>().Select(s => s.GetType()).Where(t => t.Namespace?.StartsWith("PromoSite", StringComparison.Ordinal) == true).Select(t => t.Name)];

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_site_node_has_no_admin_and_no_management_api_but_serves_pages_and_the_delivery_api(DatabaseProvider provider)
    {
        await using var nodes = await Nodes.StartAsync(provider, "cms", "site");
        var site = nodes.B.CreateClient();

        foreach (var path in new[] { "/admin", "/admin/sign-in", "/admin/users", "/admin/preview/en/1", "/api/v1/manage/ocop-products", "/api/v1/manage/webhooks", "/api/v1/manage/translations/coverage" })
        {
            Assert.True(HttpStatusCode.NotFound == (await site.GetAsync(new Uri(path, UriKind.Relative))).StatusCode, path + " is served on a site node");
        }

        var upload = await site.PostAsync(new Uri("/api/v1/manage/media-files", UriKind.Relative), new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);

        var page = await site.GetAsync(new Uri("/en/ocop/tan-trieu-pomelo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Tan Trieu pomelo", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await site.GetAsync(new Uri("/api/v1/en/ocop-products", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Contains("tan-trieu-pomelo", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The cms node on the same database keeps its admin.
        Assert.Equal(HttpStatusCode.OK, (await nodes.A.CreateClient().GetAsync(new Uri("/admin/sign-in", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_site_node_registers_no_background_writer_and_a_cms_node_runs_them_all()
    {
        await using var nodes = await Nodes.StartAsync(DatabaseProvider.Sqlite, "cms", "site");

        var site = OwnHostedServices(nodes.B);
        Assert.All(site, name => Assert.Contains(name, SiteBackground));
        Assert.Contains("ContentChangeWatcher", site);

        var cms = OwnHostedServices(nodes.A);
        Assert.All(Writers, writer => Assert.Contains(writer, cms));
    }

    [Fact]
    public async Task Without_a_role_everything_runs_in_one_process_as_before()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();

        Assert.All(Writers, writer => Assert.Contains(writer, OwnHostedServices(app)));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(new Uri("/admin/sign-in", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_role_stops_the_start_with_the_roles_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PromoSiteFactory.StartWithFixtureAsync(settings: new Dictionary<string, string> { ["Role"] = "admin" }));

        Assert.Contains("all (the default), cms and site", error.ToString(), StringComparison.Ordinal);
    }
}
