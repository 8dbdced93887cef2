using IoTJobs.Emulator.Store;

namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>ListJobExecutionsForJob, GET /jobs/{jobId}/things?status=: summaries with thingArn, no versionNumber.</summary>
internal sealed class ListJobExecutionsForJob() : JsonOperation(Operations.ListJobExecutionsForJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string jobId = r.Label("jobId");
        Validation.JobId(jobId);
        string? status = r.Input.QueryEnum("status", JobExecutionStatus.All);
        int max = r.Input.MaxResults();
        string filter = $"{jobId}\u0001{status}";
        var page = r.Store.ListJobExecutionsForJob(jobId, status, After(r, filter), max);
        WritePage(w, r, filter, "executionSummaries", page, (w, e) =>
        {
            w.WriteStartObject();
            w.WriteString("thingArn", e.ThingArn);
            ExecutionShapes.WriteSummary(w, e);
            w.WriteEndObject();
        });
    }
}
