namespace IoTJobs.Emulator;

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
    IReadOnlyDictionary<string, int> StatusCounts);

/// <summary>A job execution as stored.</summary>
public sealed record JobExecutionSnapshot(
    string JobId, string ThingName, string ThingArn, string Status, bool ForceCanceled,
    IReadOnlyDictionary<string, string> StatusDetails, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt,
    DateTimeOffset LastUpdatedAt, long ExecutionNumber, long VersionNumber, string? JobDocument);

/// <summary>One page of a list plus the Seq of its last item (for the next token), if more items follow.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextAfterSeq);
