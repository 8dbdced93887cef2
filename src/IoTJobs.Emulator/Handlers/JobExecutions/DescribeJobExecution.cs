namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>DescribeJobExecution (control plane), GET /things/{thingName}/jobs/{jobId}?executionNumber=.</summary>
internal sealed class DescribeJobExecution() : JsonOperation(Operations.DescribeJobExecution)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var e = r.Store.DescribeJobExecution(r.Label("thingName"), r.Label("jobId"), r.Input.QueryLong("executionNumber"));
        w.WriteStartObject();
        w.WriteStartObject("execution");
        w.WriteString("jobId", e.JobId);
        w.WriteString("status", e.Status);
        if (e.Status == JobExecutionStatus.Canceled) w.WriteBoolean("forceCanceled", e.ForceCanceled);
        w.WriteStartObject("statusDetails");
        if (e.StatusDetails.Count > 0)
        {
            w.WriteStartObject("detailsMap");
            foreach (var (k, v) in e.StatusDetails) w.WriteString(k, v);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteString("thingArn", e.ThingArn);
        Timestamps.WriteExecutionTimes(w, e, wholeSeconds: false);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteNumber("versionNumber", e.VersionNumber);
        if (e.ApproximateSecondsBeforeTimedOut is long left) w.WriteNumber("approximateSecondsBeforeTimedOut", left);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
