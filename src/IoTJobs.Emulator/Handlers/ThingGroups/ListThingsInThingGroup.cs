namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>ListThingsInThingGroup, GET /thing-groups/{thingGroupName}/things?recursive=: thing names in name order.</summary>
internal sealed class ListThingsInThingGroup() : JsonOperation(Operations.ListThingsInThingGroup)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string group = r.Label("thingGroupName", Validation.ThingGroupName);
        bool recursive = r.Input.QueryBool("recursive") ?? false;
        WriteNamePage(w, r, $"{group}\u0001{recursive}", "things", (after, max) => r.Store.ListThingsInThingGroup(group, recursive, after, max), (w, t) => w.WriteStringValue(t));
    }
}
