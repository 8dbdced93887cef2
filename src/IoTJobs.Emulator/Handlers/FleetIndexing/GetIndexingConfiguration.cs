using IoTJobs.Emulator.Indexing;

namespace IoTJobs.Emulator.Handlers.FleetIndexing;

/// <summary>
/// GetIndexingConfiguration, GET /indexing/config: both modes of each index always (OFF at first, as in AWS's CLI
/// example), the managed fields of the modes that are on, and whatever else the last update set.
/// </summary>
internal sealed class GetIndexingConfiguration() : JsonOperation(Operations.GetIndexingConfiguration)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var c = r.Store.IndexingConfiguration;
        w.WriteStartObject();
        w.WriteStartObject("thingIndexingConfiguration");
        w.WriteString("thingIndexingMode", c.Thing.ThingIndexingModeName);
        w.WriteString("thingConnectivityIndexingMode", c.Thing.ThingConnectivityIndexingModeName);
        if (c.DeviceDefenderIndexingMode != null) w.WriteString("deviceDefenderIndexingMode", c.DeviceDefenderIndexingMode);
        if (c.NamedShadowIndexingMode != null) w.WriteString("namedShadowIndexingMode", c.NamedShadowIndexingMode);
        if (c.ManagedFields.Count > 0) WriteFields(w, "managedFields", c.ManagedFields);
        if (c.CustomFields != null) WriteFields(w, "customFields", c.CustomFields);
        if (c.NamedShadowNames != null || c.GeoLocations != null)
        {
            w.WriteStartObject("filter");
            if (c.NamedShadowNames != null)
            {
                w.WriteStartArray("namedShadowNames");
                foreach (string n in c.NamedShadowNames) w.WriteStringValue(n);
                w.WriteEndArray();
            }
            if (c.GeoLocations != null)
            {
                w.WriteStartArray("geoLocations");
                foreach (var g in c.GeoLocations)
                {
                    w.WriteStartObject();
                    w.WriteString("name", g.Name);
                    w.WriteString("order", g.Order);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("thingGroupIndexingConfiguration");
        w.WriteString("thingGroupIndexingMode", c.ThingGroupIndexingMode);
        if (c.ThingGroupCustomFields != null) WriteFields(w, "customFields", c.ThingGroupCustomFields);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, string name, IReadOnlyList<IndexField> fields)
    {
        w.WriteStartArray(name);
        foreach (var f in fields)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("type", f.Type);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
