namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>ListThingGroups, GET /thing-groups?parentGroup=&amp;recursive=&amp;namePrefixFilter=: groups by name.</summary>
internal sealed class ListThingGroups() : JsonOperation(Operations.ListThingGroups)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string? parent = r.Input.Query("parentGroup");
        string? prefix = r.Input.Query("namePrefixFilter");
        bool recursive = r.Input.QueryBool("recursive") ?? false;
        int max = r.Input.MaxResults();
        string filter = $"{parent}\u0001{prefix}\u0001{recursive}";
        var page = r.Store.ListThingGroups(parent, prefix, recursive, AfterName(r, filter), max);
        WritePage(w, r, filter, "thingGroups", page, (w, g) => GroupShapes.WriteNameAndArn(w, g.ThingGroupName, g.ThingGroupArn));
    }
}
