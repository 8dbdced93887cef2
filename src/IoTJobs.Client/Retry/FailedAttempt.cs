namespace IoTJobs.Client.Retry
{
    /// <summary>What the pipeline knows about a failed attempt when it asks the <see cref="IRetryPolicy"/>.</summary>
    public sealed class FailedAttempt(string errorCode, int statusCode, bool clockCorrected = false, TimeSpan? sinceOperationSucceeded = null, TimeSpan callTime = default)
    {
        /// <summary>The service's code, or a transport code (RequestTimeout, ConnectionFailure).</summary>
        public string ErrorCode { get; } = errorCode;

        /// <summary>HTTP status; 0 when no answer arrived.</summary>
        public int StatusCode { get; } = statusCode;

        /// <summary>The attempt was refused on time and the clock-skew correction changed: sign again and retry at once.</summary>
        public bool ClockCorrected { get; } = clockCorrected;

        /// <summary>Adaptive mode: how long ago a request of the same operation succeeded (null in standard mode or before any).</summary>
        public TimeSpan? SinceOperationSucceeded { get; } = sinceOperationSucceeded;

        /// <summary>How long the call has been going on.</summary>
        public TimeSpan CallTime { get; } = callTime;
    }
}
