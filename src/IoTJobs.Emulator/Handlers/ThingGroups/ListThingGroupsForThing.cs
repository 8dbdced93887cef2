using IoTJobs.Emulator.Store;

namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>ListThingGroupsForThing, GET /things/{thingName}/thing-groups: the groups the thing is a direct member of.</summary>
internal sealed class ListThingGroupsForThing() : JsonOperation(Operations.ListThingGroupsForThing)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string thing = r.Label("thingName");
        Validation.ThingName(thing);
        int max = r.Input.MaxResults();
        string filter = thing;
        var page = r.Store.ListThingGroupsForThing(thing, AfterName(r, filter), max);
        WritePage(w, r, filter, "thingGroups", page, (w, g) => GroupShapes.WriteNameAndArn(w, g.ThingGroupName, g.ThingGroupArn));
    }
}
