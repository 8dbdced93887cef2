using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Faults;

/// <summary>
/// Decides, per API request, whether to answer with a fault: an outage window (every request 503), a scripted fault
/// (<see cref="FaultScripts"/>) or, at --fault-rate, one of the configured kinds. A seed makes the sequence of random
/// decisions repeatable. Counts every fault it injects.
/// </summary>
internal sealed class FaultInjector
{
    public enum Fault { None, ServiceUnavailable, DropConnection, ApplyThenDrop, Outage, ExpiredToken }

    private readonly double _rate;
    private readonly int? _seed;
    private readonly FaultKind[] _kinds;
    private readonly TimeSpan? _outageStart;
    private readonly TimeSpan _outageDuration;
    private readonly TimeProvider _clock;
    private readonly object _lock = new();
    private readonly long[] _counts = new long[6];
    private Random _random;
    private long _origin;
    // Outage started through the admin endpoint: [from, until) in TimeProvider timestamps; 0 = none.
    private long _adminFrom, _adminUntil;

    public FaultInjector(double rate, int? seed, IReadOnlyList<FaultKind>? kinds = null,
        TimeSpan? outageStart = null, TimeSpan outageDuration = default, TimeProvider? clock = null, FaultScripts? scripts = null)
    {
        Scripts = scripts ?? new FaultScripts(Array.Empty<ScriptedFault>());
        _rate = rate;
        _seed = seed;
        // Distinct, in the given order: the order decides which kind a draw picks, so a seed maps to one sequence.
        _kinds = (kinds == null || kinds.Count == 0 ? EmulatorOptions.DefaultFaultKinds : kinds).Distinct().ToArray();
        _outageStart = outageStart;
        _outageDuration = outageDuration;
        _clock = clock ?? TimeProvider.System;
        _random = seed is int s ? new Random(s) : new Random();
        _origin = _clock.GetTimestamp();
    }

    /// <summary>The scripted faults (POST /_emulator/fault-script changes them at run time).</summary>
    public FaultScripts Scripts { get; }

    /// <summary>
    /// The fault for the next request of an operation. In an outage: Outage, with no random draw (so the seeded sequence
    /// of the other requests does not depend on how many requests the outage saw). Then the operation's script, again
    /// without a draw. Else two draws (fault or not, then which kind), under a lock so the order is the arrival order.
    /// With kinds 503,drop this is the sequence earlier versions drew.
    /// </summary>
    public Fault Next(string operation)
    {
        if (InOutage()) return Counted(Fault.Outage);
        if (Scripts.Next(operation) is FaultKind scripted) return Counted(FaultOf(scripted));
        if (_rate <= 0) return Fault.None;
        FaultKind kind;
        lock (_lock)
        {
            if (_random.NextDouble() >= _rate) return Fault.None;
            kind = _kinds[Math.Min(_kinds.Length - 1, (int)(_random.NextDouble() * _kinds.Length))];
        }
        return Counted(FaultOf(kind));
    }

    private static Fault FaultOf(FaultKind kind) => kind switch
    {
        FaultKind.ServiceUnavailable => Fault.ServiceUnavailable,
        FaultKind.Drop => Fault.DropConnection,
        FaultKind.ExpiredToken => Fault.ExpiredToken,
        _ => Fault.ApplyThenDrop,
    };

    private Fault Counted(Fault fault)
    {
        Interlocked.Increment(ref _counts[(int)fault]);
        return fault;
    }

    /// <summary>True while the configured window (relative to start or the last reset) or an admin-started outage lasts.</summary>
    public bool InOutage()
    {
        long now = _clock.GetTimestamp();
        if (_outageStart is TimeSpan start && _outageDuration > TimeSpan.Zero)
        {
            var since = _clock.GetElapsedTime(Interlocked.Read(ref _origin), now);
            if (since >= start && since < start + _outageDuration) return true;
        }
        long from = Interlocked.Read(ref _adminFrom), until = Interlocked.Read(ref _adminUntil);
        return until != 0 && now >= from && now < until;
    }

    /// <summary>Makes every API request fail with 503 for the given time from now (zero ends an admin outage).</summary>
    public void StartOutage(TimeSpan duration)
    {
        long now = _clock.GetTimestamp();
        long until = duration <= TimeSpan.Zero ? 0 : now + (long)(duration.TotalSeconds * _clock.TimestampFrequency);
        Interlocked.Exchange(ref _adminFrom, now);
        Interlocked.Exchange(ref _adminUntil, until);
    }

    /// <summary>Injected faults so far by kind: serviceUnavailable, drop, applyThenDrop, expiredToken, outage (503s inside an outage window).</summary>
    public SortedDictionary<string, long> Counts() => new(StringComparer.Ordinal)
    {
        ["serviceUnavailable"] = Interlocked.Read(ref _counts[(int)Fault.ServiceUnavailable]),
        ["drop"] = Interlocked.Read(ref _counts[(int)Fault.DropConnection]),
        ["applyThenDrop"] = Interlocked.Read(ref _counts[(int)Fault.ApplyThenDrop]),
        ["expiredToken"] = Interlocked.Read(ref _counts[(int)Fault.ExpiredToken]),
        ["outage"] = Interlocked.Read(ref _counts[(int)Fault.Outage]),
    };

    /// <summary>
    /// Restarts the sequence (on /_emulator/reset) so a seeded run can be repeated against one server: the random
    /// sequence, the counters, an admin outage, the origin of the configured --outage window, and the scripts' counts.
    /// </summary>
    public void Reset()
    {
        lock (_lock) _random = _seed is int s ? new Random(s) : new Random();
        Scripts.Restart();
        for (int i = 0; i < _counts.Length; i++) Interlocked.Exchange(ref _counts[i], 0);
        Interlocked.Exchange(ref _adminUntil, 0);
        Interlocked.Exchange(ref _origin, _clock.GetTimestamp());
    }
}
