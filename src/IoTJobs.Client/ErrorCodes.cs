namespace IoTJobs.Client
{
    /// <summary>
    /// Error codes the client produces or classifies, and what a code means: throttling (botocore's list), a rate
    /// signal, an outcome that may have been applied. Which failures are retried is <see cref="Retry.RetryPolicy"/>'s.
    /// </summary>
    public static class ErrorCodes
    {
        // Service codes (IoT control plane, plus AWS-wide auth errors).
        public const string InvalidRequestException = "InvalidRequestException";
        public const string ResourceNotFoundException = "ResourceNotFoundException";
        public const string InvalidStateTransitionException = "InvalidStateTransitionException";
        public const string VersionConflictException = "VersionConflictException";
        public const string ResourceAlreadyExistsException = "ResourceAlreadyExistsException";
        public const string ConflictException = "ConflictException";
        public const string ThrottlingException = "ThrottlingException";
        public const string ServiceUnavailableException = "ServiceUnavailableException";
        public const string InternalFailureException = "InternalFailureException";
        public const string LimitExceededException = "LimitExceededException";
        public const string UnauthorizedException = "UnauthorizedException";
        public const string AccessDeniedException = "AccessDeniedException";
        public const string InvalidSignatureException = "InvalidSignatureException";
        public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
        public const string UnrecognizedClientException = "UnrecognizedClientException";
        public const string MissingAuthenticationTokenException = "MissingAuthenticationTokenException";
        public const string ExpiredTokenException = "ExpiredTokenException";
        public const string RequestTimeoutException = "RequestTimeoutException";
        public const string PriorRequestNotComplete = "PriorRequestNotComplete";

        // Client-side codes (no service error code available).
        /// <summary>An attempt exceeded the per-attempt timeout (ClientOptions.RequestTimeout); also a service code.</summary>
        public const string RequestTimeout = "RequestTimeout";
        /// <summary>The connection could not be made or was dropped before a full response arrived.</summary>
        public const string ConnectionFailure = "ConnectionFailure";
        /// <summary>A success response whose body was not the JSON the operation returns.</summary>
        public const string InvalidResponse = "InvalidResponse";
        /// <summary>Credentials could not be obtained at request time (e.g. an expired SSO session).</summary>
        public const string CredentialsUnavailable = "CredentialsUnavailable";
        /// <summary>Prefix of the code used when an error response carries no code: "HttpStatus503".</summary>
        public const string HttpStatusPrefix = "HttpStatus";

        // botocore retries/standard.py ThrottledRetryableChecker._THROTTLED_ERROR_CODES.
        private static readonly HashSet<string> Throttling = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
            "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
            "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        };

        /// <summary>True for the throttling codes AWS SDKs retry in standard mode (ThrottlingException, LimitExceededException, ...).</summary>
        public static bool IsThrottling(string? code) => code != null && Throttling.Contains(code);

        /// <summary>
        /// True when the answer says "you are sending too fast" (HTTP 429 or a throttling code): what adaptive rate
        /// limiting slows down for. Not LimitExceededException: on CancelJob (HTTP 410) it is a quota on concurrent
        /// cancels, which sending slower does not lift.
        /// </summary>
        public static bool IsRateSignal(string? code, int statusCode) =>
            statusCode == 429 || (IsThrottling(code) && code != LimitExceededException);

        /// <summary>True when a request that failed this way may nevertheless have been applied by the service.</summary>
        public static bool IsOutcomeUnknown(string? code, int statusCode) =>
            code == RequestTimeout || code == ConnectionFailure || statusCode == 500 || statusCode == 502 || statusCode == 504;
    }
}
