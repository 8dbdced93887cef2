using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.DataPlane;

/// <summary>UpdateJobExecution, POST /things/{thingName}/jobs/{jobId}: the device reports IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.</summary>
internal sealed class UpdateJobExecution() : JsonOperation(Operations.UpdateJobExecution)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var input = r.Input;
        string status = input.String("status") ?? throw EmulatorApiException.InvalidRequest("status is required.");
        var e = r.Store.UpdateJobExecution(r.Label("thingName"), r.Label("jobId"), status, input.StringMap("statusDetails"), input.Long("expectedVersion"),
            input.Long("executionNumber"), input.Long("stepTimeoutInMinutes"));
        w.WriteStartObject();
        if (input.Bool("includeJobExecutionState") == true)
        {
            w.WriteStartObject("executionState");
            w.WriteString("status", e.Status);
            w.WriteStartObject("statusDetails");
            foreach (var (k, v) in e.StatusDetails) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteNumber("versionNumber", e.VersionNumber);
            w.WriteEndObject();
        }
        if (input.Bool("includeJobDocument") == true && e.JobDocument != null) w.WriteString("jobDocument", e.JobDocument);
        w.WriteEndObject();
    }
}
