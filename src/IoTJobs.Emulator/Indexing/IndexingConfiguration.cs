namespace IoTJobs.Emulator.Indexing;

/// <summary>A field of an indexing configuration (the model's Field): a name and its type, Number, String or Boolean.</summary>
public sealed record IndexField(string Name, string Type);

/// <summary>A geolocation target of the indexing filter (the model's GeoLocationTarget): a field name and LatLon or LonLat.</summary>
public sealed record GeoLocationTarget(string Name, string Order);

/// <summary>
/// What UpdateIndexingConfiguration set and GetIndexingConfiguration shows: the thing index (modes, custom fields,
/// filter) and the thing group index. Only the two thing modes change what SearchIndex finds; the rest is kept and
/// shown again. Null members were not given and are left out of GetIndexingConfiguration.
/// </summary>
public sealed record IndexingConfiguration
{
    public const string Off = "OFF";

    public ThingIndexingConfiguration Thing { get; init; } = ThingIndexingConfiguration.Off;
    public string? DeviceDefenderIndexingMode { get; init; }
    public string? NamedShadowIndexingMode { get; init; }
    public IReadOnlyList<IndexField>? CustomFields { get; init; }
    public IReadOnlyList<string>? NamedShadowNames { get; init; }
    public IReadOnlyList<GeoLocationTarget>? GeoLocations { get; init; }
    public string ThingGroupIndexingMode { get; init; } = Off;
    public IReadOnlyList<IndexField>? ThingGroupCustomFields { get; init; }

    /// <summary>AWS's starting point: thing and thing group indexing OFF.</summary>
    public static IndexingConfiguration Default { get; } = new();

    /// <summary>
    /// The fields AWS manages for the thing index's modes, as the Developer Guide's get-indexing-configuration example
    /// lists them (managing-index.html); none while thing indexing is OFF.
    /// </summary>
    public IReadOnlyList<IndexField> ManagedFields
    {
        get
        {
            var fields = new List<IndexField>();
            if (!Thing.IndexExists) return fields;
            fields.AddRange(new IndexField[]
            {
                new("thingName", "String"), new("thingId", "String"), new("registry.version", "Number"),
                new("registry.thingTypeName", "String"), new("registry.thingGroupNames", "String"),
            });
            if (Thing.IndexesShadow) fields.AddRange(new IndexField[] { new("shadow.version", "Number"), new("shadow.hasDelta", "Boolean") });
            if (Thing.IndexesConnectivity)
                fields.AddRange(new IndexField[]
                {
                    new("connectivity.connected", "Boolean"), new("connectivity.timestamp", "Number"),
                    new("connectivity.disconnectReason", "String"), new("connectivity.version", "Number"),
                });
            if (DeviceDefenderIndexingMode == "VIOLATIONS") fields.Add(new IndexField("deviceDefender.violationCount", "Number"));
            if (NamedShadowIndexingMode == "ON")
                fields.AddRange(new IndexField[] { new("shadow.name.*.version", "Number"), new("shadow.name.*.hasDelta", "Boolean") });
            return fields;
        }
    }
}
