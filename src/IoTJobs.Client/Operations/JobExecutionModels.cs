using System;
using System.Collections.Generic;

namespace IoTJobs.Client.Operations
{
    // Wire-level data, as the service returned it. Every member the service may leave out is nullable, and
    // enum-typed members stay strings so that values added to the service model later are tolerated.

    public sealed class CancelJobExecutionRequest
    {
        public string ThingName { get; set; } = "";
        public string JobId { get; set; } = "";
        /// <summary>Sent as the query value force=true only when true; left out otherwise.</summary>
        public bool Force { get; set; }
        public long? ExpectedVersion { get; set; }
        /// <summary>Null: statusDetails is not sent (the service keeps the stored map).</summary>
        public IDictionary<string, string>? StatusDetails { get; set; }
    }

    public sealed class ListJobExecutionsForJobRequest
    {
        public string JobId { get; set; } = "";
        public string? Status { get; set; }
        /// <summary>maxResults per page (1..250); null lets the service choose.</summary>
        public int? PageSize { get; set; }
    }

    public sealed class ListJobExecutionsForThingRequest
    {
        public string ThingName { get; set; } = "";
        public string? Status { get; set; }
        public string? NamespaceId { get; set; }
        public string? JobId { get; set; }
        public int? PageSize { get; set; }
    }

    /// <summary>The control plane's JobExecution (DescribeJobExecution).</summary>
    public sealed class JobExecutionData
    {
        public string? JobId { get; set; }
        public string? ThingArn { get; set; }
        public string? Status { get; set; }
        public bool? ForceCanceled { get; set; }
        /// <summary>statusDetails.detailsMap; null when the service sent none.</summary>
        public IReadOnlyDictionary<string, string>? StatusDetails { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public long? ExecutionNumber { get; set; }
        public long? VersionNumber { get; set; }
        public long? ApproximateSecondsBeforeTimedOut { get; set; }
    }

    /// <summary>
    /// One entry of ListJobExecutionsForJob (ThingArn set, JobId null) or ListJobExecutionsForThing
    /// (JobId set, ThingArn null): the summary has no version number.
    /// </summary>
    public sealed class JobExecutionSummaryData
    {
        public string? ThingArn { get; set; }
        public string? JobId { get; set; }
        public string? Status { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public long? ExecutionNumber { get; set; }
        public int? RetryAttempt { get; set; }
    }
}
