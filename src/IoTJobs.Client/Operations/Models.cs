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

    // DescribeThing and ListThings, as the service returns them.

    public sealed class ListThingsRequest
    {
        public string? AttributeName { get; set; }
        public string? AttributeValue { get; set; }
        public string? ThingTypeName { get; set; }
        public bool? UsePrefixAttributeValue { get; set; }
        public int? PageSize { get; set; }
    }

    /// <summary>DescribeThing's output, or ListThings' ThingAttribute (no ThingId, DefaultClientId, BillingGroupName).</summary>
    public sealed class ThingData
    {
        public string? ThingName { get; set; }
        public string? ThingId { get; set; }
        public string? ThingArn { get; set; }
        public string? ThingTypeName { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        public long? Version { get; set; }
        public string? DefaultClientId { get; set; }
        public string? BillingGroupName { get; set; }
    }

    // Static thing groups (DescribeThingGroup, ListThingGroups, ListThingsInThingGroup), as the service returns them.

    public sealed class ListThingGroupsRequest
    {
        /// <summary>Only the children of this group (parentGroup); with <see cref="Recursive"/> every group below it.</summary>
        public string? ParentGroup { get; set; }
        /// <summary>Only groups whose names start with this (namePrefixFilter).</summary>
        public string? NamePrefixFilter { get; set; }
        /// <summary>Sent as recursive=true only when true.</summary>
        public bool Recursive { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class ListThingsInThingGroupRequest
    {
        public string ThingGroupName { get; set; } = "";
        /// <summary>Also the things of every group below this one (recursive=true).</summary>
        public bool Recursive { get; set; }
        public int? PageSize { get; set; }
    }

    /// <summary>DescribeThingGroup's output, or a ListThingGroups entry (GroupNameAndArn: name and ARN only).</summary>
    public sealed class ThingGroupData
    {
        public string? ThingGroupName { get; set; }
        public string? ThingGroupId { get; set; }
        public string? ThingGroupArn { get; set; }
        public long? Version { get; set; }
        public string? Description { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        /// <summary>thingGroupMetadata.parentGroupName.</summary>
        public string? ParentGroupName { get; set; }
        /// <summary>thingGroupMetadata.rootToParentThingGroups: names from the top of the hierarchy down to the parent.</summary>
        public IReadOnlyList<string>? RootToParentGroupNames { get; set; }
        public DateTime? CreationDate { get; set; }
    }

    // SearchIndex (fleet indexing), as the service returns it: every member optional.

    public sealed class SearchIndexRequest
    {
        /// <summary>indexName; null lets the service use AWS_Things.</summary>
        public string? IndexName { get; set; }
        /// <summary>queryString, required: the fleet indexing query, e.g. "thingName:sensor-*".</summary>
        public string QueryString { get; set; } = "";
        /// <summary>maxResults per page (1..100); null lets the service choose.</summary>
        public int? PageSize { get; set; }
        public string? QueryVersion { get; set; }
    }

    /// <summary>A ThingDocument: one thing the query matched.</summary>
    public sealed class ThingDocumentData
    {
        public string? ThingName { get; set; }
        public string? ThingId { get; set; }
        public string? ThingTypeName { get; set; }
        public IReadOnlyList<string>? ThingGroupNames { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        /// <summary>The shadow as the JSON document text the service sent.</summary>
        public string? Shadow { get; set; }
        /// <summary>Device Defender violations as the JSON document text the service sent.</summary>
        public string? DeviceDefender { get; set; }
        public ThingConnectivityData? Connectivity { get; set; }
    }

    public sealed class ThingConnectivityData
    {
        public bool? Connected { get; set; }
        /// <summary>When the thing last connected or disconnected, epoch milliseconds.</summary>
        public long? Timestamp { get; set; }
        public string? DisconnectReason { get; set; }
    }
}
