namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>ListJobExecutionsForThing, GET /things/{thingName}/jobs?status=&amp;jobId=&amp;namespaceId=: summaries with jobId.</summary>
internal sealed class ListJobExecutionsForThing() : JsonOperation(Operations.ListJobExecutionsForThing)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string thingName = r.Label("thingName", Validation.ThingName);
        string? status = r.Input.QueryEnum("status", JobExecutionStatus.All);
        string? jobId = r.Input.Query("jobId");
        if (jobId != null) Validation.JobId(jobId);
        string? ns = r.Input.Query("namespaceId");
        if (ns != null) Validation.Namespace(ns);
        WritePage(w, r, $"{thingName}\u0001{status}\u0001{jobId}\u0001{ns}", "executionSummaries",
            (after, max) => r.Store.ListJobExecutionsForThing(thingName, status, jobId, ns, after, max), (w, e) => ExecutionShapes.WriteSummaryFor(w, "jobId", e.JobId, e));
    }
}
