namespace IoTJobs.PowerShell.Output
{
    /// <summary>
    /// A static thing group. Emitted by Get-IoTThingGroup; pipes into Get-IoTThing (by ThingGroupName) to list the
    /// group's things. Describing a group fills every member; a list entry has ThingGroupName, ThingGroupArn and Region
    /// (and ParentGroupName when it was listed under -ParentGroupName) only.
    /// </summary>
    public sealed class ThingGroup
    {
        public string ThingGroupName { get; set; } = "";
        public string? ThingGroupArn { get; set; }
        public string? ThingGroupId { get; set; }
        public string? ParentGroupName { get; set; }
        /// <summary>The groups above this one, from the top of the hierarchy down to its parent.</summary>
        public IReadOnlyList<string>? RootToParentGroups { get; set; }
        public string? Description { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        public long? Version { get; set; }
        public DateTime? CreationDate { get; set; }
        public string Region { get; set; } = "";

        public override string ToString() => ThingGroupName;
    }
}
