namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>ListJobs, GET /jobs: filters by status, target selection, namespace and thing group (name or id).</summary>
internal sealed class ListJobs() : JsonOperation(Operations.ListJobs)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var input = r.Input;
        string? status = input.QueryEnum("status", JobStatus.All);
        string? selection = input.QueryEnum("targetSelection", new[] { "SNAPSHOT", "CONTINUOUS" });
        string? ns = input.Query("namespaceId");
        if (ns != null) Validation.Namespace(ns);
        string? groupName = input.Query("thingGroupName");
        string? groupId = input.Query("thingGroupId");
        string filter = $"{status}\u0001{selection}\u0001{ns}\u0001{groupName}\u0001{groupId}";
        WritePage(w, r, filter, "jobs", (after, max) => r.Store.ListJobs(status, selection, ns, groupName, groupId, after, max), (w, j) =>
        {
            w.WriteStartObject();
            w.WriteString("jobArn", j.JobArn);
            w.WriteString("jobId", j.JobId);
            // JobSummary's thingGroupId: the job's (first) thing group target.
            if (j.ThingGroupTargets.Count > 0) w.WriteString("thingGroupId", j.ThingGroupTargets[0].ThingGroupId);
            w.WriteString("targetSelection", j.TargetSelection);
            w.WriteString("status", j.Status);
            Timestamps.Epoch(w, "createdAt", j.CreatedAt);
            Timestamps.Epoch(w, "lastUpdatedAt", j.LastUpdatedAt);
            if (j.CompletedAt != null) Timestamps.Epoch(w, "completedAt", j.CompletedAt.Value);
            w.WriteBoolean("isConcurrent", j.IsConcurrent);
            w.WriteEndObject();
        });
    }
}
