namespace IoTJobs.Emulator.Handlers.Shadows;

/// <summary>GetThingShadow, GET /things/{thingName}/shadow: the classic shadow with its delta.</summary>
internal sealed class GetThingShadow() : ShadowOperation(Operations.GetThingShadow)
{
    protected override string Document(OperationRequest r) => r.Store.GetThingShadow(r.Label("thingName"));
}
