namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>CancelJob, PUT /jobs/{jobId}/cancel?force=: the job is CANCELED at once, its executions at --job-cancel-rate.</summary>
internal sealed class CancelJob() : JsonOperation(Operations.CancelJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        bool force = r.Input.QueryBool("force") ?? false;
        var job = r.Store.CancelJob(r.Label("jobId"), force, r.Input.String("reasonCode"), r.Input.String("comment"));
        JobShapes.WriteJobIdentity(w, job);
    }
}
