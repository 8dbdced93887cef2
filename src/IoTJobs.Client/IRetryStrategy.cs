using System;

namespace IoTJobs.Client
{
    /// <summary>Decides whether a failed attempt is retried and how long to wait first.</summary>
    public interface IRetryStrategy
    {
        /// <summary>Total attempts allowed per call, including the first.</summary>
        int MaxAttempts { get; }

        /// <summary>
        /// Called after attempt number <paramref name="attemptsMade"/> (1-based) failed with <paramref name="error"/>.
        /// Returns the delay before the next attempt, or null to give up. User cancellation never reaches this.
        /// </summary>
        TimeSpan? GetRetryDelay(IoTServiceException error, int attemptsMade);
    }
}
