namespace IoTJobs.PowerShell.Output
{
    /// <summary>
    /// The exception inside every error record the module writes for an item: it names the thing and job the item was
    /// about, the service's error code, HTTP status and request id (for AWS support), and, where the service told us, the
    /// execution's current status and version (so no separate Get is needed after a conflict).
    /// </summary>
    public sealed class IoTJobsException : Exception
    {
        public IoTJobsException(string message, Exception? innerException = null) : base(message, innerException) { }

        /// <summary>The module's exception for a service error about one thing/job: the service's code, status and request id.</summary>
        internal static IoTJobsException For(IoTServiceException ex, string message, string? thingName, string? jobId) =>
            new IoTJobsException(message, ex)
            {
                ThingName = thingName,
                JobId = jobId,
                ErrorCode = ex.ErrorCode,
                StatusCode = ex.StatusCode,
                RequestId = ex.RequestId,
            };

        public string? ThingName { get; set; }
        public string? JobId { get; set; }
        /// <summary>The AWS error code, e.g. InvalidStateTransitionException.</summary>
        public string? ErrorCode { get; set; }
        /// <summary>The HTTP status; 0 when no response arrived.</summary>
        public int StatusCode { get; set; }
        /// <summary>The x-amzn-RequestId of the failed request.</summary>
        public string? RequestId { get; set; }
        /// <summary>The execution's status at the time of the error, when known.</summary>
        public JobExecutionStatus? CurrentStatus { get; set; }
        /// <summary>The execution's version at the time of the error, when known.</summary>
        public long? CurrentVersion { get; set; }
    }
}
