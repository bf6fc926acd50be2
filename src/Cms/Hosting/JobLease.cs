using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Hosting;

/// <summary>
/// Background work that must run on one node at a time (webhook dispatch, enquiry mail and
/// retention, the press monitor, reports, derivatives; the periodic ones through
/// <see cref="LeasedRoundWorker"/>): a named lease in the database, held by one process until it lets it lapse. The holder renews it at every round, so
/// it keeps the work while it lives; a killed node's lease expires and the next node to ask takes
/// the work over. A row rather than a PostgreSQL advisory lock: the same code works on SQLite, and
/// an expiry survives a connection that hangs instead of dropping.
/// </summary>
public interface IJobLease
{
    /// <summary>This process's name in the lease table (machine, process id and a random part: two apps in one process differ).</summary>
    string Holder { get; }

    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="duration"/>; false while another live holder has it.</summary>
    Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct = default);

    /// <summary>Lets the lease go at once (a node that stops cleanly), if this process holds it.</summary>
    Task ReleaseAsync(string name, CancellationToken ct = default);
}

public static class JobLeasing
{
    /// <summary>How long a holder keeps a job without renewing it: longer than any round, short enough for a takeover to be prompt.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(2);

    extension(CmsDbContext db)
    {
        public DbSet<JobLeaseRow> JobLeases => db.Set<JobLeaseRow>();
    }

    /// <summary>Runs <paramref name="work"/> when this process holds (or now takes) the lease; false when another node has it.</summary>
    public static async Task<bool> RunOnceAsync(this IJobLease lease, string name, Func<CancellationToken, Task> work, CancellationToken ct = default, TimeSpan? duration = null)
    {
        if (!await lease.TryAcquireAsync(name, duration ?? DefaultDuration, ct))
        {
            return false;
        }

        await work(ct);
        return true;
    }

    internal static IServiceCollection AddJobLeases(this IServiceCollection services) => services.AddSingleton<IJobLease, DatabaseJobLease>();

    internal sealed class Mapping : IEntityTypeConfiguration<JobLeaseRow>
    {
        public void Configure(EntityTypeBuilder<JobLeaseRow> lease)
        {
            lease.ToTable("job_leases");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(100);
            lease.Property(l => l.Holder).HasMaxLength(200);
        }
    }
}

/// <summary>One job's lease: who holds it and until when (UTC).</summary>
public sealed class JobLeaseRow
{
    public string Name { get; set; } = "";

    public string Holder { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}

internal sealed class DatabaseJobLease(IServiceScopeFactory scopes, TimeProvider clock) : IJobLease
{
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.JobLeases.AnyAsync(l => l.Name == name, ct))
        {
            db.JobLeases.Add(new JobLeaseRow { Name = name, Holder = "", ExpiresAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node made the row at the same moment: the update below decides.
            }
        }

        // One statement decides: it takes the row only if this process holds it or it has lapsed
        // (a row lock in PostgreSQL, the one writer in SQLite), so two nodes never both win.
        var until = now + duration;
        var holder = Holder;
        return await db.JobLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct) == 1;
    }

    public async Task ReleaseAsync(string name, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var holder = Holder;
        var past = clock.GetUtcNow().UtcDateTime.AddSeconds(-1);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, past), ct);
    }
}
