using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Hosting;

namespace PromoSite.Cms.Tests;

/// <summary>The loop of every leased background job: rounds at each tick or nudge, only under the lease, never overlapping, surviving failures, ending quietly.</summary>
public sealed class LeasedRoundWorkerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_failed_round_is_logged_and_the_next_tick_runs_the_job_again()
    {
        var clock = new FakeTimeProvider();
        var logger = new ListLogger();
        using var worker = new CountingWorker(new FakeLease(), clock, logger) { FailFirst = true };
        await worker.StartAsync(CancellationToken.None);

        await worker.RoundsReach(1); // at start, and it throws
        clock.Advance(TimeSpan.FromMinutes(1));
        await worker.RoundsReach(2);

        var failure = Assert.Single(logger.Errors);
        Assert.Contains("counting", failure, StringComparison.Ordinal);
        Assert.False(worker.ExecuteTask!.IsCompleted);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_nudge_runs_a_round_before_the_tick_and_the_ticks_go_on()
    {
        var clock = new FakeTimeProvider();
        using var worker = new CountingWorker(new FakeLease(), clock, new ListLogger());
        await worker.StartAsync(CancellationToken.None);
        await worker.RoundsReach(1);

        worker.Nudge();
        await worker.RoundsReach(2); // the fake clock has not moved: the nudge alone did it

        clock.Advance(TimeSpan.FromMinutes(1));
        await worker.RoundsReach(3);
        await worker.StopAsync(CancellationToken.None);
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task While_another_node_holds_the_lease_no_round_runs_here()
    {
        var clock = new FakeTimeProvider();
        var lease = new FakeLease { HeldElsewhere = true };
        using var worker = new CountingWorker(lease, clock, new ListLogger());
        await worker.StartAsync(CancellationToken.None);
        await lease.AskedReach(1);
        clock.Advance(TimeSpan.FromMinutes(1));
        await lease.AskedReach(2);
        Assert.Equal(0, worker.Rounds);

        lease.HeldElsewhere = false; // its holder died and the lease lapsed
        clock.Advance(TimeSpan.FromMinutes(1));
        await worker.RoundsReach(1);
        Assert.All(lease.Names, n => Assert.Equal("counting", n));
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_job_with_nothing_to_do_on_this_node_starts_no_loop()
    {
        var lease = new FakeLease();
        using var worker = new CountingWorker(lease, new FakeTimeProvider(), new ListLogger()) { On = false };
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(Wait);
        Assert.Equal(0, lease.Asked);
    }

    [Fact]
    public async Task Rounds_started_by_hand_and_by_the_loop_never_overlap()
    {
        using var worker = new CountingWorker(new FakeLease(), new FakeTimeProvider(), new ListLogger()) { Slow = TimeSpan.FromMilliseconds(50) };
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => worker.RunByHandAsync()));
        Assert.Equal(8, worker.Rounds);
        Assert.Equal(1, worker.MostAtOnce);
    }

    private sealed class CountingWorker(IJobLease lease, TimeProvider clock, ILogger logger) : LeasedRoundWorker(lease, logger)
    {
        private readonly SemaphoreSlim _done = new(0);
        private int _rounds;
        private int _running;

        public bool FailFirst { get; init; }

        public bool On { get; init; } = true;

        public TimeSpan Slow { get; init; }

        public int Rounds => Volatile.Read(ref _rounds);

        public int MostAtOnce { get; private set; }

        protected override string LeaseName => "counting";

        protected override TimeProvider Pace => clock;

        protected override bool Enabled => On;

        public Task RunByHandAsync() => OneRoundAtATimeAsync(RoundAsync, CancellationToken.None);

        public async Task RoundsReach(int count)
        {
            while (Rounds < count)
            {
                Assert.True(await _done.WaitAsync(Wait), $"only {Rounds} round(s), {count} expected");
            }
        }

        protected override async Task RoundAsync(CancellationToken ct)
        {
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _running));
            await Task.Delay(Slow, ct);
            Interlocked.Decrement(ref _running);
            var round = Interlocked.Increment(ref _rounds);
            _done.Release();
            if (FailFirst && round == 1)
            {
                throw new InvalidOperationException("the mail server is down");
            }
        }
    }

    private sealed class FakeLease : IJobLease
    {
        private readonly SemaphoreSlim _asked = new(0);
        private int _count;

        public bool HeldElsewhere { get; set; }

        public int Asked => Volatile.Read(ref _count);

        public List<string> Names { get; } = [];

        public string Holder => "this node";

        public Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct = default)
        {
            lock (Names)
            {
                Names.Add(name);
            }

            Interlocked.Increment(ref _count);
            _asked.Release();
            return Task.FromResult(!HeldElsewhere);
        }

        public Task ReleaseAsync(string name, CancellationToken ct = default) => Task.CompletedTask;

        public async Task AskedReach(int count)
        {
            while (Asked < count)
            {
                Assert.True(await _asked.WaitAsync(Wait), $"asked {Asked} time(s), {count} expected");
            }
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (Errors)
                {
                    Errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
