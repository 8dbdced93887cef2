namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>RemoveThingFromThingGroup, PUT /thing-groups/removeThingFromThingGroup: removing a non-member changes nothing.</summary>
internal sealed class RemoveThingFromThingGroup() : JsonOperation(Operations.RemoveThingFromThingGroup)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var (groupName, groupArn, thingName, thingArn) = GroupShapes.Membership(r.Input);
        r.Store.RemoveThingFromThingGroup(groupName, groupArn, thingName, thingArn);
        EmptyObject(w);
    }
}
