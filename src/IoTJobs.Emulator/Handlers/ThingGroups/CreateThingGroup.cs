using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>CreateThingGroup, POST /thing-groups/{thingGroupName}: a static group, under parentGroupName if given.</summary>
internal sealed class CreateThingGroup() : JsonOperation(Operations.CreateThingGroup)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var props = r.Input.Object("thingGroupProperties");
        string? description = null;
        IReadOnlyDictionary<string, string>? attrs = null;
        if (props != null)
        {
            if (props.Value.TryGetProperty("thingGroupDescription", out var d) && d.ValueKind != JsonValueKind.Null)
                description = d.ValueKind == JsonValueKind.String ? d.GetString()
                    : throw EmulatorApiException.InvalidRequest("'thingGroupProperties.thingGroupDescription' must be a JSON string.");
            if (props.Value.TryGetProperty("attributePayload", out var payload) && payload.ValueKind == JsonValueKind.Object)
                attrs = r.Input.StringMap("attributes", payload);
        }
        var g = r.Store.CreateThingGroup(r.Label("thingGroupName"), r.Input.String("parentGroupName"), description, attrs);
        w.WriteStartObject();
        w.WriteString("thingGroupName", g.ThingGroupName);
        w.WriteString("thingGroupArn", g.ThingGroupArn);
        w.WriteString("thingGroupId", g.ThingGroupId);
        w.WriteEndObject();
    }
}
