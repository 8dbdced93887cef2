namespace IoTJobs.Client.Retry
{
    /// <summary>An <see cref="IRetryPolicy"/>'s answer about one failed attempt.</summary>
    public readonly struct RetryDecision(bool retry, TimeSpan delay, bool retryable, bool quotaExhausted)
    {
        /// <summary>Send the request again (after <see cref="Delay"/>).</summary>
        public bool Retry { get; } = retry;
        public TimeSpan Delay { get; } = delay;
        /// <summary>The policy retries failures like this one (when attempts and quota allow).</summary>
        public bool Retryable { get; } = retryable;
        /// <summary>Not retried because the retry quota could not pay for it.</summary>
        public bool QuotaExhausted { get; } = quotaExhausted;

        public static RetryDecision After(TimeSpan delay) => new RetryDecision(true, delay, true, false);
        public static RetryDecision GiveUp(bool retryable, bool quotaExhausted = false) => new RetryDecision(false, TimeSpan.Zero, retryable, quotaExhausted);

        public override string ToString() => Retry ? $"retry after {Delay}" : QuotaExhausted ? "give up (quota)" : "give up";
    }
}
