namespace IoTJobs.Emulator;

// Mutable state, only touched while holding EmulatorStore's lock. Snapshots leave the lock instead.

internal sealed class ThingRecord
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string Id { get; init; }
    public string? TypeName { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
    public long Version { get; set; } = 1;
    public long Seq { get; init; }
    public long NextExecutionNumber { get; set; } = 1;
    /// <summary>This thing's executions in creation (Seq) order.</summary>
    public List<ExecutionRecord> Executions { get; } = new();
}

internal sealed class JobRecord
{
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public long Seq { get; init; }
    public string TargetSelection { get; init; } = "SNAPSHOT";
    public string Status { get; set; } = JobStatus.InProgress;
    public bool ForceCanceled { get; set; }
    public string? ReasonCode { get; set; }
    public string? Comment { get; set; }
    public List<string> Targets { get; init; } = new();
    public string? Description { get; init; }
    public string? Document { get; init; }
    public string? DocumentSource { get; init; }
    public string? NamespaceId { get; init; }
    public long? InProgressTimeoutInMinutes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>This job's executions in creation (Seq) order.</summary>
    public List<ExecutionRecord> Executions { get; } = new();
    /// <summary>Execution count per status, kept up to date so DescribeJob is O(1) even with 100,000 executions.</summary>
    public Dictionary<string, int> StatusCounts { get; } = new(StringComparer.Ordinal);
}

internal sealed class ExecutionRecord
{
    public required JobRecord Job { get; init; }
    public required ThingRecord Thing { get; init; }
    public long Seq { get; init; }
    public string Status { get; set; } = JobExecutionStatus.Queued;
    public bool ForceCanceled { get; set; }
    public Dictionary<string, string>? StatusDetails { get; set; }
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset LastUpdatedAt { get; set; }
    public long ExecutionNumber { get; init; }
    public long VersionNumber { get; set; } = 1;
    public long? StepTimeoutInMinutes { get; set; }
}
