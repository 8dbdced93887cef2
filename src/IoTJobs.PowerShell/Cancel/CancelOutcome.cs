using System.Management.Automation;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>
    /// What cancelling one execution came to, computed off the pipeline thread and written on it: either the execution
    /// as the service now reports it, or one error (ErrorId, category, the module's exception), or a failure that stops
    /// every item of its region (access denied; it can come with an applied cancel, which is still reported).
    /// </summary>
    internal sealed class CancelOutcome
    {
        private CancelOutcome() { }

        public JobExecution? Execution { get; private set; }
        public string? ErrorId { get; private set; }
        public ErrorCategory Category { get; private set; }
        public IoTJobsException? Exception { get; private set; }
        public IoTServiceException? Fatal { get; private set; }
        /// <summary>Lines for Write-Verbose / Write-Warning that go with the outcome.</summary>
        public string? Verbose { get; private set; }
        public string? Warning { get; private set; }
        /// <summary>How long the item's requests spent with the service (set by the canceler; see AdaptiveConcurrency).</summary>
        public System.TimeSpan? ServiceTime { get; set; }

        /// <summary>The cancel was applied; <paramref name="fatal"/> is set when a later call was refused as a whole (access denied).</summary>
        public static CancelOutcome Canceled(JobExecution execution, string? verbose = null, string? warning = null, IoTServiceException? fatal = null) =>
            new CancelOutcome { Execution = execution, Verbose = verbose, Warning = warning, Fatal = fatal };

        public static CancelOutcome Failed(string errorId, ErrorCategory category, IoTJobsException exception) =>
            new CancelOutcome { ErrorId = errorId, Category = category, Exception = exception };

        public static CancelOutcome StopAll(IoTServiceException exception) => new CancelOutcome { Fatal = exception };
    }
}
