namespace IoTJobs.PowerShell.Output
{
    /// <summary>
    /// A thing (device). Emitted by Get-IoTThing; pipes into Get-IoTJobExecution and Stop-IoTJobExecution by ThingName.
    /// Members the service did not return are $null: a fleet-index result (-Query) has no ThingArn or Version, and only
    /// a fleet-index result has groups, connectivity and shadow.
    /// </summary>
    public sealed class Thing
    {
        /// <summary>The extra type name of a fleet-index result, which selects its table view (connectivity instead of Version).</summary>
        internal const string IndexedTypeName = "IoTJobs.PowerShell.Output.Thing.Indexed";

        public string ThingName { get; set; } = "";
        public string? ThingArn { get; set; }
        public string? ThingId { get; set; }
        public string? ThingTypeName { get; set; }
        /// <summary>A <see cref="StringList"/> of the static groups the thing is directly in (fleet index only).</summary>
        public IReadOnlyList<string>? ThingGroupNames { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        public long? Version { get; set; }
        /// <summary>connectivity.connected (fleet index with connectivity indexing).</summary>
        public bool? Connected { get; set; }
        /// <summary>When the thing last connected or disconnected (connectivity.timestamp), UTC.</summary>
        public DateTime? ConnectivityChangedAt { get; set; }
        public string? DisconnectReason { get; set; }
        /// <summary>The classic shadow as the index returned it: the JSON text, unchanged.</summary>
        public string? Shadow { get; set; }
        /// <summary>The shadow's reported state as objects, as ConvertFrom-Json reads it ($_.ShadowReported.fw).</summary>
        public PSObject? ShadowReported { get; set; }
        /// <summary>The shadow's desired state as objects.</summary>
        public PSObject? ShadowDesired { get; set; }
        /// <summary>Device Defender violations as the index returned them (JSON text).</summary>
        public string? DeviceDefender { get; set; }
        public string Region { get; set; } = "";

        public override string ToString() => ThingName;
    }
}
