namespace IoTJobs.Emulator.Handlers.Shadows;

/// <summary>UpdateThingShadow, POST /things/{thingName}/shadow: the body is the request state document.</summary>
internal sealed class UpdateThingShadow() : ShadowOperation(Operations.UpdateThingShadow)
{
    public override bool TakesRawBody => true;

    protected override string Document(OperationRequest r) => r.Store.UpdateThingShadow(r.Label("thingName"), r.Body.Span);
}
