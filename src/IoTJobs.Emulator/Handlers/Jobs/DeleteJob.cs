namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>DeleteJob, DELETE /jobs/{jobId}?force=: a finished or canceled job, an IN_PROGRESS one only with force.</summary>
internal sealed class DeleteJob() : JsonOperation(Operations.DeleteJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        bool force = r.Input.QueryBool("force") ?? false;
        string? ns = r.Input.Query("namespaceId");
        if (ns != null) Validation.Namespace(ns);
        r.Store.DeleteJob(r.Label("jobId"), force);
        EmptyObject(w);
    }
}
