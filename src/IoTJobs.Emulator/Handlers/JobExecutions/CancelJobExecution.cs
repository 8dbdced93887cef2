namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>
/// CancelJobExecution, PUT /things/{thingName}/jobs/{jobId}/cancel?force=, body { expectedVersion, statusDetails }:
/// QUEUED -> CANCELED; IN_PROGRESS only with force; no output.
/// </summary>
internal sealed class CancelJobExecution() : JsonOperation(Operations.CancelJobExecution)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        bool force = r.Input.QueryBool("force") ?? false;
        r.Store.CancelJobExecution(r.Label("thingName"), r.Label("jobId"), force, r.Input.Long("expectedVersion"), r.Input.StringMap("statusDetails"));
        EmptyObject(w);
    }
}
