using System.Management.Automation;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
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
    }
}
