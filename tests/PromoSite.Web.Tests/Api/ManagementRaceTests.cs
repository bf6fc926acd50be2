using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Api;

/// <summary>
/// Two writers on one item: a save's answer describes exactly the version that save wrote, so a
/// client that chains ETags never holds one for a text it has not seen.
/// </summary>
public sealed class ManagementRaceTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task A_save_answers_with_the_version_and_text_it_wrote_even_when_another_save_follows_at_once(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var writers = new[]
        {
            await AdminClient.ForNewUserAsync(app, "writer.one@dongnai.example", Role.Editor),
            await AdminClient.ForNewUserAsync(app, "writer.two@dongnai.example", Role.Editor),
        };

        var mismatches = new List<string>();
        var saved = 0;
        await Task.WhenAll(writers.Select((client, w) => Task.Run(async () =>
        {
            for (var n = 0; n < 30; n++)
            {
                using var read = await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative));
                var title = $"Writer {w} save {n}";
                using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/ko")
                {
                    Content = JsonContent.Create(new { fields = new JsonObject { ["title"] = title, ["summary"] = "Tóm tắt." }, status = "draft" }),
                };
                put.Headers.IfMatch.Add(read.Headers.ETag!);
                using var response = await client.Http.SendAsync(put);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode); // the other writer won this round
                    continue;
                }

                var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                var answered = body["locales"]!["ko"]!["fields"]!["title"]!.GetValue<string>();
                var version = body["version"]!.GetValue<int>();
                lock (mismatches)
                {
                    saved++;
                    if (answered != title || response.Headers.ETag?.Tag != $"\"{version}\"")
                    {
                        mismatches.Add($"sent '{title}', answered '{answered}' version {version} ETag {response.Headers.ETag}");
                    }
                }
            }
        })));

        Assert.True(saved >= 30, $"only {saved} saves went through");
        Assert.Empty(mismatches);
    }
}
