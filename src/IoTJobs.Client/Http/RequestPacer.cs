using System.Collections.Concurrent;

namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Adaptive retry mode's pacing: one <see cref="AdaptiveRateLimiter"/> per operation, shared by every request of the
    /// client (AWS limits are per API). In standard mode it paces nothing.
    /// </summary>
    internal sealed class RequestPacer
    {
        private readonly ConcurrentDictionary<string, AdaptiveRateLimiter>? _limiters;
        private readonly IClock _clock;

        public RequestPacer(bool adaptive, IClock clock)
        {
            _clock = clock;
            if (adaptive) _limiters = new ConcurrentDictionary<string, AdaptiveRateLimiter>(StringComparer.Ordinal);
        }

        public bool Adaptive => _limiters != null;

        /// <summary>The limiter of an operation key; null in standard mode.</summary>
        public AdaptiveRateLimiter? LimiterFor(string key) =>
            _limiters?.GetOrAdd(key, k => new AdaptiveRateLimiter(k, () => _clock.Elapsed.TotalSeconds, _clock.Delay));

        /// <summary>Waits for the operation's turn; the pace is handed back with the attempt's answer.</summary>
        public async Task<Pace> AcquireAsync(string key, CancellationToken cancellationToken)
        {
            var limiter = LimiterFor(key);
            if (limiter == null) return default;
            return new Pace(limiter, await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false));
        }

        /// <summary>How long ago the operation last succeeded; null in standard mode or before any success.</summary>
        public TimeSpan? SinceLastSuccess(string key) => LimiterFor(key)?.SinceLastSuccess;
    }

    /// <summary>One attempt's permission to send, from <see cref="RequestPacer.AcquireAsync"/>.</summary>
    internal readonly struct Pace
    {
        private readonly AdaptiveRateLimiter? _limiter;
        private readonly double _sentAt;

        public Pace(AdaptiveRateLimiter limiter, double sentAt)
        {
            _limiter = limiter;
            _sentAt = sentAt;
        }

        /// <summary>Feeds the answer back to the limiter (throttled: the service said "too fast").</summary>
        public void OnAnswer(bool throttled) => _limiter?.OnResponse(_sentAt, throttled);
    }
}
