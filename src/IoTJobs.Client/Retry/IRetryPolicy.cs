namespace IoTJobs.Client.Retry
{
    /// <summary>Whether a failed attempt is retried, after how long, and what the retry quota pays for it.</summary>
    public interface IRetryPolicy
    {
        /// <summary>The attempts a call gets (including the first) when ClientOptions.MaxAttempts does not say.</summary>
        int MaxAttempts { get; }

        /// <summary>The token bucket the policy's retries are paid from.</summary>
        RetryQuota Quota { get; }

        /// <summary>Decides about a failed attempt of <paramref name="call"/> and updates the call's count. User cancellation never reaches this.</summary>
        RetryDecision Decide(RetryCall call, FailedAttempt attempt);

        /// <summary>An attempt of <paramref name="call"/> succeeded.</summary>
        void OnSuccess(RetryCall call);
    }
}
