namespace IoTJobs.Client
{
    /// <summary>
    /// A service error, or a transport failure after all retries. The message never contains a secret or an
    /// Authorization header.
    /// </summary>
    public class IoTServiceException : Exception
    {
        public IoTServiceException(string errorCode, int statusCode, string message, string? requestId, Exception? inner = null)
            : base(message, inner)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
            RequestId = requestId;
        }

        /// <summary>e.g. InvalidStateTransitionException, or a transport code such as RequestTimeout / ConnectionFailure.</summary>
        public string ErrorCode { get; }
        /// <summary>HTTP status; 0 when no response arrived.</summary>
        public int StatusCode { get; }
        public string? RequestId { get; }
        /// <summary>The raw response body's extra members (e.g. a VersionConflictException's execution state), if any.</summary>
        public IReadOnlyDictionary<string, string>? ExtraFields { get; set; }
        /// <summary>How many attempts were made.</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>
        /// True when an earlier attempt of this call ended without a definite answer (timeout, dropped connection,
        /// 500/502/504), so the service may already have applied the request. A non-idempotent call such as
        /// CancelJobExecution can then fail on the retry (409) although the first attempt succeeded: check the state.
        /// </summary>
        public bool PreviousAttemptOutcomeUnknown { get; set; }

        /// <summary>The service's own message (body message/Message), without the operation and code prefix; null if none.</summary>
        public string? ServiceMessage { get; set; }

        /// <summary>The API operation that failed, e.g. CancelJobExecution.</summary>
        public string? Operation { get; set; }

        public bool IsThrottling => ErrorCodes.IsThrottling(ErrorCode);

        /// <summary>The service refused the request for its signing time, even after the client corrected its clock skew.</summary>
        public bool IsClockError { get; set; }

        /// <summary>
        /// The call was not retried (further) because the client's retry quota was used up by recent failures: what a
        /// user sees instead of the retries AWS_MAX_ATTEMPTS allows; null when the quota did not stop it.
        /// </summary>
        public string? RetryQuotaNote { get; set; }
    }
}
