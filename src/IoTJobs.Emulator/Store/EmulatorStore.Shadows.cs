using System.Text.Json.Nodes;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Classic device shadows (iot-data UpdateThingShadow, GetThingShadow), by thing name.</summary>
public sealed partial class EmulatorStore
{
    // By thing name, registered or not: AWS keeps the shadow of an unregistered name but does not index it.
    private readonly Dictionary<string, ShadowDocument> _shadows = new(StringComparer.Ordinal);

    /// <summary>UpdateThingShadow: merges a request state document into the classic shadow; the /accepted document.</summary>
    public string UpdateThingShadow(string thingName, ReadOnlySpan<byte> payload)
    {
        Validation.ThingName(thingName);
        var update = ShadowDocument.Parse(payload);
        lock (_gate)
        {
            Tick();
            if (!_shadows.TryGetValue(thingName, out var shadow)) shadow = new ShadowDocument();
            string accepted = shadow.Apply(update, _clock().ToUnixTimeSeconds());
            _shadows[thingName] = shadow;
            return accepted;
        }
    }

    /// <summary>GetThingShadow: the classic shadow with its delta; 404 when the thing has none.</summary>
    public string GetThingShadow(string thingName)
    {
        Validation.ThingName(thingName);
        lock (_gate)
        {
            Tick();
            if (!_shadows.TryGetValue(thingName, out var shadow))
                throw EmulatorApiException.NotFound($"No shadow exists with name: '{thingName}'");
            return shadow.GetJson(_clock().ToUnixTimeSeconds());
        }
    }

    /// <summary>Seeding: reports <paramref name="reported"/> for each thing, as the device would with UpdateThingShadow.</summary>
    public void SeedShadowReported(IEnumerable<KeyValuePair<string, JsonObject>> reportedByThing)
    {
        foreach (var (thing, reported) in reportedByThing)
        {
            var payload = new JsonObject { ["state"] = new JsonObject { ["reported"] = reported.DeepClone() } };
            UpdateThingShadow(thing, System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()));
        }
    }
}
