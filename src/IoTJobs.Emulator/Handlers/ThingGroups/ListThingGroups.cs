namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>ListThingGroups, GET /thing-groups?parentGroup=&amp;recursive=&amp;namePrefixFilter=: groups by name.</summary>
internal sealed class ListThingGroups() : JsonOperation(Operations.ListThingGroups)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string? parent = r.Input.Query("parentGroup");
        string? prefix = r.Input.Query("namePrefixFilter");
        bool recursive = r.Input.QueryBool("recursive") ?? false;
        WriteNamePage(w, r, $"{parent}\u0001{prefix}\u0001{recursive}", "thingGroups", (after, max) => r.Store.ListThingGroups(parent, prefix, recursive, after, max),
            (w, g) => GroupShapes.WriteNameAndArn(w, g.ThingGroupName, g.ThingGroupArn));
    }
}
