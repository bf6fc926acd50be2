using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Kits;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Kits;

/// <summary>
/// A kit's zip may be downloaded for 24 hours (Kits:Lifetime), then it is deleted and its page says so.
/// The queue's clock is a FakeTimeProvider (only the queue's: sign-in cookies keep real time), so a day
/// passes in a line.
/// </summary>
public sealed class KitExpiryTests
{
    [Fact]
    public async Task A_kit_older_than_24_hours_is_deleted_and_its_page_says_it_expired_while_a_younger_one_stays()
    {
        using var content = ContentFolder.Fixture();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, testServices: services =>
        {
            services.RemoveAll<KitQueue>();
            services.AddSingleton(s => new KitQueue(s.GetRequiredService<DataFolder>(), clock, s.GetRequiredService<IOptions<KitOptions>>()));
        });
        var queue = app.Services.GetRequiredService<KitQueue>();
        Assert.Equal(TimeSpan.FromHours(24), queue.Options.Lifetime);
        var editor = await AdminClient.ForNewUserAsync(app, "kit-expiry@example.org", Role.Editor);
        // A heritage site in Vietnamese: a page and a QR poster, no one-pager to print with Chromium, so the kits build in seconds.
        var request = new KitRequest(["vi"], [], [await app.ItemIdAsync("mo-co-hang-gon")], "Expiry", KitTests.Live, "kit-expiry@example.org");

        var old = queue.Enqueue(request);
        await KitTests.WaitAsync(editor, old.Id);
        clock.Advance(TimeSpan.FromHours(12));
        var young = queue.Enqueue(request);
        await KitTests.WaitAsync(editor, young.Id);
        var kits = app.Services.GetRequiredService<DataFolder>().Combine("kits");
        var oldZip = Path.Combine(kits, old.Id + ".zip");
        var youngZip = Path.Combine(kits, young.Id + ".zip");
        Assert.True(File.Exists(oldZip) && File.Exists(youngZip));

        // One second before the old kit's 24 hours: still there and downloadable.
        clock.Advance(old.ExpiresAt!.Value - clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(1));
        var (kept, _) = await editor.GetAsync($"/admin/kits?job={old.Id}");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.True(File.Exists(oldZip));

        // A minute past them: the old zip is deleted, its page and download say it is gone; the 12-hour-old kit stays.
        clock.Advance(TimeSpan.FromMinutes(1));
        var (expired, expiredPage) = await editor.GetAsync($"/admin/kits?job={old.Id}");
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("đã hết hạn và bị xóa", expiredPage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.False(File.Exists(oldZip), "the expired zip is deleted");
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Http.GetAsync(new Uri($"/admin/kits?handler=Download&job={old.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Http.GetAsync(new Uri($"/admin/kits?handler=Status&job={old.Id}", UriKind.Relative))).StatusCode);

        var (stays, staysPage) = await editor.GetAsync($"/admin/kits?job={young.Id}");
        Assert.Equal(HttpStatusCode.OK, stays.StatusCode);
        Assert.Null(staysPage.QuerySelector("[role=alert]"));
        Assert.True(File.Exists(youngZip), "the younger zip stays");
        var download = await editor.Http.GetAsync(new Uri($"/admin/kits?handler=Download&job={young.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal([young.Id], queue.Recent().Select(j => j.Id).ToArray());

        // And at its own 24 hours, the younger one goes too.
        clock.Advance(young.ExpiresAt!.Value - clock.GetUtcNow().UtcDateTime);
        var (later, _) = await editor.GetAsync($"/admin/kits?job={young.Id}");
        Assert.Equal(HttpStatusCode.NotFound, later.StatusCode);
        Assert.False(File.Exists(youngZip));
        Assert.Empty(queue.Recent());
    }
}
