using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>AssociateTargetsWithJob, POST /jobs/{jobId}/targets: more thing groups for a CONTINUOUS job.</summary>
internal sealed class AssociateTargetsWithJob() : JsonOperation(Operations.AssociateTargetsWithJob)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var targets = r.Input.StringList("targets") ?? throw EmulatorApiException.InvalidRequest("targets is required.");
        var job = r.Store.AssociateTargetsWithJob(r.Label("jobId"), targets, r.Input.String("comment"), r.Input.Query("namespaceId"));
        JobShapes.WriteJobIdentity(w, job);
    }
}
