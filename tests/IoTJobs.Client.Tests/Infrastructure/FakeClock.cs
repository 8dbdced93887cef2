using IoTJobs.Client.Http;

namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told: by <see cref="Advance"/>, or by a Delay, which by default moves it at once (so a
/// backoff costs no real time and is recorded). With <see cref="AutoAdvance"/> off, a Delay waits for Advance or its
/// token. CancelAfter timeouts fire when the clock passes them.
/// </summary>
public sealed class FakeClock : IClock
{
    private readonly object _gate = new();
    private readonly DateTime _start;
    private readonly List<TimeSpan> _delays = new();
    private readonly List<TimeSpan> _timeouts = new();
    private readonly List<(TimeSpan Due, Action Fire)> _pending = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _delayWatchers = new();
    private TimeSpan _elapsed;

    public FakeClock(DateTime? start = null) => _start = start ?? DateTime.UtcNow;

    public bool AutoAdvance { get; set; } = true;

    /// <summary>Every Delay asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays { get { lock (_gate) return _delays.ToList(); } }

    /// <summary>Every CancelAfter timeout set, in order.</summary>
    public IReadOnlyList<TimeSpan> Timeouts { get { lock (_gate) return _timeouts.ToList(); } }

    public DateTime UtcNow => _start + Elapsed;

    public TimeSpan Elapsed { get { lock (_gate) return _elapsed; } }

    /// <summary>Elapsed in seconds, the form <see cref="AdaptiveRateLimiter"/> takes.</summary>
    public double Seconds => Elapsed.TotalSeconds;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        List<TaskCompletionSource> reached;
        lock (_gate)
        {
            _delays.Add(delay);
            reached = _delayWatchers.Where(w => w.Count <= _delays.Count).Select(w => w.Done).ToList();
            _delayWatchers.RemoveAll(w => w.Count <= _delays.Count);
        }
        foreach (var r in reached) r.TrySetResult();
        if (AutoAdvance)
        {
            Advance(delay);
            return Task.CompletedTask;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        At(delay, () => { registration.Dispose(); done.TrySetResult(); });
        return done.Task;
    }

    /// <summary>Completes once <paramref name="count"/> Delays have been asked for (waits at most 30 s, so a broken test fails instead of hanging).</summary>
    public Task DelayRequested(int count = 1)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_delays.Count >= count) return Task.CompletedTask;
            _delayWatchers.Add((count, done));
        }
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void CancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        lock (_gate) _timeouts.Add(delay);
        At(delay, () =>
        {
            try { source.Cancel(); }
            catch (ObjectDisposedException) { } // the attempt ended before its timeout
        });
    }

    public void Advance(TimeSpan by)
    {
        List<Action> due;
        lock (_gate)
        {
            _elapsed += by;
            due = _pending.Where(p => p.Due <= _elapsed).Select(p => p.Fire).ToList();
            _pending.RemoveAll(p => p.Due <= _elapsed);
        }
        foreach (var fire in due) fire();
    }

    public void Advance(double seconds) => Advance(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)));

    private void At(TimeSpan delay, Action fire)
    {
        bool now;
        lock (_gate)
        {
            now = delay <= TimeSpan.Zero;
            if (!now) _pending.Add((_elapsed + delay, fire));
        }
        if (now) fire();
    }
}
