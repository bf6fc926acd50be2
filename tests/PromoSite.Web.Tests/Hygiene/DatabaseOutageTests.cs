using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>
/// PostgreSQL going away must not take the public site with it: what was published goes on being
/// served from memory, /health says Degraded and why, writes get a 503 that says so, and the site
/// recovers by itself when the database is back. The database is closed to connections and its
/// sessions ended, as a restart or a failover does to the app.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static async Task SetReachableAsync(string connectionString, bool reachable)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync();
        await using var close = new NpgsqlCommand($"ALTER DATABASE \"{target.Database}\" WITH ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", connection);
        await close.ExecuteNonQueryAsync();
        if (!reachable)
        {
            await using var end = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{target.Database}' AND pid <> pg_backend_pid()", connection);
            await end.ExecuteNonQueryAsync();
        }
    }

    /// <summary>/health once it shows <paramref name="expected"/> (the checks run on their own timers: the database check at once, delivery at its next poll).</summary>
    private static async Task<string> WaitForHealthAsync(HttpClient client, string expected)
    {
        var body = "";
        for (var i = 0; i < 100 && !body.Contains(expected, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
            body = await response.Content.ReadAsStringAsync();
        }

        return body;
    }

    private static IEnumerable<string?> Titles(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString());

    [Fact]
    public async Task With_postgres_unreachable_the_site_serves_what_was_published_refuses_writes_with_503_and_recovers_by_itself()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Postgres, new Dictionary<string, string> { ["Cms:ChangePollInterval"] = "00:00:00.200" });
        var connectionString = app.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Postgres"]!;
        var editor = await AdminClient.ForNewUserAsync(app, "outage.editor@dongnai.example", Role.Editor);
        var visitor = app.CreateClient();
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var etag = (await editor.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag!;
        var published = Titles(await visitor.GetStringAsync(new Uri("/api/v1/en/ocop-products", UriKind.Relative))).ToList();
        Assert.NotEmpty(published);

        HttpRequestMessage Save()
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/ko")
            {
                Content = new StringContent("""{"fields":{"title":"떤찌에우 포멜로","summary":"동나이의 포멜로."},"status":"draft"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.IfMatch.Add(etag);
            return request;
        }

        await SetReachableAsync(connectionString, reachable: false);
        try
        {
            var degraded = await WaitForHealthAsync(visitor, "delivery: Degraded");
            Assert.StartsWith("Degraded", degraded, StringComparison.Ordinal);
            Assert.True(degraded.Contains("delivery: Degraded (the database has been unreachable since", StringComparison.Ordinal), degraded);
            Assert.NotNull(app.Services.GetRequiredService<DatabaseOutage>().Since);

            using (var list = await visitor.GetAsync(new Uri("/api/v1/en/ocop-products", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.Equal(published, Titles(await list.Content.ReadAsStringAsync()));
            }

            // A page that was never rendered before (not in the page cache) still renders from the snapshot.
            using (var page = await visitor.GetAsync(new Uri("/ko/ocop/?category=food", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            using var refused = await editor.Http.SendAsync(Save());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("database cannot be reached", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            await SetReachableAsync(connectionString, reachable: true);
        }

        Assert.Equal("Healthy", await WaitForHealthAsync(visitor, "Healthy"));
        Assert.Null(app.Services.GetRequiredService<DatabaseOutage>().Since);
        using var saved = await editor.Http.SendAsync(Save());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }
}
