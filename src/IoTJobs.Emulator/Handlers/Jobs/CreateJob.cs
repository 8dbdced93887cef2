using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>CreateJob, PUT /jobs/{jobId}: targets are thing and thing group ARNs; the executions exist when it returns.</summary>
internal sealed class CreateJob() : JsonOperation(Operations.CreateJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var input = r.Input;
        var targets = input.StringList("targets") ?? throw EmulatorApiException.InvalidRequest("targets is required.");
        var timeout = input.Object("timeoutConfig");
        long? timeoutMinutes = null;
        if (timeout != null && timeout.Value.TryGetProperty("inProgressTimeoutInMinutes", out var tm))
        {
            if (tm.ValueKind != JsonValueKind.Number || !tm.TryGetInt64(out long m))
                throw EmulatorApiException.InvalidRequest("'timeoutConfig.inProgressTimeoutInMinutes' must be a JSON integer.");
            timeoutMinutes = m;
        }
        var job = r.Store.CreateJob(r.Label("jobId"), targets, input.String("document"), input.String("documentSource"),
            input.String("description"), input.String("targetSelection") ?? "SNAPSHOT", input.String("namespaceId"), timeoutMinutes);
        JobShapes.WriteJobIdentity(w, job);
    }
}
