using System;

namespace IoTJobs.Client
{
    /// <summary>
    /// AWS "standard" retry mode: retry throttling codes, transient codes/statuses (500/502/503/504), timeouts and
    /// connection failures; delay = min(random(0,1) * 2^(attempt-1) * base, 20 s) (full jitter, as botocore).
    /// The retry quota (token bucket) of standard mode is not implemented: attempts are already capped per call.
    /// </summary>
    public sealed class StandardRetryStrategy : IRetryStrategy
    {
        public const int DefaultMaxAttempts = 3;
        public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(20);

        private readonly Func<double> _random;
        private readonly TimeSpan _maxBackoff;
        private readonly TimeSpan _baseDelay;
        private readonly object _randomLock = new object();

        /// <param name="maxAttempts">Total attempts including the first (at least 1).</param>
        /// <param name="maxBackoff">Cap for one delay; default 20 s.</param>
        /// <param name="baseDelay">Scale of the exponential series; default 1 s (tests use milliseconds).</param>
        /// <param name="random">Source of jitter in [0,1); default a shared Random.</param>
        public StandardRetryStrategy(int maxAttempts = DefaultMaxAttempts, TimeSpan? maxBackoff = null, TimeSpan? baseDelay = null, Func<double>? random = null)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "maxAttempts must be at least 1.");
            MaxAttempts = maxAttempts;
            _maxBackoff = maxBackoff ?? DefaultMaxBackoff;
            _baseDelay = baseDelay ?? TimeSpan.FromSeconds(1);
            if (random != null) _random = random;
            else
            {
                var rng = new Random();
                _random = () => { lock (_randomLock) return rng.NextDouble(); };
            }
        }

        public int MaxAttempts { get; }

        public TimeSpan? GetRetryDelay(IoTServiceException error, int attemptsMade)
        {
            if (attemptsMade >= MaxAttempts) return null;
            if (!ErrorCodes.IsRetryable(error.ErrorCode, error.StatusCode)) return null;
            return ComputeDelay(attemptsMade);
        }

        /// <summary>The full-jitter delay after the given 1-based attempt.</summary>
        public TimeSpan ComputeDelay(int attemptsMade)
        {
            double exp = Math.Pow(2, Math.Max(0, attemptsMade - 1));
            double ms = _random() * exp * _baseDelay.TotalMilliseconds;
            return TimeSpan.FromMilliseconds(Math.Min(ms, _maxBackoff.TotalMilliseconds));
        }
    }
}
