namespace IoTJobs.Emulator;

/// <summary>Decides, per API request, whether to answer with a fault. A seed makes the sequence of decisions repeatable.</summary>
internal sealed class FaultInjector
{
    public enum Fault { None, ServiceUnavailable, DropConnection }

    private readonly double _rate;
    private readonly int? _seed;
    private readonly object _lock = new();
    private Random _random;

    public FaultInjector(double rate, int? seed)
    {
        _rate = rate;
        _seed = seed;
        _random = seed is int s ? new Random(s) : new Random();
    }

    /// <summary>Two draws per request (fault or not, then which fault), taken under a lock so the order is the arrival order.</summary>
    public Fault Next()
    {
        if (_rate <= 0) return Fault.None;
        lock (_lock)
        {
            if (_random.NextDouble() >= _rate) return Fault.None;
            return _random.NextDouble() < 0.5 ? Fault.ServiceUnavailable : Fault.DropConnection;
        }
    }

    /// <summary>Restarts the sequence (on /_emulator/reset) so a seeded run can be repeated against one server.</summary>
    public void Reset()
    {
        lock (_lock) _random = _seed is int s ? new Random(s) : new Random();
    }
}
