namespace IoTJobs.Client.Retry
{
    /// <summary>
    /// The AWS SDKs' standard retry mode (botocore retries/standard.py), with adaptive mode's free retries: what is retried,
    /// the full-jitter backoff min(random * 2^(n-1) * base, 20 s), and the <see cref="RetryQuota"/> every counted retry
    /// pays. Thread-safe; one per client.
    /// </summary>
    public sealed class RetryPolicy : IRetryPolicy
    {
        public const int DefaultMaxAttempts = 3;
        public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(20);

        /// <summary>
        /// Adaptive mode: a throttled attempt does not count against MaxAttempts while its operation had a success within
        /// this window (the run is making progress: the request is waiting its turn, not failing)...
        /// </summary>
        public static readonly TimeSpan ThrottleProgressWindow = TimeSpan.FromSeconds(2);
        /// <summary>...and the call has been going on for less than this.</summary>
        public static readonly TimeSpan MaxThrottledCallTime = TimeSpan.FromMinutes(2);

        // botocore TransientRetryableChecker codes, plus this client's transport codes.
        private static readonly HashSet<string> TransientCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            ErrorCodes.RequestTimeout, ErrorCodes.RequestTimeoutException, ErrorCodes.PriorRequestNotComplete, ErrorCodes.ConnectionFailure,
        };

        private readonly Func<double> _random;
        private readonly TimeSpan _maxBackoff;
        private readonly TimeSpan _baseDelay;
        private readonly object _randomLock = new object();

        /// <param name="maxAttempts">Attempts per call including the first, when ClientOptions.MaxAttempts does not say.</param>
        /// <param name="quota">Where retries are paid from; default a new quota of <see cref="RetryQuota.DefaultCapacity"/>.</param>
        /// <param name="baseDelay">Scale of the exponential series; default 1 s.</param>
        /// <param name="maxBackoff">Cap for one delay; default 20 s.</param>
        /// <param name="random">Source of jitter in [0,1); default a shared Random.</param>
        public RetryPolicy(int maxAttempts = DefaultMaxAttempts, RetryQuota? quota = null, TimeSpan? baseDelay = null, TimeSpan? maxBackoff = null, Func<double>? random = null)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "maxAttempts must be at least 1.");
            MaxAttempts = maxAttempts;
            Quota = quota ?? new RetryQuota();
            _baseDelay = baseDelay ?? TimeSpan.FromSeconds(1);
            _maxBackoff = maxBackoff ?? DefaultMaxBackoff;
            if (random != null) _random = random;
            else
            {
                var rng = new Random();
                _random = () => { lock (_randomLock) return rng.NextDouble(); };
            }
        }

        public int MaxAttempts { get; }

        public RetryQuota Quota { get; }

        /// <summary>
        /// Standard mode's rule: the throttling codes (ThrottlingException comes as HTTP 400, LimitExceededException as
        /// 410: classified by code), the transient codes (timeouts, dropped connections), HTTP 429 and 500/502/503/504.
        /// </summary>
        public static bool IsRetryable(string? code, int statusCode) =>
            ErrorCodes.IsThrottling(code) || (code != null && TransientCodes.Contains(code)) ||
            statusCode == 429 || statusCode == 500 || statusCode == 502 || statusCode == 503 || statusCode == 504;

        public RetryDecision Decide(RetryCall call, FailedAttempt attempt)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            if (attempt == null) throw new ArgumentNullException(nameof(attempt));
            bool retryable = IsRetryable(attempt.ErrorCode, attempt.StatusCode);
            // Adaptive mode: a throttle while the operation makes progress is the limiter's business, not a failure:
            // retry at once (the limiter paces the retry) without using up an attempt, within a bounded call time.
            if (!attempt.ClockCorrected && ErrorCodes.IsRateSignal(attempt.ErrorCode, attempt.StatusCode) &&
                attempt.SinceOperationSucceeded is TimeSpan since && since <= ThrottleProgressWindow && attempt.CallTime < MaxThrottledCallTime)
                return RetryDecision.After(TimeSpan.Zero);
            call.CountedAttempts++;
            if (call.CountedAttempts >= call.MaxAttempts || call.CountedAttempts >= MaxAttempts) return RetryDecision.GiveUp(retryable);
            // A clock-skew retry is signed afresh and sent at once; it counts as an attempt but costs no quota.
            if (attempt.ClockCorrected)
            {
                call.LastRetryCost = 0;
                return RetryDecision.After(TimeSpan.Zero);
            }
            if (!retryable) return RetryDecision.GiveUp(false);
            var delay = ComputeDelay(call.CountedAttempts);
            // The retry quota pays for every counted retry; an empty bucket ends the call with its error.
            int cost = RetryQuota.CostOf(attempt.ErrorCode);
            if (!Quota.TryAcquire(cost)) return RetryDecision.GiveUp(true, quotaExhausted: true);
            call.LastRetryCost = cost;
            return RetryDecision.After(delay);
        }

        public void OnSuccess(RetryCall call) => Quota.OnSuccess(call.LastRetryCost);

        /// <summary>The full-jitter delay after the given 1-based attempt.</summary>
        public TimeSpan ComputeDelay(int attemptsMade)
        {
            double exp = Math.Pow(2, Math.Max(0, attemptsMade - 1));
            double ms = _random() * exp * _baseDelay.TotalMilliseconds;
            return TimeSpan.FromMilliseconds(Math.Min(ms, _maxBackoff.TotalMilliseconds));
        }
    }
}
