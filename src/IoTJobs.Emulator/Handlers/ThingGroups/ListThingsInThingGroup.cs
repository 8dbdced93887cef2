using IoTJobs.Emulator.Store;

namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>ListThingsInThingGroup, GET /thing-groups/{thingGroupName}/things?recursive=: thing names in name order.</summary>
internal sealed class ListThingsInThingGroup() : JsonOperation(Operations.ListThingsInThingGroup)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string group = r.Label("thingGroupName");
        Validation.ThingGroupName(group);
        bool recursive = r.Input.QueryBool("recursive") ?? false;
        int max = r.Input.MaxResults();
        string filter = $"{group}\u0001{recursive}";
        var page = r.Store.ListThingsInThingGroup(group, recursive, AfterName(r, filter), max);
        WritePage(w, r, filter, "things", page, (w, t) => w.WriteStringValue(t));
    }
}
