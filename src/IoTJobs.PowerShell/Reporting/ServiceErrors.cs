namespace IoTJobs.PowerShell.Reporting
{
    /// <summary>
    /// The one classification of a failed request, for every cmdlet: a stable ErrorId and category, whether it may
    /// have been applied, and whether the service refused the credentials as a whole. Callers decide "may have been
    /// applied" before "refused": a retry refused with an expired token can follow an attempt that was applied.
    /// </summary>
    internal static class ServiceErrors
    {
        /// <summary>ErrorId for a cancel whose answer was lost and whose target could not be read back.</summary>
        public const string OutcomeUnknownId = "CancelOutcomeUnknown";

        // SearchIndex's own errors (botocore's model; both HTTP 400): a query the service cannot parse, an index being built.
        private const string InvalidQueryException = "InvalidQueryException";
        private const string IndexNotReadyException = "IndexNotReadyException";

        /// <summary>
        /// True when an attempt of this call may have been applied without its answer arriving: an earlier one, the last
        /// one (no definite answer: a dropped connection, a timeout, 500/502/504), or a retry refused with 409 because the
        /// first one had done it. Only the target's current state can then say what happened.
        /// </summary>
        public static bool MayHaveBeenApplied(IoTServiceException ex) =>
            ex.PreviousAttemptOutcomeUnknown || ErrorCodes.IsOutcomeUnknown(ex.ErrorCode, ex.StatusCode) || (ex.StatusCode == 409 && ex.Attempts > 1);

        /// <summary>
        /// True when every later request with these credentials in this region would fail the same way (denied, bad
        /// signature, unknown key, expired token), so later items are not sent.
        /// </summary>
        public static bool IsRefusal(IoTServiceException ex) =>
            ex.StatusCode == 401 || ex.StatusCode == 403 ||
            ex.ErrorCode == ErrorCodes.ExpiredTokenException ||
            ex.ErrorCode == ErrorCodes.UnrecognizedClientException ||
            ex.ErrorCode == ErrorCodes.InvalidSignatureException ||
            ex.ErrorCode == ErrorCodes.CredentialsUnavailable;

        /// <summary>The ErrorId and category; not-found gets the caller's id (JobExecutionNotFound, JobNotFound, ThingNotFound, IndexNotEnabled).</summary>
        public static (string ErrorId, ErrorCategory Category) Classify(IoTServiceException ex, string notFoundId)
        {
            if (ex.ErrorCode == ErrorCodes.ResourceNotFoundException || ex.StatusCode == 404) return (notFoundId, ErrorCategory.ObjectNotFound);
            // Still throttled after the client's retries: the caller may slow down and run the rest again.
            if (ex.IsThrottling || ex.StatusCode == 429) return ("Throttled", ErrorCategory.LimitsExceeded);
            if (ex.ErrorCode == InvalidQueryException) return ("InvalidQuery", ErrorCategory.InvalidArgument);
            if (ex.ErrorCode == IndexNotReadyException) return ("IndexNotReady", ErrorCategory.ResourceUnavailable);
            if (ex.ErrorCode == ErrorCodes.InvalidRequestException) return ("InvalidRequest", ErrorCategory.InvalidArgument);
            return ("ServiceError", CategoryOf(ex));
        }

        /// <summary>The category of an error no more specific rule names: by HTTP status.</summary>
        public static ErrorCategory CategoryOf(IoTServiceException ex)
        {
            if (ex.StatusCode == 0) return ErrorCategory.ConnectionError;
            if (ex.StatusCode >= 500) return ErrorCategory.ResourceUnavailable;
            if (ex.StatusCode == 409) return ErrorCategory.InvalidOperation;
            if (ex.StatusCode == 400 || ex.StatusCode == 413 || ex.StatusCode == 414) return ErrorCategory.InvalidArgument;
            if (ex.StatusCode == 401 || ex.StatusCode == 403) return ErrorCategory.PermissionDenied;
            return ErrorCategory.NotSpecified;
        }

        /// <summary>The service's own words without the client's "&lt;Operation&gt; failed: &lt;Code&gt;:" prefix, as a sentence (more may follow).</summary>
        public static string Said(IoTServiceException ex)
        {
            var said = (ex.ServiceMessage ?? ex.Message).TrimEnd();
            return said.Length == 0 || ".!?)".IndexOf(said[said.Length - 1]) >= 0 ? said : said + ".";
        }
    }
}
