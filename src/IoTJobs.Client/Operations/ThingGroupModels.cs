using System;
using System.Collections.Generic;

namespace IoTJobs.Client.Operations
{
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
}
