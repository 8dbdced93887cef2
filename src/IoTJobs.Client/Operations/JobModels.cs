using System;
using System.Collections.Generic;

namespace IoTJobs.Client.Operations
{
    // DescribeJob, ListJobs and CancelJob, as the service returns them.

    public sealed class ListJobsRequest
    {
        public string? Status { get; set; }
        public string? TargetSelection { get; set; }
        public string? ThingGroupName { get; set; }
        public string? ThingGroupId { get; set; }
        public string? NamespaceId { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class CancelJobRequest
    {
        public string JobId { get; set; } = "";
        public bool Force { get; set; }
        public string? ReasonCode { get; set; }
        public string? Comment { get; set; }
    }

    /// <summary>DescribeJob's Job, or ListJobs' JobSummary (fewer members set).</summary>
    public sealed class JobData
    {
        public string? JobArn { get; set; }
        public string? JobId { get; set; }
        public string? TargetSelection { get; set; }
        public string? Status { get; set; }
        public bool? ForceCanceled { get; set; }
        public string? ReasonCode { get; set; }
        public string? Comment { get; set; }
        public IReadOnlyList<string>? Targets { get; set; }
        public string? Description { get; set; }
        public string? ThingGroupId { get; set; }
        public string? NamespaceId { get; set; }
        public bool? IsConcurrent { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public DateTime? CompletedAt { get; set; }
        /// <summary>jobProcessDetails; null for list summaries.</summary>
        public JobProcessDetailsData? ProcessDetails { get; set; }
    }

    public sealed class JobProcessDetailsData
    {
        public int? NumberOfCanceledThings { get; set; }
        public int? NumberOfSucceededThings { get; set; }
        public int? NumberOfFailedThings { get; set; }
        public int? NumberOfRejectedThings { get; set; }
        public int? NumberOfQueuedThings { get; set; }
        public int? NumberOfInProgressThings { get; set; }
        public int? NumberOfRemovedThings { get; set; }
        public int? NumberOfTimedOutThings { get; set; }
    }

    public sealed class CancelJobResult
    {
        public string? JobArn { get; set; }
        public string? JobId { get; set; }
        public string? Description { get; set; }
    }
}
