namespace IoTJobs.Emulator.Handlers.DataPlane;

/// <summary>StartNextPendingJobExecution, PUT /things/{thingName}/jobs/$next: the device starts its next job ({} when none).</summary>
internal sealed class StartNextPendingJobExecution() : JsonOperation(Operations.StartNextPendingJobExecution)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var e = r.Store.StartNextPendingJobExecution(r.Label("thingName"), r.Input.StringMap("statusDetails"), r.Input.Long("stepTimeoutInMinutes"));
        w.WriteStartObject();
        if (e != null) DeviceShapes.WriteExecution(w, "execution", e, includeDocument: true);
        w.WriteEndObject();
    }
}
