namespace IoTJobs.Emulator.Handlers.DataPlane;

/// <summary>
/// DescribeJobExecution on the jobs data plane (counted as JobsDataDescribeJobExecution), GET
/// /things/{thingName}/jobs/{jobId} where jobId may be $next; the job document unless includeJobDocument=false.
/// </summary>
internal sealed class DescribeJobExecution() : JsonOperation(Operations.JobsDataDescribeJobExecution)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var e = r.Store.DescribeJobExecutionForDevice(r.Label("thingName"), r.Label("jobId"), r.Input.QueryLong("executionNumber"));
        // botocore 1.43 model: "Unless set to false, the response contains the job document. The default is true."
        bool includeDoc = r.Input.QueryBool("includeJobDocument") ?? true;
        w.WriteStartObject();
        DeviceShapes.WriteExecution(w, "execution", e, includeDoc);
        w.WriteEndObject();
    }
}
