using System.Collections.ObjectModel;
using System.Text.Json;

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
            ThingId = data.ThingId,
            ThingTypeName = data.ThingTypeName,
            Attributes = ReadOnly(data.Attributes),
            Version = data.Version,
            Region = region,
        };

        /// <summary>A fleet-index result (SearchIndex): what the document holds; it has no ARN and no version.</summary>
        public static Thing ToThing(ThingDocumentData data, string region)
        {
            var thing = new Thing
            {
                ThingName = data.ThingName ?? "",
                ThingId = data.ThingId,
                ThingTypeName = data.ThingTypeName,
                ThingGroupNames = data.ThingGroupNames == null ? null : new StringList(data.ThingGroupNames),
                Attributes = ReadOnly(data.Attributes),
                Connected = data.Connectivity?.Connected,
                ConnectivityChangedAt = FromEpochMilliseconds(data.Connectivity?.Timestamp),
                DisconnectReason = data.Connectivity?.DisconnectReason,
                Shadow = data.Shadow,
                DeviceDefender = data.DeviceDefender,
                Region = region,
            };
            if (data.Shadow != null) (thing.ShadowReported, thing.ShadowDesired) = ShadowStates(data.Shadow);
            return thing;
        }

        private static DateTime? FromEpochMilliseconds(long? ms) =>
            ms is long m && m >= -62135596800000 && m <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(m).UtcDateTime : (DateTime?)null;

        /// <summary>
        /// The reported and desired states of a shadow as the index returns it (<c>{"reported":..,"desired":..,"metadata":..}</c>;
        /// also under "state", as GetThingShadow has them). Text that is not such a document gives neither, and so does a
        /// state with keys that differ only in case (or an empty key), which PowerShell's properties cannot hold: Shadow keeps the text.
        /// </summary>
        private static (PSObject? Reported, PSObject? Desired) ShadowStates(string shadow)
        {
            try
            {
                using var doc = JsonDocument.Parse(shadow);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return (null, null);
                if (root.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.Object) root = state;
                return (Section(root, "reported"), Section(root, "desired"));
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }

        private static PSObject? Section(JsonElement state, string name)
        {
            if (!state.TryGetProperty(name, out var section) || section.ValueKind != JsonValueKind.Object) return null;
            try
            {
                return (PSObject?)FromJson(section);
            }
            catch (ArgumentException)
            {
                return null; // keys that differ only in case, or an empty key
            }
        }

        // The values ConvertFrom-Json makes: objects as PSCustomObject, arrays as object[], whole numbers as long.
        private static object? FromJson(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var o = new PSObject();
                    var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var p in e.EnumerateObject())
                    {
                        if (!names.Add(p.Name)) throw new ArgumentException($"The keys '{p.Name}' differ only in case.");
                        o.Properties.Add(new PSNoteProperty(p.Name, FromJson(p.Value)));
                    }
                    return o;
                case JsonValueKind.Array: return e.EnumerateArray().Select(FromJson).ToArray();
                case JsonValueKind.String: return e.GetString();
                case JsonValueKind.Number: return e.TryGetInt64(out var l) ? l : (object)e.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        // A StringMap, so Export-Csv writes key=value;key=value rather than a type name.
        private static IReadOnlyDictionary<string, string>? ReadOnly(IReadOnlyDictionary<string, string>? map) =>
            map == null ? null : new StringMap(map);
    }
}
