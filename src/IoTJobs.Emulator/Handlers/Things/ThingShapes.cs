namespace IoTJobs.Emulator.Handlers.Things;

/// <summary>The members DescribeThing and ListThings' ThingAttribute share.</summary>
internal static class ThingShapes
{
    public static void WriteThingFields(Utf8JsonWriter w, ThingSnapshot t)
    {
        w.WriteString("thingName", t.ThingName);
        if (t.ThingTypeName != null) w.WriteString("thingTypeName", t.ThingTypeName);
        w.WriteString("thingArn", t.ThingArn);
        w.WriteStartObject("attributes");
        foreach (var (k, v) in t.Attributes) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteNumber("version", t.Version);
    }
}
