using System.Text;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.Shadows;

/// <summary>
/// A Device Shadow operation (iot-data): its output is the model's JsonDocument blob payload, so the shadow document
/// is the whole body. Only the classic shadow is modelled; a named shadow (?name=) is refused.
/// </summary>
internal abstract class ShadowOperation(string name) : OperationHandler(name)
{
    public sealed override OperationResponse Execute(OperationRequest request)
    {
        if (request.Input.Query("name") is string shadowName)
            throw EmulatorApiException.InvalidRequest(
                $"Named shadows are not modelled by this emulator (name={Store.Validation.Trunc(shadowName)}): leave out ?name= for the thing's classic shadow.");
        return new OperationResponse(Encoding.UTF8.GetBytes(Document(request)), "application/json");
    }

    protected abstract string Document(OperationRequest request);
}
