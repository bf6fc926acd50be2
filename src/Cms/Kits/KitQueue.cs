using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Kits;

/// <summary>The "Kits" settings: how long a finished zip may be downloaded, and how many items one kit may hold.</summary>
public sealed class KitOptions
{
    public const string Section = "Kits";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    public int MaxItems { get; set; } = 300;
}

public enum KitState { Queued, Building, Ready, Failed }

/// <summary>One kit asked for: its progress while it is built, then its zip until it expires.</summary>
public sealed class KitJob(string id, KitRequest request, DateTime createdAt)
{
    public string Id { get; } = id;

    public KitRequest Request { get; } = request;

    public DateTime CreatedAt { get; } = createdAt;

    public KitState State { get; internal set; }

    public int Done { get; internal set; }

    public int Total { get; internal set; }

    public KitContents? Contents { get; internal set; }

    public DateTime? ExpiresAt { get; internal set; }

    internal string File { get; set; } = "";

    /// <summary>The file name a download gets: the campaign in ASCII letters and the date.</summary>
    public string DownloadName =>
        $"kit-{new string([.. Request.Campaign.Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit).Take(40)])}-{CreatedAt:yyyyMMdd}.zip";
}

/// <summary>
/// Kits waiting, being built and ready, in this process's memory (the cms role is one node): one kit
/// is built at a time, since a kit renders hundreds of pages and prints PDFs with Chromium. Finished
/// zips live under the data folder's kits/ and are deleted when they expire, or when the process
/// restarts (their jobs are gone with it).
/// </summary>
public sealed class KitQueue
{
    private readonly ConcurrentDictionary<string, KitJob> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<KitJob> _waiting = Channel.CreateUnbounded<KitJob>();
    private readonly TimeProvider _clock;

    public KitQueue(DataFolder data, TimeProvider clock, IOptions<KitOptions> options)
    {
        _clock = clock;
        Options = options.Value;
        Folder = data.Combine("kits");
        Directory.CreateDirectory(Folder);
        // Jobs live in memory: a zip left by an earlier process can no longer be downloaded. Only old
        // ones go, since another node may share the data folder and be building one now.
        foreach (var file in Directory.EnumerateFiles(Folder).Where(f => File.GetLastWriteTimeUtc(f) < clock.GetUtcNow().UtcDateTime - Options.Lifetime))
        {
            TryDelete(file);
        }
    }

    public KitOptions Options { get; }

    internal string Folder { get; }

    internal ChannelReader<KitJob> Waiting => _waiting.Reader;

    public KitJob Enqueue(KitRequest request)
    {
        var job = new KitJob(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), request, _clock.GetUtcNow().UtcDateTime);
        job.File = Path.Combine(Folder, job.Id + ".zip");
        _jobs[job.Id] = job;
        _waiting.Writer.TryWrite(job);
        return job;
    }

    /// <summary>The job, or null when there is none or its zip has expired (and is deleted now).</summary>
    public KitJob? Find(string? id)
    {
        Sweep();
        return id is not null && _jobs.TryGetValue(id, out var job) ? job : null;
    }

    /// <summary>The kits still known, newest first.</summary>
    public IReadOnlyList<KitJob> Recent()
    {
        Sweep();
        return [.. _jobs.Values.OrderByDescending(j => j.CreatedAt)];
    }

    /// <summary>The zip of a ready kit, opened for reading.</summary>
    public Stream? Open(KitJob job) => job.State == KitState.Ready && File.Exists(job.File) ? File.OpenRead(job.File) : null;

    internal void Sweep()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var job in _jobs.Values.Where(j => j.ExpiresAt <= now))
        {
            if (_jobs.TryRemove(job.Id, out _))
            {
                TryDelete(job.File);
            }
        }
    }

    internal void Finish(KitJob job, KitContents contents)
    {
        job.Contents = contents;
        job.ExpiresAt = _clock.GetUtcNow().UtcDateTime + Options.Lifetime;
        job.State = KitState.Ready;
    }

    internal void Fail(KitJob job)
    {
        job.State = KitState.Failed;
        job.ExpiresAt = _clock.GetUtcNow().UtcDateTime + Options.Lifetime;
        TryDelete(job.File);
    }

    internal static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Being downloaded right now; the next sweep after a restart clears the folder.
        }
    }
}

/// <summary>Builds the queued kits one after another, and deletes expired ones every minute.</summary>
internal sealed partial class KitWorker(KitQueue queue, IServiceScopeFactory scopes, ILogger<KitWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var sweeper = new PeriodicTimer(TimeSpan.FromMinutes(1));
        var sweeping = SweepAsync(sweeper, stoppingToken);
        try
        {
            await foreach (var job in queue.Waiting.ReadAllAsync(stoppingToken))
            {
                await BuildAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await sweeping;
    }

    private async Task SweepAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                queue.Sweep();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task BuildAsync(KitJob job, CancellationToken ct)
    {
        job.State = KitState.Building;
        var partial = job.File + ".partial";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var builder = scope.ServiceProvider.GetRequiredService<IKitBuilder>();
            KitContents contents;
            await using (var file = File.Create(partial))
            {
                contents = await builder.BuildAsync(job.Request, file, new Progress(job), ct);
            }

            File.Move(partial, job.File, overwrite: true);
            queue.Finish(job, contents);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(logger, job.Id, e);
            KitQueue.TryDelete(partial);
            queue.Fail(job);
        }
    }

    /// <summary>Written straight into the job (IProgress&lt;T&gt;'s Progress class would post to the thread pool, out of order).</summary>
    private sealed class Progress(KitJob job) : IProgress<KitProgress>
    {
        public void Report(KitProgress value) => (job.Done, job.Total) = (value.Done, value.Total);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Conference kit {Id} could not be built")]
    private static partial void LogFailed(ILogger logger, string id, Exception exception);
}

public static class KitQueueExtensions
{
    /// <summary>
    /// The queue, and its worker where the node runs background work (a site node serves no admin and
    /// writes nothing in the background); the host adds the <see cref="IKitBuilder"/> that renders its pages.
    /// </summary>
    public static IServiceCollection AddKitQueue(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration, bool runWorker)
    {
        services.AddOptions<KitOptions>().Bind(configuration.GetSection(KitOptions.Section));
        services.AddSingleton<KitQueue>();
        if (runWorker)
        {
            services.AddHostedService<KitWorker>();
        }

        return services;
    }
}
