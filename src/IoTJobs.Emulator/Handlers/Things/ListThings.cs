namespace IoTJobs.Emulator.Handlers.Things;

/// <summary>ListThings, GET /things: filters by attribute (exact or prefix) and thing type, in creation order.</summary>
internal sealed class ListThings() : JsonOperation(Operations.ListThings)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string? attrName = r.Input.Query("attributeName");
        string? attrValue = r.Input.Query("attributeValue");
        string? typeName = r.Input.Query("thingTypeName");
        bool prefix = r.Input.QueryBool("usePrefixAttributeValue") ?? false;
        if (attrName != null) Validation.AttributeName(attrName);
        if (attrValue != null) Validation.AttributeValue(attrValue);
        if (typeName != null) Validation.ThingName(typeName, "thingTypeName");
        string filter = $"{attrName}\u0001{attrValue}\u0001{typeName}\u0001{prefix}";
        WritePage(w, r, filter, "things", (after, max) => r.Store.ListThings(attrName, attrValue, typeName, prefix, after, max), (w, t) =>
        {
            w.WriteStartObject();
            ThingShapes.WriteThingFields(w, t);
            w.WriteEndObject();
        });
    }
}
