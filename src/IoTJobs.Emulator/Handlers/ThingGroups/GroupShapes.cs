namespace IoTJobs.Emulator.Handlers.ThingGroups;

/// <summary>GroupNameAndArn, and the four members naming a membership (group and thing, each by name or ARN).</summary>
internal static class GroupShapes
{
    public static void WriteNameAndArn(Utf8JsonWriter w, string name, string arn)
    {
        w.WriteStartObject();
        w.WriteString("groupName", name);
        w.WriteString("groupArn", arn);
        w.WriteEndObject();
    }

    public static (string? GroupName, string? GroupArn, string? ThingName, string? ThingArn) Membership(RequestInput input) =>
        (input.String("thingGroupName"), input.String("thingGroupArn"), input.String("thingName"), input.String("thingArn"));
}
