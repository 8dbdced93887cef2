namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>AddThingToThingGroup, PUT /thing-groups/addThingToThingGroup: group and thing by name or ARN; a member again changes nothing.</summary>
internal sealed class AddThingToThingGroup() : JsonOperation(Operations.AddThingToThingGroup)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var (groupName, groupArn, thingName, thingArn) = GroupShapes.Membership(r.Input);
        r.Input.Bool("overrideDynamicGroups");
        r.Store.AddThingToThingGroup(groupName, groupArn, thingName, thingArn);
        EmptyObject(w);
    }
}
