namespace IoTJobs.Emulator.Handlers.Things;

/// <summary>DescribeThing, GET /things/{thingName}.</summary>
internal sealed class DescribeThing() : JsonOperation(Operations.DescribeThing)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var t = r.Store.DescribeThing(r.Label("thingName"));
        w.WriteStartObject();
        w.WriteString("defaultClientId", t.ThingName);
        ThingShapes.WriteThingFields(w, t);
        w.WriteString("thingId", t.ThingId);
        w.WriteEndObject();
    }
}
