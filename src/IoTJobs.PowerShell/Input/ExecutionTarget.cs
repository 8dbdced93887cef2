using System;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>One execution a Stop-IoTJobExecution input item names, resolved on the pipeline thread.</summary>
    internal sealed class ExecutionTarget
    {
        public ExecutionTarget(IIoTJobsClient client, string thingName, string jobId, object inputItem, string? knownStatus, long? expectedVersion)
        {
            ExpectedVersion = expectedVersion;
            Client = client;
            ThingName = thingName;
            JobId = jobId;
            InputItem = inputItem;
            KnownStatus = knownStatus;
        }

        public IIoTJobsClient Client { get; }
        public string Region => Client.Region;
        public string ThingName { get; }
        public string JobId { get; }
        /// <summary>The error records' TargetObject: the piped JobExecution, or one naming the execution.</summary>
        public object InputItem { get; }
        /// <summary>The status a piped JobExecution showed when it was read; null when the input named no status.</summary>
        public string? KnownStatus { get; }
        /// <summary>The condition for this item (-ExpectedVersion, or the piped object's ExpectedVersion); null: none.</summary>
        public long? ExpectedVersion { get; }

        /// <summary>Identity for pipeline de-duplication: names are case-sensitive in IoT, so compare ordinally.</summary>
        public (string Region, string Thing, string Job) Key => (Region, ThingName, JobId);

        public override string ToString() => $"thing '{ThingName}', job '{JobId}'";
    }
}
