using System;
using System.Collections.Generic;

namespace IoTJobs.Client.Operations
{
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
}
