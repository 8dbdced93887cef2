namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>DescribeJob, GET /jobs/{jobId}: the job with its per-status execution counts.</summary>
internal sealed class DescribeJob() : JsonOperation(Operations.DescribeJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var job = r.Store.DescribeJob(r.Label("jobId"));
        r.Input.QueryBool("beforeSubstitution");
        JobShapes.WriteJob(w, job);
    }
}
