namespace IoTJobs.Client.Retry
{
    /// <summary>
    /// The retry quota of the AWS SDKs' standard and adaptive modes: a token bucket per client that every counted retry
    /// pays (5 tokens, 10 after a timeout or dropped connection) and successes refill. In a regional outage it runs dry
    /// after about 100 retries, so a bulk run fails fast instead of retrying every item to its limit. Thread-safe.
    /// </summary>
    public sealed class RetryQuota
    {
        /// <summary>botocore / AWSSDK.Core: INITIAL_RETRY_TOKENS.</summary>
        public const int DefaultCapacity = 500;
        /// <summary>Cost of a retry after an error response (RETRY_COST).</summary>
        public const int RetryCost = 5;
        /// <summary>Cost of a retry after a timeout or a dropped connection (RETRY_TIMEOUT_COST).</summary>
        public const int TimeoutRetryCost = 10;
        /// <summary>What a success that needed no retry gives back (NO_RETRY_INCREMENT).</summary>
        public const int NoRetryIncrement = 1;

        private readonly object _gate = new object();
        private int _available;
        private long _refused;

        public RetryQuota(int capacity = DefaultCapacity)
        {
            if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The retry quota capacity must be 0 or more.");
            Capacity = capacity;
            _available = capacity;
        }

        public int Capacity { get; }

        /// <summary>Tokens left.</summary>
        public int Available
        {
            get { lock (_gate) return _available; }
        }

        /// <summary>Retries refused so far because the bucket was empty.</summary>
        public long Refused => Interlocked.Read(ref _refused);

        /// <summary>What a retry after this error costs.</summary>
        public static int CostOf(string? errorCode) =>
            errorCode == ErrorCodes.RequestTimeout || errorCode == ErrorCodes.RequestTimeoutException || errorCode == ErrorCodes.ConnectionFailure
                ? TimeoutRetryCost
                : RetryCost;

        /// <summary>Takes the cost of one retry; false (nothing taken) when the bucket cannot pay it.</summary>
        public bool TryAcquire(int cost)
        {
            lock (_gate)
            {
                if (_available < cost)
                {
                    _refused++;
                    return false;
                }
                _available -= cost;
                return true;
            }
        }

        /// <summary>A call's attempt succeeded: give back the last retry's cost, or the no-retry increment.</summary>
        public void OnSuccess(int lastRetryCost)
        {
            lock (_gate)
            {
                _available = Math.Min(Capacity, _available + (lastRetryCost > 0 ? lastRetryCost : NoRetryIncrement));
            }
        }
    }
}
