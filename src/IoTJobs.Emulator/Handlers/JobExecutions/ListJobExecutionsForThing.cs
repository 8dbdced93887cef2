using IoTJobs.Emulator.Store;

namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>ListJobExecutionsForThing, GET /things/{thingName}/jobs?status=&amp;jobId=&amp;namespaceId=: summaries with jobId.</summary>
internal sealed class ListJobExecutionsForThing() : JsonOperation(Operations.ListJobExecutionsForThing)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string thingName = r.Label("thingName");
        Validation.ThingName(thingName);
        string? status = r.Input.QueryEnum("status", JobExecutionStatus.All);
        string? jobId = r.Input.Query("jobId");
        if (jobId != null) Validation.JobId(jobId);
        string? ns = r.Input.Query("namespaceId");
        if (ns != null) Validation.Namespace(ns);
        int max = r.Input.MaxResults();
        string filter = $"{thingName}\u0001{status}\u0001{jobId}\u0001{ns}";
        var page = r.Store.ListJobExecutionsForThing(thingName, status, jobId, ns, After(r, filter), max);
        WritePage(w, r, filter, "executionSummaries", page, (w, e) =>
        {
            w.WriteStartObject();
            w.WriteString("jobId", e.JobId);
            ExecutionShapes.WriteSummary(w, e);
            w.WriteEndObject();
        });
    }
}
