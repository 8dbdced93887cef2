namespace IoTJobs.PowerShell.Input
{
    /// <summary>Where an item acts: a region (null: the command's default) and the account its ARNs named (null: none).</summary>
    internal abstract class Target
    {
        public string? Region { get; set; }
        public string? Account { get; set; }
        /// <summary>The error records' TargetObject: the piped item; null for names typed on the command line.</summary>
        public object? Item { get; set; }
    }

    /// <summary>One execution to act on: a thing's run of a job.</summary>
    internal sealed class ExecutionTarget : Target
    {
        public string Thing { get; set; } = "";
        public string Job { get; set; } = "";
        /// <summary>The status the piped execution showed when it was read; null when the input named none.</summary>
        public string? KnownStatus { get; set; }
        /// <summary>The condition (expectedVersion); null: none.</summary>
        public long? ExpectedVersion { get; set; }
        /// <summary>The execution number the piped item named, when it named one (a cancel acts on the current one).</summary>
        public long? ExecutionNumber { get; set; }

        public override string ToString() => $"thing '{Thing}', job '{Job}'";
    }

    /// <summary>One whole job to act on.</summary>
    internal sealed class JobTarget : Target
    {
        public string Job { get; set; } = "";
        public string? KnownStatus { get; set; }
        public override string ToString() => $"job '{Job}'";
    }

    /// <summary>What Get-IoTJobExecution does for one item: describe a pair, or list a job's or a thing's executions.</summary>
    internal sealed class ExecutionQuery : Target
    {
        /// <summary>Both set: describe; one set: list for it.</summary>
        public string? Thing { get; set; }
        public string? Job { get; set; }
        public long? ExecutionNumber { get; set; }
    }

    /// <summary>What Get-IoTThing, Get-IoTThingGroup or Get-IoTJob does for one item: describe one, or list a group's things.</summary>
    internal sealed class NameQuery : Target
    {
        public string Name { get; set; } = "";
        /// <summary>For Get-IoTThing: list the things of the group <see cref="Name"/> instead of describing a thing.</summary>
        public bool GroupMembers { get; set; }
    }

    /// <summary>One item's error: it is written for that item alone, and nothing is sent for it.</summary>
    internal sealed class ItemError(string errorId, string message, object? target, ErrorCategory category = ErrorCategory.InvalidArgument)
    {
        public string ErrorId { get; } = errorId;
        public string Message { get; } = message;
        public object? Target { get; } = target;
        public ErrorCategory Category { get; } = category;
        /// <summary>True when the command line itself is wrong (a typed name, condition or a missing name, without pipeline input): every item would fail alike, so the command ends.</summary>
        public bool EndsCommand { get; set; }
    }

    /// <summary>The targets one item names, or its error, and the verbose lines that explain a choice.</summary>
    internal sealed class Resolution<T> where T : Target
    {
        public List<T> Targets { get; } = new List<T>();
        public ItemError? Error { get; set; }
        public List<string> Notes { get; } = new List<string>();
        public bool Failed => Error != null;
        /// <summary>The same resolution, typed as any target (for the Stop cmdlets' shared base).</summary>
        public Resolution<Target> Widen()
        {
            var wide = new Resolution<Target> { Error = Error };
            wide.Targets.AddRange(Targets);
            wide.Notes.AddRange(Notes);
            return wide;
        }
    }
}
