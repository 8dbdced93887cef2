namespace IoTJobs.Emulator.Store;

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
    /// <summary>The static thing groups this thing is a direct member of.</summary>
    public List<ThingGroupRecord> Groups { get; } = new();
    /// <summary>The last connect or disconnect (POST /_emulator/connectivity); null while it never connected.</summary>
    public Indexing.ThingConnectivity? Connectivity { get; set; }
}

internal sealed class ThingGroupRecord
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string Id { get; init; }
    public ThingGroupRecord? Parent { get; init; }
    public List<ThingGroupRecord> Children { get; } = new();
    public string? Description { get; init; }
    public Dictionary<string, string> Attributes { get; init; } = new(StringComparer.Ordinal);
    public long Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Direct members (thing names), sorted: ListThingsInThingGroup pages by name.</summary>
    public SortedSet<string> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>This group, its parent, ... up to the root.</summary>
    public IEnumerable<ThingGroupRecord> SelfAndAncestors()
    {
        for (var g = this; g != null; g = g.Parent) yield return g;
    }

    /// <summary>This group and every group below it.</summary>
    public IEnumerable<ThingGroupRecord> SelfAndDescendants()
    {
        var stack = new Stack<ThingGroupRecord>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var g = stack.Pop();
            yield return g;
            foreach (var c in g.Children) stack.Push(c);
        }
    }

    public ThingGroupRecord Root => SelfAndAncestors().Last();
}

/// <summary>A CancelJob being processed server-side at the configured pace (AWS: about 1,000 executions a minute).</summary>
internal sealed class CancelWork
{
    /// <summary>Executions still to be looked at, in job order; each is canceled if still eligible when its turn comes.</summary>
    public Queue<ExecutionRecord> Pending { get; } = new();
    public bool Force { get; set; }
    /// <summary>When the next execution is canceled.</summary>
    public DateTimeOffset NextAt { get; set; }
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
    /// <summary>The thing groups among the targets (CreateJob and AssociateTargetsWithJob), by name.</summary>
    public List<ThingGroupRecord> GroupTargets { get; } = new();
    /// <summary>Non-null while a CancelJob is still canceling executions (the job is "concurrent").</summary>
    public CancelWork? Cancel { get; set; }
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
    /// <summary>The execution as it was before its cancel, and when the cancel was made (see EmulatorStore.ConsistencyLag).</summary>
    public JobExecutionSnapshot? BeforeCancel { get; set; }
    public DateTimeOffset CanceledAt { get; set; }
    /// <summary>Set by DeleteJobExecution / DeleteJob, so queued work skips it.</summary>
    public bool Deleted { get; set; }
    /// <summary>When the in-progress timer (timeoutConfig) fires; set when the execution goes IN_PROGRESS.</summary>
    public DateTimeOffset? InProgressDeadline { get; set; }
    /// <summary>When the current step timer (stepTimeoutInMinutes) fires, if one is running.</summary>
    public DateTimeOffset? StepDeadline { get; set; }

    /// <summary>The earlier of the two timers: the execution becomes TIMED_OUT then if it is still IN_PROGRESS.</summary>
    public DateTimeOffset? Deadline =>
        InProgressDeadline is { } a && StepDeadline is { } b ? (a < b ? a : b) : InProgressDeadline ?? StepDeadline;
}
