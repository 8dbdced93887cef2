namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// The field names a thing query may use. AWS refuses an unknown one ("Unable to parse query, invalid field name,
/// field name: thingGroupName, ..."), and field names are case-sensitive. Named-shadow and Device Defender fields are
/// valid names that this emulator never indexes (those sources are not modelled), so they match nothing.
/// </summary>
internal static class QueryFieldNames
{
    public const string Valid =
        "thingName, thingId, thingTypeName, thingGroupNames, attributes.<name>, shadow.reported.<path>, " +
        "shadow.desired.<path>, shadow.delta.<path>, shadow.metadata.reported|desired|delta.<path>, shadow.hasDelta, " +
        "connectivity.connected, connectivity.timestamp and connectivity.disconnectReason";

    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal)
    {
        "thingName", "thingId", "thingTypeName", "thingGroupNames", "shadow.hasDelta",
        "connectivity.connected", "connectivity.timestamp", "connectivity.disconnectReason",
    };

    private static readonly string[] Prefixes =
    {
        "attributes.", "shadow.reported.", "shadow.desired.", "shadow.delta.", "shadow.metadata.reported.",
        "shadow.metadata.desired.", "shadow.metadata.delta.", "deviceDefender.",
    };

    private static readonly string[] NamedShadowSections =
    {
        "reported.", "desired.", "delta.", "metadata.reported.", "metadata.desired.", "metadata.delta.",
    };

    /// <summary>Throws <see cref="QueryParseException"/> unless <paramref name="field"/> is a thing field.</summary>
    public static void Check(string field, int position)
    {
        if (IsValid(field)) return;
        if (field == "shadow.version")
            throw new QueryParseException($"The field 'shadow.version' at position {position} is not searchable: AWS documents that shadow and registry versions are not searchable (they are only in the results).", position);
        throw new QueryParseException($"Invalid field name '{field}' at position {position}. Field names are case-sensitive; the thing fields are {Valid}.", position);
    }

    private static bool IsValid(string field)
    {
        if (Exact.Contains(field)) return true;
        foreach (string prefix in Prefixes)
            if (field.Length > prefix.Length && field.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return IsNamedShadowField(field);
    }

    // shadow.name.<shadowName>.hasDelta, or shadow.name.<shadowName>.<section>.<path>
    private static bool IsNamedShadowField(string field)
    {
        const string prefix = "shadow.name.";
        if (!field.StartsWith(prefix, StringComparison.Ordinal)) return false;
        string rest = field[prefix.Length..];
        int dot = rest.IndexOf('.');
        if (dot <= 0) return false;
        string section = rest[(dot + 1)..];
        return section == "hasDelta"
            || NamedShadowSections.Any(s => section.Length > s.Length && section.StartsWith(s, StringComparison.Ordinal));
    }
}
