namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>ListJobExecutionsForJob, GET /jobs/{jobId}/things?status=: summaries with thingArn, no versionNumber.</summary>
internal sealed class ListJobExecutionsForJob() : JsonOperation(Operations.ListJobExecutionsForJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string jobId = r.Label("jobId", Validation.JobId);
        string? status = r.Input.QueryEnum("status", JobExecutionStatus.All);
        WritePage(w, r, $"{jobId}\u0001{status}", "executionSummaries", (after, max) => r.Store.ListJobExecutionsForJob(jobId, status, after, max),
            (w, e) => ExecutionShapes.WriteSummaryFor(w, "thingArn", e.ThingArn, e));
    }
}
