using System.Collections.ObjectModel;

namespace IoTJobs.PowerShell.Output
{
    /// <summary>
    /// A job execution: one job on one thing. Emitted by Get-IoTJobExecution and Stop-IoTJobExecution.
    /// It always carries ThingName, JobId and Region, so it pipes into the next cmdlet; members the service did not
    /// return are $null (list summaries, for example, have no VersionNumber).
    /// </summary>
    public sealed class JobExecution
    {
        public string ThingName { get; set; } = "";
        public string JobId { get; set; } = "";
        /// <summary>Null when the service did not say; Unknown when it said something this module does not know (see StatusText).</summary>
        public JobExecutionStatus? Status { get; set; }
        /// <summary>The status exactly as the service sent it.</summary>
        public string? StatusText { get; set; }
        public long? ExecutionNumber { get; set; }
        public long? VersionNumber { get; set; }
        public bool? ForceCanceled { get; set; }
        public int? RetryAttempt { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public long? ApproximateSecondsBeforeTimedOut { get; set; }
        /// <summary>A <see cref="StringMap"/>: a dictionary, written by Export-Csv as key=value;key=value.</summary>
        public IReadOnlyDictionary<string, string>? StatusDetails { get; set; }
        public string? ThingArn { get; set; }
        public string Region { get; set; } = "";
        /// <summary>On Stop cmdlets' output: Canceled by this command, or AlreadyCanceled before it. Null on Get cmdlets' output.</summary>
        public CancelResult? Outcome { get; set; }

        internal static readonly IReadOnlyDictionary<string, string> EmptyDetails = StringMap.Empty;

        public override string ToString() => $"{ThingName}/{JobId}";
    }
}
