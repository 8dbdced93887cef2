using System.Text.Json;

namespace IoTJobs.Client.Operations
{
    /// <summary>Maps the control plane's JSON shapes onto the wire models.</summary>
    internal static class ModelReader
    {
        public static JobExecutionData JobExecution(JsonElement e) => new JobExecutionData
        {
            JobId = Json.Str(e, "jobId"),
            ThingArn = Json.Str(e, "thingArn"),
            Status = Json.Str(e, "status"),
            ForceCanceled = Json.Bool(e, "forceCanceled"),
            // Control plane wraps the map: statusDetails: { detailsMap: {...} }.
            StatusDetails = Json.Map(Json.Obj(e, "statusDetails"), "detailsMap"),
            QueuedAt = Json.Time(e, "queuedAt"),
            StartedAt = Json.Time(e, "startedAt"),
            LastUpdatedAt = Json.Time(e, "lastUpdatedAt"),
            ExecutionNumber = Json.Long(e, "executionNumber"),
            VersionNumber = Json.Long(e, "versionNumber"),
            ApproximateSecondsBeforeTimedOut = Json.Long(e, "approximateSecondsBeforeTimedOut"),
        };

        /// <summary>JobExecutionSummaryForJob { thingArn, jobExecutionSummary } or ...ForThing { jobId, jobExecutionSummary }.</summary>
        public static JobExecutionSummaryData ExecutionSummary(JsonElement e)
        {
            var s = Json.Obj(e, "jobExecutionSummary");
            return new JobExecutionSummaryData
            {
                ThingArn = Json.Str(e, "thingArn"),
                JobId = Json.Str(e, "jobId"),
                Status = Json.Str(s, "status"),
                QueuedAt = Json.Time(s, "queuedAt"),
                StartedAt = Json.Time(s, "startedAt"),
                LastUpdatedAt = Json.Time(s, "lastUpdatedAt"),
                ExecutionNumber = Json.Long(s, "executionNumber"),
                RetryAttempt = Json.Int(s, "retryAttempt"),
            };
        }

        public static JobData Job(JsonElement e)
        {
            var job = new JobData
            {
                JobArn = Json.Str(e, "jobArn"),
                JobId = Json.Str(e, "jobId"),
                TargetSelection = Json.Str(e, "targetSelection"),
                Status = Json.Str(e, "status"),
                ForceCanceled = Json.Bool(e, "forceCanceled"),
                ReasonCode = Json.Str(e, "reasonCode"),
                Comment = Json.Str(e, "comment"),
                Targets = Json.StrList(e, "targets"),
                Description = Json.Str(e, "description"),
                ThingGroupId = Json.Str(e, "thingGroupId"),
                NamespaceId = Json.Str(e, "namespaceId"),
                IsConcurrent = Json.Bool(e, "isConcurrent"),
                CreatedAt = Json.Time(e, "createdAt"),
                LastUpdatedAt = Json.Time(e, "lastUpdatedAt"),
                CompletedAt = Json.Time(e, "completedAt"),
            };
            if (Json.TryGet(e, "jobProcessDetails", out var d) && d.ValueKind == JsonValueKind.Object)
            {
                job.ProcessDetails = new JobProcessDetailsData
                {
                    NumberOfCanceledThings = Json.Int(d, "numberOfCanceledThings"),
                    NumberOfSucceededThings = Json.Int(d, "numberOfSucceededThings"),
                    NumberOfFailedThings = Json.Int(d, "numberOfFailedThings"),
                    NumberOfRejectedThings = Json.Int(d, "numberOfRejectedThings"),
                    NumberOfQueuedThings = Json.Int(d, "numberOfQueuedThings"),
                    NumberOfInProgressThings = Json.Int(d, "numberOfInProgressThings"),
                    NumberOfRemovedThings = Json.Int(d, "numberOfRemovedThings"),
                    NumberOfTimedOutThings = Json.Int(d, "numberOfTimedOutThings"),
                };
            }
            return job;
        }

        public static ThingData Thing(JsonElement e) => new ThingData
        {
            ThingName = Json.Str(e, "thingName"),
            ThingId = Json.Str(e, "thingId"),
            ThingArn = Json.Str(e, "thingArn"),
            ThingTypeName = Json.Str(e, "thingTypeName"),
            Attributes = Json.Map(e, "attributes"),
            Version = Json.Long(e, "version"),
            DefaultClientId = Json.Str(e, "defaultClientId"),
            BillingGroupName = Json.Str(e, "billingGroupName"),
        };

        public static CancelJobResult CancelJob(JsonElement e) => new CancelJobResult
        {
            JobArn = Json.Str(e, "jobArn"),
            JobId = Json.Str(e, "jobId"),
            Description = Json.Str(e, "description"),
        };

        /// <summary>GroupNameAndArn { groupName, groupArn }, as ListThingGroups lists them.</summary>
        public static ThingGroupData GroupNameAndArn(JsonElement e) => new ThingGroupData
        {
            ThingGroupName = Json.Str(e, "groupName"),
            ThingGroupArn = Json.Str(e, "groupArn"),
        };

        public static ThingGroupData ThingGroup(JsonElement e)
        {
            var properties = Json.Obj(e, "thingGroupProperties");
            var metadata = Json.Obj(e, "thingGroupMetadata");
            return new ThingGroupData
            {
                ThingGroupName = Json.Str(e, "thingGroupName"),
                ThingGroupId = Json.Str(e, "thingGroupId"),
                ThingGroupArn = Json.Str(e, "thingGroupArn"),
                Version = Json.Long(e, "version"),
                Description = Json.Str(properties, "thingGroupDescription"),
                Attributes = Json.Map(Json.Obj(properties, "attributePayload"), "attributes"),
                ParentGroupName = Json.Str(metadata, "parentGroupName"),
                RootToParentGroupNames = Json.TryGet(metadata, "rootToParentThingGroups", out _)
                    ? Json.Objects(metadata, "rootToParentThingGroups").Select(g => Json.Str(g, "groupName")).Where(n => n != null).Select(n => n!).ToList()
                    : null,
                CreationDate = Json.Time(metadata, "creationDate"),
            };
        }

        /// <summary>SearchIndex's ThingDocument; connectivity.timestamp is epoch milliseconds, kept as the number.</summary>
        public static ThingDocumentData ThingDocument(JsonElement e)
        {
            var doc = new ThingDocumentData
            {
                ThingName = Json.Str(e, "thingName"),
                ThingId = Json.Str(e, "thingId"),
                ThingTypeName = Json.Str(e, "thingTypeName"),
                ThingGroupNames = Json.StrList(e, "thingGroupNames"),
                Attributes = Json.Map(e, "attributes"),
                Shadow = Json.Str(e, "shadow"),
                DeviceDefender = Json.Str(e, "deviceDefender"),
            };
            if (Json.TryGet(e, "connectivity", out var c) && c.ValueKind == JsonValueKind.Object)
            {
                doc.Connectivity = new ThingConnectivityData
                {
                    Connected = Json.Bool(c, "connected"),
                    Timestamp = Json.Long(c, "timestamp"),
                    DisconnectReason = Json.Str(c, "disconnectReason"),
                };
            }
            return doc;
        }
    }
}
