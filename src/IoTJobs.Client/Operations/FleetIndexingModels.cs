using System.Collections.Generic;

namespace IoTJobs.Client.Operations
{
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
