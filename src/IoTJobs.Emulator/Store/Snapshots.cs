namespace IoTJobs.Emulator.Store;

// Immutable copies of store state, safe to read outside the store's lock (handlers serialize these; tests inspect them).

/// <summary>A thing as stored.</summary>
public sealed record ThingSnapshot(
    string ThingName, string ThingArn, string ThingId, string? ThingTypeName,
    IReadOnlyDictionary<string, string> Attributes, long Version);

/// <summary>A job as stored, with per-status execution counts.</summary>
public sealed record JobSnapshot(
    string JobId, string JobArn, string TargetSelection, string Status, bool ForceCanceled,
    string? ReasonCode, string? Comment, IReadOnlyList<string> Targets, string? Description,
    string? Document, string? DocumentSource, string? NamespaceId, long? InProgressTimeoutInMinutes,
    DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, DateTimeOffset? CompletedAt,
    IReadOnlyDictionary<string, int> StatusCounts)
{
    /// <summary>True while a CancelJob is still canceling executions server-side (DescribeJob/ListJobs isConcurrent).</summary>
    public bool IsConcurrent { get; init; }

    /// <summary>The thing groups the job targets (CreateJob and AssociateTargetsWithJob).</summary>
    public IReadOnlyList<ThingGroupSnapshot> ThingGroupTargets { get; init; } = Array.Empty<ThingGroupSnapshot>();
}

/// <summary>A job execution as stored.</summary>
public sealed record JobExecutionSnapshot(
    string JobId, string ThingName, string ThingArn, string Status, bool ForceCanceled,
    IReadOnlyDictionary<string, string> StatusDetails, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt,
    DateTimeOffset LastUpdatedAt, long ExecutionNumber, long VersionNumber, string? JobDocument)
{
    /// <summary>Seconds (on the emulator's time scale) before the execution times out; null when no timer runs.</summary>
    public long? ApproximateSecondsBeforeTimedOut { get; init; }
}

/// <summary>A static thing group as stored: parent chain from the root, direct members not included.</summary>
public sealed record ThingGroupSnapshot(
    string ThingGroupName, string ThingGroupArn, string ThingGroupId, string? ParentGroupName,
    IReadOnlyList<(string Name, string Arn)> RootToParentThingGroups, string? Description,
    IReadOnlyDictionary<string, string> Attributes, long Version, DateTimeOffset CreationDate);

/// <summary>One page of a list plus the Seq of its last item (for the next token), if more items follow.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextAfterSeq);

/// <summary>One page of a list ordered by name plus the last name returned (for the next token), if more items follow.</summary>
public sealed record NamePage<T>(IReadOnlyList<T> Items, string? NextAfterName);
