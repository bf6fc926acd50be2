using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Scale;

/// <summary>Background jobs on two cms nodes over one database: run by one node at a time, taken over when its lease lapses.</summary>
public sealed class JobLeaseTests
{
    private static IJobLease LeaseOf(PromoSiteFactory app) => app.Services.GetRequiredService<IJobLease>();

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_job_held_by_one_node_is_refused_to_the_other_until_its_lease_lapses(DatabaseProvider provider)
    {
        await using var nodes = await Nodes.StartAsync(provider, "cms", "cms");
        var (a, b) = (LeaseOf(nodes.A), LeaseOf(nodes.B));
        var lease = TimeSpan.FromSeconds(2);

        Assert.True(await a.TryAcquireAsync("test-job", lease));
        Assert.False(await b.TryAcquireAsync("test-job", lease));
        Assert.True(await a.TryAcquireAsync("test-job", lease)); // the holder renews

        await Task.Delay(lease + TimeSpan.FromMilliseconds(300)); // A stops renewing, as a killed node would
        Assert.True(await b.TryAcquireAsync("test-job", lease));
        Assert.False(await a.TryAcquireAsync("test-job", lease));

        await b.ReleaseAsync("test-job");
        Assert.True(await a.TryAcquireAsync("test-job", lease)); // a clean stop hands over at once
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Two_nodes_asking_at_the_same_moment_run_the_work_once(DatabaseProvider provider)
    {
        await using var nodes = await Nodes.StartAsync(provider, "cms", "cms");
        var (a, b) = (LeaseOf(nodes.A), LeaseOf(nodes.B));

        for (var round = 0; round < 20; round++)
        {
            var runs = 0;
            Task Work(CancellationToken ct)
            {
                Interlocked.Increment(ref runs);
                return Task.CompletedTask;
            }

            var name = $"race-{round}";
            var won = await Task.WhenAll(a.RunOnceAsync(name, Work), b.RunOnceAsync(name, Work));

            Assert.Equal(1, runs);
            Assert.Single(won, w => w);
        }
    }

    [Fact]
    public async Task Only_one_of_two_cms_nodes_dispatches_webhooks()
    {
        await using var nodes = await Nodes.StartAsync(DatabaseProvider.Postgres, "cms", "cms");
        var (a, b) = (LeaseOf(nodes.A), LeaseOf(nodes.B));

        string? holder = null;
        for (var i = 0; i < 100 && holder is null; i++)
        {
            await using var scope = nodes.A.Services.CreateAsyncScope();
            holder = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().JobLeases.Where(l => l.Name == "webhooks" && l.Holder != "").Select(l => l.Holder).FirstOrDefaultAsync();
            await Task.Delay(100);
        }

        Assert.Contains(holder, new[] { a.Holder, b.Holder });
        var other = holder == a.Holder ? b : a;
        Assert.False(await other.TryAcquireAsync("webhooks", JobLeasing.DefaultDuration));
    }
}
