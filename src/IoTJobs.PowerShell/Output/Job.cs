namespace IoTJobs.PowerShell.Output
{
    /// <summary>A job. Emitted by Get-IoTJob and Stop-IoTJob; pipes into Get-IoTJobExecution and Stop-IoTJobExecution by JobId.</summary>
    public sealed class Job
    {
        public string JobId { get; set; } = "";
        public string? JobArn { get; set; }
        public JobStatus? Status { get; set; }
        public string? StatusText { get; set; }
        public TargetSelection? TargetSelection { get; set; }
        public IReadOnlyList<string>? Targets { get; set; }
        public string? Description { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public DateTime? CompletedAt { get; set; }
        public bool? ForceCanceled { get; set; }
        public string? ReasonCode { get; set; }
        public string? Comment { get; set; }
        public int? QueuedCount { get; set; }
        public int? InProgressCount { get; set; }
        public int? SucceededCount { get; set; }
        public int? FailedCount { get; set; }
        public int? RejectedCount { get; set; }
        public int? TimedOutCount { get; set; }
        public int? RemovedCount { get; set; }
        public int? CanceledCount { get; set; }
        /// <summary>
        /// True while the service is still rolling out or canceling this job's executions (DescribeJob/ListJobs
        /// isConcurrent): after Stop-IoTJob, the counts keep moving until it is false.
        /// </summary>
        public bool? IsConcurrent { get; set; }
        /// <summary>The thing groups among Targets, by name (DescribeJob); null for list summaries.</summary>
        public IReadOnlyList<string>? TargetThingGroups { get; set; }
        /// <summary>The id of a thing group the job targets (ListJobs summaries carry it).</summary>
        public string? ThingGroupId { get; set; }
        public string Region { get; set; } = "";
        /// <summary>On Stop cmdlets' output: Canceled by this command, or AlreadyCanceled before it. Null on Get cmdlets' output.</summary>
        public CancelResult? Outcome { get; set; }

        public override string ToString() => JobId;
    }
}
