namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>ListThingGroupsForThing, GET /things/{thingName}/thing-groups: the groups the thing is a direct member of.</summary>
internal sealed class ListThingGroupsForThing() : JsonOperation(Operations.ListThingGroupsForThing)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string thing = r.Label("thingName", Validation.ThingName);
        WriteNamePage(w, r, thing, "thingGroups", (after, max) => r.Store.ListThingGroupsForThing(thing, after, max),
            (w, g) => GroupShapes.WriteNameAndArn(w, g.ThingGroupName, g.ThingGroupArn));
    }
}
