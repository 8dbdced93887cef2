namespace IoTJobs.Emulator.Indexing;

/// <summary>The values of each indexed field of one thing, by case-sensitive field name.</summary>
internal sealed class IndexedFieldSet
{
    private static readonly IReadOnlyList<IndexedValue> None = Array.Empty<IndexedValue>();
    private readonly Dictionary<string, List<IndexedValue>> _fields = new(StringComparer.Ordinal);

    public void Add(string field, IndexedValue value)
    {
        if (!_fields.TryGetValue(field, out var values)) _fields[field] = values = new List<IndexedValue>();
        values.Add(value);
    }

    public IReadOnlyList<IndexedValue> this[string field] => _fields.TryGetValue(field, out var v) ? v : None;

    public IEnumerable<KeyValuePair<string, List<IndexedValue>>> All => _fields;
}

/// <summary>
/// One thing's document as the index holds it under one indexing configuration: registry fields always, shadow fields
/// with REGISTRY_AND_SHADOW, connectivity fields with STATUS.
/// </summary>
internal sealed class IndexedThing
{
    private IndexedThing(ThingDocument document, IndexedFieldSet fields, IReadOnlyList<IndexedValue> defaultValues)
    {
        Document = document;
        Fields = fields;
        DefaultValues = defaultValues;
    }

    public ThingDocument Document { get; }
    public IndexedFieldSet Fields { get; }

    /// <summary>
    /// What a term without a field searches: every registry and shadow field ("If a field isn't specified, AWS IoT
    /// searches for the term in all the registry, Device Shadow, and Device Defender fields"), not connectivity.
    /// </summary>
    public IReadOnlyList<IndexedValue> DefaultValues { get; }

    public IReadOnlyList<IndexedValue> Values(string? field) => field is null ? DefaultValues : Fields[field];

    public static IndexedThing Build(ThingDocument thing, ThingIndexingConfiguration configuration)
    {
        var fields = new IndexedFieldSet();
        fields.Add("thingName", IndexedValue.FromRegistryString(thing.ThingName));
        if (thing.ThingId is not null) fields.Add("thingId", IndexedValue.FromRegistryString(thing.ThingId));
        if (thing.ThingTypeName is not null) fields.Add("thingTypeName", IndexedValue.FromRegistryString(thing.ThingTypeName));
        foreach (string group in thing.ThingGroupNames) fields.Add("thingGroupNames", IndexedValue.FromRegistryString(group));
        foreach (var (name, value) in thing.Attributes) fields.Add("attributes." + name, IndexedValue.FromRegistryString(value));
        if (configuration.IndexesShadow && thing.Shadow is not null) ShadowFields.AddTo(fields, thing.Shadow, thing.ThingName);

        var defaults = fields.All.SelectMany(f => f.Value).ToList();
        if (configuration.IndexesConnectivity)
        {
            // The API reference: a thing that never connected is indexed with connected=false and nothing else.
            var c = thing.Connectivity ?? new ThingConnectivity(false);
            fields.Add("connectivity.connected", IndexedValue.FromBoolean(c.Connected));
            if (c.Timestamp is long ts)
                fields.Add("connectivity.timestamp", IndexedValue.FromNumber(ts.ToString(System.Globalization.CultureInfo.InvariantCulture), ts));
            if (c.DisconnectReason is not null)
                fields.Add("connectivity.disconnectReason", IndexedValue.FromRegistryString(c.DisconnectReason));
        }
        return new IndexedThing(thing, fields, defaults);
    }
}
