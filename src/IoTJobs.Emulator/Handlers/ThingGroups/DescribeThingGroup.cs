namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>DescribeThingGroup, GET /thing-groups/{thingGroupName}: properties and rootToParentThingGroups from the top down.</summary>
internal sealed class DescribeThingGroup() : JsonOperation(Operations.DescribeThingGroup)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var g = r.Store.DescribeThingGroup(r.Label("thingGroupName"));
        w.WriteStartObject();
        w.WriteString("thingGroupName", g.ThingGroupName);
        w.WriteString("thingGroupId", g.ThingGroupId);
        w.WriteString("thingGroupArn", g.ThingGroupArn);
        w.WriteNumber("version", g.Version);
        w.WriteStartObject("thingGroupProperties");
        if (g.Description != null) w.WriteString("thingGroupDescription", g.Description);
        if (g.Attributes.Count > 0)
        {
            w.WriteStartObject("attributePayload");
            w.WriteStartObject("attributes");
            foreach (var (k, v) in g.Attributes) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("thingGroupMetadata");
        if (g.ParentGroupName != null) w.WriteString("parentGroupName", g.ParentGroupName);
        if (g.RootToParentThingGroups.Count > 0)
        {
            w.WriteStartArray("rootToParentThingGroups");
            foreach (var (name, arn) in g.RootToParentThingGroups) GroupShapes.WriteNameAndArn(w, name, arn);
            w.WriteEndArray();
        }
        Timestamps.Epoch(w, "creationDate", g.CreationDate);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
