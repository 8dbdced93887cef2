namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// What the command line gives for the current item: the values typed, or what a delay-bind script block
    /// (-ThingName { $_.Device }) gave for this item. Never what PowerShell bound from the piped item's own properties:
    /// the resolver reads the item itself. Plain data, so the resolver is tested without a runspace.
    /// </summary>
    internal sealed class CommandLine
    {
        /// <summary>The cmdlet's name, for messages.</summary>
        public string Command { get; set; } = "";
        /// <summary>-ThingName, -JobId, -ThingGroupName as given (names or ARNs); null when not given.</summary>
        public IReadOnlyList<string>? Things { get; set; }
        public IReadOnlyList<string>? Jobs { get; set; }
        public IReadOnlyList<string>? Groups { get; set; }
        /// <summary>The region the command started with (-Region or a $PSDefaultParameterValues default), or null.</summary>
        public string? Region { get; set; }
        /// <summary>True when <see cref="Region"/> was typed: an object's region must then agree with it.</summary>
        public bool RegionTyped { get; set; }
        /// <summary>True when items come from the pipeline (or from an -InputObject array).</summary>
        public bool ExpectingInput { get; set; }
        /// <summary>-ExpectedVersion as given for this item (text; see ExpectedVersionInput), when <see cref="ExpectedVersionGiven"/>.</summary>
        public object? ExpectedVersion { get; set; }
        public bool ExpectedVersionGiven { get; set; }
        /// <summary>-ExecutionNumber, when given.</summary>
        public long? ExecutionNumber { get; set; }
        /// <summary>The list-only filters given ("-Status or -PageSize"), for the message when a name is piped beside them.</summary>
        public string? ListFilters { get; set; }
    }
}
