namespace IoTJobs.Emulator.Handlers.DataPlane;

/// <summary>GetPendingJobExecutions, GET /things/{thingName}/jobs: the thing's IN_PROGRESS and QUEUED executions.</summary>
internal sealed class GetPendingJobExecutions() : JsonOperation(Operations.GetPendingJobExecutions)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var (inProgress, queued) = r.Store.GetPendingJobExecutions(r.Label("thingName"));
        w.WriteStartObject();
        w.WriteStartArray("inProgressJobs");
        foreach (var e in inProgress) DeviceShapes.WriteSummary(w, e);
        w.WriteEndArray();
        w.WriteStartArray("queuedJobs");
        foreach (var e in queued) DeviceShapes.WriteSummary(w, e);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
