namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>How one cancel ended.</summary>
    internal enum OutcomeKind
    {
        /// <summary>The execution or job is canceled (by this command, or before it): <see cref="CancelOutcome.Output"/> says which.</summary>
        Applied,
        /// <summary>Not canceled, or not known to be: one error for this item.</summary>
        Failed,
        /// <summary>The cancel request itself was refused as a whole (credentials, region): later items through the client are not sent.</summary>
        Refused,
    }

    /// <summary>
    /// What cancelling one execution or job came to, computed off the pipeline thread and written on it by the one
    /// reporting path: the object (always written before the warnings that go with it), or the error.
    /// </summary>
    internal sealed class CancelOutcome
    {
        private CancelOutcome(OutcomeKind kind) => Kind = kind;

        public OutcomeKind Kind { get; }
        /// <summary>The JobExecution or Job as the service now reports it, its Outcome set (Applied only).</summary>
        public object? Output { get; private set; }
        public CancelResult? Result { get; private set; }
        public string? ErrorId { get; private set; }
        public ErrorCategory Category { get; private set; }
        public IoTJobsException? Exception { get; private set; }
        /// <summary>The refusal, for Refused, or for a failure whose retry was refused after an attempt that may have been applied.</summary>
        public IoTServiceException? Refusal { get; private set; }
        public string? Verbose { get; private set; }
        public List<string> Warnings { get; } = new List<string>();
        /// <summary>The job as last described (Stop-IoTJob -Wait follows from it).</summary>
        public JobData? Job { get; private set; }
        /// <summary>How long the item's requests spent with the service (for the adaptive limit).</summary>
        public TimeSpan? ServiceTime { get; set; }

        /// <summary>True when the cancel is applied or may be: what Ctrl+C must not leave unsaid.</summary>
        public bool MayBeApplied => Kind == OutcomeKind.Applied || ErrorId == Reporting.ServiceErrors.OutcomeUnknownId;

        public static CancelOutcome Applied(object output, CancelResult result, string? verbose = null, string? warning = null, JobData? job = null)
        {
            var outcome = new CancelOutcome(OutcomeKind.Applied) { Output = output, Result = result, Verbose = verbose, Job = job };
            if (warning != null) outcome.Warnings.Add(warning);
            return outcome;
        }

        public static CancelOutcome Failed(string errorId, ErrorCategory category, IoTJobsException exception, IoTServiceException? refusal = null) =>
            new CancelOutcome(OutcomeKind.Failed) { ErrorId = errorId, Category = category, Exception = exception, Refusal = refusal };

        public static CancelOutcome Refused(IoTServiceException refusal) => new CancelOutcome(OutcomeKind.Refused) { Refusal = refusal };
    }
}
