using System.Management.Automation;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Reporting
{
    /// <summary>
    /// The stable ErrorId and category for a per-item service error, so scripts can branch on FullyQualifiedErrorId
    /// instead of message text. Not-found gets the caller's id (JobExecutionNotFound, JobNotFound, ThingNotFound).
    /// </summary>
    internal static class ServiceErrors
    {
        public static (string ErrorId, ErrorCategory Category) Classify(IoTServiceException ex, string notFoundId)
        {
            if (ex.ErrorCode == ErrorCodes.ResourceNotFoundException || ex.StatusCode == 404)
                return (notFoundId, ErrorCategory.ObjectNotFound);
            // Still throttled after the client's retries: the caller may slow down and run the rest again.
            if (ex.IsThrottling || ex.StatusCode == 429)
                return ("Throttled", ErrorCategory.LimitsExceeded);
            if (ex.ErrorCode == ErrorCodes.InvalidRequestException)
                return ("InvalidRequest", ErrorCategory.InvalidArgument);
            if (ex.StatusCode == 0)
                return ("ServiceError", ErrorCategory.ConnectionError);
            return ("ServiceError", ErrorCategory.NotSpecified);
        }

        /// <summary>ErrorId for a cancel whose answer was lost and whose target could not be read back.</summary>
        public const string OutcomeUnknownId = "CancelOutcomeUnknown";

        /// <summary>
        /// True when an attempt of this call may have been applied without its answer arriving: an earlier one, the last one
        /// (no definite answer: a dropped connection, a timeout, 500/502/504), or a retry refused with 409 because the
        /// first one had done it. Only the target's current state can then say what happened.
        /// </summary>
        public static bool MayHaveBeenApplied(IoTServiceException ex) =>
            ex.PreviousAttemptOutcomeUnknown || ErrorCodes.IsOutcomeUnknown(ex.ErrorCode, ex.StatusCode) || (ex.StatusCode == 409 && ex.Attempts > 1);

        /// <summary>The message for <see cref="OutcomeUnknownId"/>: what may have happened, why nobody knows, how to check.</summary>
        public static string OutcomeUnknown(string what, string region, string readBack, IoTServiceException ex, IoTServiceException? readBackError, string check) =>
            $"The cancel of {what} in {region} may or may not have been applied: " +
            $"{(ErrorCodes.IsOutcomeUnknown(ex.ErrorCode, ex.StatusCode) ? "its response was lost" : "an earlier attempt's response was lost")} " +
            $"({ex.ErrorCode}, after {ex.Attempts} attempt(s)), and reading {readBack} back failed " +
            $"({readBackError?.ErrorCode ?? "unknown"}: {readBackError?.ServiceMessage ?? readBackError?.Message}). Check it ({check}) before acting on it again.";
    }
}
