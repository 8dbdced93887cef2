using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Output
{
    /// <summary>
    /// Turns the client's wire data into the objects PowerShell sees. Names the service's summaries leave out are filled
    /// from the request (ListJobExecutionsForJob gives only thingArn, ForThing only jobId); nothing else is invented.
    /// </summary>
    internal static class ModelMapper
    {
        public static JobExecution ToJobExecution(JobExecutionData data, string thingName, string jobId, string region) => new JobExecution
        {
            ThingName = IoTNames.ThingNameFromArn(data.ThingArn) ?? thingName,
            JobId = data.JobId ?? jobId,
            Status = EnumParser.Parse<JobExecutionStatus>(data.Status),
            StatusText = data.Status,
            ExecutionNumber = data.ExecutionNumber,
            VersionNumber = data.VersionNumber,
            ForceCanceled = data.ForceCanceled,
            QueuedAt = data.QueuedAt,
            StartedAt = data.StartedAt,
            LastUpdatedAt = data.LastUpdatedAt,
            ApproximateSecondsBeforeTimedOut = data.ApproximateSecondsBeforeTimedOut,
            StatusDetails = ReadOnly(data.StatusDetails),
            ThingArn = data.ThingArn,
            Region = region,
        };

        /// <summary>A list entry; pass the job id (ForJob) or thing name (ForThing) that the request named.</summary>
        public static JobExecution ToJobExecution(JobExecutionSummaryData data, string? requestThingName, string? requestJobId, string region) => new JobExecution
        {
            ThingName = IoTNames.ThingNameFromArn(data.ThingArn) ?? requestThingName ?? "",
            JobId = data.JobId ?? requestJobId ?? "",
            Status = EnumParser.Parse<JobExecutionStatus>(data.Status),
            StatusText = data.Status,
            ExecutionNumber = data.ExecutionNumber,
            RetryAttempt = data.RetryAttempt,
            QueuedAt = data.QueuedAt,
            StartedAt = data.StartedAt,
            LastUpdatedAt = data.LastUpdatedAt,
            ThingArn = data.ThingArn,
            Region = region,
        };

        public static Job ToJob(JobData data, string requestJobId, string region) => new Job
        {
            JobId = data.JobId ?? requestJobId,
            JobArn = data.JobArn,
            Status = EnumParser.Parse<JobStatus>(data.Status),
            StatusText = data.Status,
            TargetSelection = EnumParser.Parse<TargetSelection>(data.TargetSelection),
            Targets = data.Targets == null ? null : new StringList(data.Targets),
            Description = data.Description,
            CreatedAt = data.CreatedAt,
            LastUpdatedAt = data.LastUpdatedAt,
            CompletedAt = data.CompletedAt,
            ForceCanceled = data.ForceCanceled,
            ReasonCode = data.ReasonCode,
            Comment = data.Comment,
            QueuedCount = data.ProcessDetails?.NumberOfQueuedThings,
            InProgressCount = data.ProcessDetails?.NumberOfInProgressThings,
            SucceededCount = data.ProcessDetails?.NumberOfSucceededThings,
            FailedCount = data.ProcessDetails?.NumberOfFailedThings,
            RejectedCount = data.ProcessDetails?.NumberOfRejectedThings,
            TimedOutCount = data.ProcessDetails?.NumberOfTimedOutThings,
            RemovedCount = data.ProcessDetails?.NumberOfRemovedThings,
            CanceledCount = data.ProcessDetails?.NumberOfCanceledThings,
            IsConcurrent = data.IsConcurrent,
            TargetThingGroups = data.Targets == null ? null : new ReadOnlyCollection<string>(data.Targets.Select(arn => IoTNames.NameFromArn("thinggroup", arn)).Where(n => n != null).Select(n => n!).ToList()),
            ThingGroupId = data.ThingGroupId,
            Region = region,
        };

        public static ThingGroup ToThingGroup(ThingGroupData data, string requestName, string region, string? knownParent = null) => new ThingGroup
        {
            ThingGroupName = data.ThingGroupName ?? requestName,
            ThingGroupArn = data.ThingGroupArn,
            ThingGroupId = data.ThingGroupId,
            ParentGroupName = data.ParentGroupName ?? knownParent,
            RootToParentGroups = data.RootToParentGroupNames == null ? null : new ReadOnlyCollection<string>(data.RootToParentGroupNames.ToList()),
            Description = data.Description,
            Attributes = ReadOnly(data.Attributes),
            Version = data.Version,
            CreationDate = data.CreationDate,
            Region = region,
        };

        public static Thing ToThing(ThingData data, string requestThingName, string region) => new Thing
        {
            ThingName = data.ThingName ?? requestThingName,
            ThingArn = data.ThingArn,
            ThingTypeName = data.ThingTypeName,
            Attributes = ReadOnly(data.Attributes),
            Version = data.Version,
            Region = region,
        };

        // A StringMap, so Export-Csv writes key=value;key=value rather than a type name.
        private static IReadOnlyDictionary<string, string>? ReadOnly(IReadOnlyDictionary<string, string>? map) =>
            map == null ? null : new StringMap(map);
    }
}
