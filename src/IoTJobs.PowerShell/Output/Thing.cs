using System.Collections.Generic;

namespace IoTJobs.PowerShell.Output
{
    /// <summary>A thing (device). Emitted by Get-IoTThing; pipes into Get-IoTJobExecution and Stop-IoTJobExecution by ThingName.</summary>
    public sealed class Thing
    {
        public string ThingName { get; set; } = "";
        public string? ThingArn { get; set; }
        public string? ThingTypeName { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        public long? Version { get; set; }
        public string Region { get; set; } = "";

        public override string ToString() => ThingName;
    }
}
