namespace IoTJobs.Client.Retry
{
    /// <summary>The retry state of one call: created by the request pipeline, updated by the <see cref="IRetryPolicy"/>.</summary>
    public sealed class RetryCall
    {
        public RetryCall(int maxAttempts)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "maxAttempts must be at least 1.");
            MaxAttempts = maxAttempts;
        }

        /// <summary>The attempts this call may make that count (adaptive mode lets some throttled ones through free).</summary>
        public int MaxAttempts { get; }

        /// <summary>The attempts made so far that count against <see cref="MaxAttempts"/>.</summary>
        public int CountedAttempts { get; set; }

        /// <summary>What the quota paid for the latest retry; a success gives it back.</summary>
        public int LastRetryCost { get; set; }
    }
}
