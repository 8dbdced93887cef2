using System.Diagnostics;

namespace IoTJobs.PowerShell.Bulk
{
    /// <summary>
    /// How many requests a bulk command keeps in flight without -ThrottleLimit. A fixed limit either caps the rate at
    /// limit / item latency or only queues requests in the rate limiter, so the limit follows what it measures per window
    /// of items: latency (sent to outcome) against time with the service (ServiceTimer); the difference is waiting (rate
    /// limiter, backoff). While items hardly wait (<see cref="WaitTolerance"/>), concurrency is the bottleneck and the
    /// limit grows (doubling, then by a quarter, only while used); once they wait, it moves toward what the measured
    /// throughput needs at the measured service time (Little's law) with <see cref="Headroom"/> to spare. It stays
    /// between 1 and <see cref="Ceiling"/>; the caller (BulkDispatcher) locks.
    /// </summary>
    internal sealed class AdaptiveConcurrency
    {
        /// <summary>The documented ceiling on requests in flight without -ThrottleLimit.</summary>
        public const int Ceiling = 128;
        /// <summary>
        /// The limit at start (after the first item, which always runs alone): each doubling costs a round trip, so a
        /// start of 16 reaches the 60 or so a 200 ms region needs at 100 items/s one round trip sooner than 8 would.
        /// </summary>
        public const int Initial = 16;
        /// <summary>Waiting up to this share of the service time still counts as "not waiting".</summary>
        public const double WaitTolerance = 0.25;
        /// <summary>In flight kept above what the throughput needs at the service time.</summary>
        public const double Headroom = 1.5;

        private static readonly TimeSpan MinWindow = TimeSpan.FromMilliseconds(100);
        private const int MinSamples = 4;

        private readonly Func<TimeSpan> _clock;
        private double _limit = Initial;
        private bool _slowStart = true;
        private TimeSpan _windowStart;
        private int _samples;
        private double _latencySum;
        private double _serviceSum;
        private int _peakInFlight;

        public AdaptiveConcurrency(Func<TimeSpan>? clock = null)
        {
            if (clock == null)
            {
                var sw = Stopwatch.StartNew();
                clock = () => sw.Elapsed;
            }
            _clock = clock;
            _windowStart = _clock();
        }

        /// <summary>The current limit on requests in flight (1 to <see cref="Ceiling"/>).</summary>
        public int Limit => (int)Math.Max(1, Math.Min(Ceiling, Math.Round(_limit)));

        /// <summary>The mean time with the service per item in the last window, in seconds (NaN before any).</summary>
        public double ServiceTime { get; private set; } = double.NaN;

        /// <summary>The number in flight when an item was started: the limit only grows when it is used.</summary>
        public void Started(int inFlight) => _peakInFlight = Math.Max(_peakInFlight, inFlight);

        /// <summary>
        /// One item completed after <paramref name="latency"/> (sent to outcome), of which <paramref name="service"/>
        /// was spent with the service; null when unknown (then all of it counts as service time).
        /// </summary>
        public void Completed(TimeSpan latency, TimeSpan? service = null)
        {
            var seconds = Math.Max(latency.TotalSeconds, 1e-6);
            _samples++;
            _latencySum += seconds;
            _serviceSum += Math.Min(seconds, Math.Max(service?.TotalSeconds ?? seconds, 1e-6));
            var now = _clock();
            var elapsed = now - _windowStart;
            if (_samples < MinSamples || elapsed < MinWindow) return;

            var latencyMean = _latencySum / _samples;
            var serviceMean = _serviceSum / _samples;
            var throughput = _samples / elapsed.TotalSeconds;
            ServiceTime = serviceMean;

            if (latencyMean - serviceMean <= WaitTolerance * serviceMean)
            {
                // Concurrency-bound (or input-bound): grow, but only a limit that was actually used.
                if (_peakInFlight >= 0.8 * _limit)
                    _limit = Math.Min(Ceiling, _limit * (_slowStart ? 2.0 : 1.25));
            }
            else
            {
                // Waiting: aim at what the throughput needs at the service time, plus headroom; move halfway there.
                _slowStart = false;
                var target = throughput * serviceMean * Headroom + 1;
                _limit = Math.Max(1, Math.Min(Ceiling, (_limit + target) / 2));
            }

            _windowStart = now;
            _samples = 0;
            _latencySum = 0;
            _serviceSum = 0;
            _peakInFlight = 0;
        }
    }
}
