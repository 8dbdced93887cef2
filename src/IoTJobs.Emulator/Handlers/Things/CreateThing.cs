namespace IoTJobs.Emulator.Handlers.Things;

/// <summary>CreateThing, POST /things/{thingName}: idempotent for the same type and attributes.</summary>
internal sealed class CreateThing() : JsonOperation(Operations.CreateThing)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var attrPayload = r.Input.Object("attributePayload");
        var attrs = attrPayload == null ? null : r.Input.StringMap("attributes", attrPayload);
        var t = r.Store.CreateThing(r.Label("thingName"), r.Input.String("thingTypeName"), attrs);
        w.WriteStartObject();
        w.WriteString("thingName", t.ThingName);
        w.WriteString("thingArn", t.ThingArn);
        w.WriteString("thingId", t.ThingId);
        w.WriteEndObject();
    }
}
