using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PromoSite.Cms.Hosting;

/// <summary>
/// The loop every background job of a cms node runs: a round at start, then one at each tick of
/// <see cref="Interval"/> (or sooner, when <see cref="Nudge"/> is called), each under the job lease
/// <see cref="LeaseName"/> so that one node of several does the work; a failed round is logged and the
/// next tick tries again. A round that throws never ends the loop (the host would stop with it), and
/// shutting down ends it quietly. The job writes its round and, where rounds are also started by hand
/// (tests, an admin button), wraps it in <see cref="OneRoundAtATimeAsync{T}"/> so that no mail or
/// delivery goes out twice.
/// </summary>
public abstract partial class LeasedRoundWorker(IJobLease lease, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _nudge = new(0);
    private readonly SemaphoreSlim _oneRound = new(1, 1);

    /// <summary>The lease in job_leases (one name per job: two nodes asking for it run the round once).</summary>
    protected abstract string LeaseName { get; }

    /// <summary>The time between rounds, measured on <see cref="Pace"/>.</summary>
    protected virtual TimeSpan Interval => TimeSpan.FromMinutes(1);

    /// <summary>The clock the ticks follow: real time, or the job's own clock where its rounds are timed by the day (tests move it).</summary>
    protected virtual TimeProvider Pace => TimeProvider.System;

    /// <summary>The job's logger (its category is the job's class).</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>False when this node has nothing to do for the job (its mail or its feature is not configured): no loop starts.</summary>
    protected virtual bool Enabled => true;

    /// <summary>The work of one round, run while this node holds the lease.</summary>
    protected abstract Task RoundAsync(CancellationToken ct);

    /// <summary>New work has arrived: run a round now rather than at the next tick (several nudges during a round make as many rounds after it).</summary>
    public void Nudge() => _nudge.Release();

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, Pace);
        do
        {
            try
            {
                await lease.RunOnceAsync(LeaseName, RoundAsync, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure, a timeout that surfaces as a cancellation included: the job is tried again at the next tick.
                LogRoundFailed(Logger, ex, LeaseName, Interval);
            }
        }
        while (await NextRoundAsync(timer, stoppingToken));
    }

    /// <summary>Runs <paramref name="round"/> once no other round of this job runs in this process.</summary>
    protected async Task<T> OneRoundAtATimeAsync<T>(Func<CancellationToken, Task<T>> round, CancellationToken ct)
    {
        await _oneRound.WaitAsync(ct);
        try
        {
            return await round(ct);
        }
        finally
        {
            _oneRound.Release();
        }
    }

    /// <inheritdoc cref="OneRoundAtATimeAsync{T}"/>
    protected Task OneRoundAtATimeAsync(Func<CancellationToken, Task> round, CancellationToken ct) =>
        OneRoundAtATimeAsync(
            async c =>
            {
                await round(c);
                return true;
            },
            ct);

    /// <summary>Waits for the next tick or a nudge, whichever comes first; false once the host stops.</summary>
    private async Task<bool> NextRoundAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tick = timer.WaitForNextTickAsync(either.Token).AsTask();
        var nudge = _nudge.WaitAsync(either.Token);
        await Task.WhenAny(tick, nudge);

        // The loser is cancelled (a cancelled timer wait leaves the timer running; a cancelled nudge
        // wait takes no count) and awaited, so the timer has no wait pending at the next call.
        await either.CancelAsync();
        try
        {
            await Task.WhenAll(tick, nudge);
        }
        catch (OperationCanceledException)
        {
        }

        return !stoppingToken.IsCancellationRequested && (!tick.IsCompletedSuccessfully || tick.Result);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Job} round failed; it runs again within {Interval}.")]
    private static partial void LogRoundFailed(ILogger logger, Exception ex, string job, TimeSpan interval);
}
