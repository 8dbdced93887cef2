using System.Collections.Concurrent;
using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.Faults;

/// <summary>Signed API requests received, per operation (lock-free increments), and the API requests being handled now.</summary>
internal sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);
    private long _inFlight;

    /// <summary>API requests received and not yet answered (admin requests are not counted).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public RequestCounters()
    {
        foreach (string op in Operations.All) _counts[op] = new long[1];
    }

    public void Increment(string operation) => Interlocked.Increment(ref _counts.GetOrAdd(operation, _ => new long[1])[0]);

    public long Get(string operation) => _counts.TryGetValue(operation, out var c) ? Interlocked.Read(ref c[0]) : 0;

    public SortedDictionary<string, long> Snapshot()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (op, c) in _counts) result[op] = Interlocked.Read(ref c[0]);
        return result;
    }

    public void Reset()
    {
        foreach (var c in _counts.Values) Interlocked.Exchange(ref c[0], 0);
    }
}
