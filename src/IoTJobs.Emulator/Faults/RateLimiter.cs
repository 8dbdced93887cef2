using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Faults;

/// <summary>
/// One token bucket per API operation, like AWS's per-API TPS limits. Refill = limit tokens per second;
/// capacity = RateLimitBurst, or max(1, ceil(limit)) when unset (so a 10 TPS limit allows a burst of 10, then 10/s).
/// </summary>
internal sealed class RateLimiter
{
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public RateLimiter(EmulatorOptions options, TimeProvider? time = null)
    {
        var clock = time ?? TimeProvider.System;
        foreach (string op in Operations.All)
        {
            double? limit = options.OperationRateLimits.TryGetValue(op, out double l) ? l : options.RateLimit;
            if (limit == null) continue;
            int capacity = options.RateLimitBurst ?? Math.Max(1, (int)Math.Ceiling(limit.Value));
            _buckets[op] = new TokenBucket(limit.Value, capacity, clock);
        }
    }

    /// <summary>True if the call may proceed (takes a token); false = throttle.</summary>
    public bool TryAcquire(string operation) => !_buckets.TryGetValue(operation, out var b) || b.TryTake();

    public void Reset()
    {
        foreach (var b in _buckets.Values) b.Refill();
    }

    private sealed class TokenBucket
    {
        private readonly double _ratePerTick;
        private readonly double _capacity;
        private readonly TimeProvider _clock;
        private readonly object _lock = new();
        private double _tokens;
        private long _last;

        public TokenBucket(double perSecond, int capacity, TimeProvider clock)
        {
            _ratePerTick = perSecond / clock.TimestampFrequency;
            _capacity = capacity;
            _clock = clock;
            _tokens = capacity;
            _last = clock.GetTimestamp();
        }

        public bool TryTake()
        {
            lock (_lock)
            {
                long now = _clock.GetTimestamp();
                _tokens = Math.Min(_capacity, _tokens + (now - _last) * _ratePerTick);
                _last = now;
                if (_tokens < 1) return false;
                _tokens -= 1;
                return true;
            }
        }

        public void Refill()
        {
            lock (_lock)
            {
                _tokens = _capacity;
                _last = _clock.GetTimestamp();
            }
        }
    }
}
