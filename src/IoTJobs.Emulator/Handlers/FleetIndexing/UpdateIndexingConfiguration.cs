using System.Text.RegularExpressions;
using IoTJobs.Emulator.Indexing;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.FleetIndexing;

/// <summary>
/// UpdateIndexingConfiguration, POST /indexing/config: replaces the thing index's configuration and/or the thing group
/// index's (whichever the body has), checking what AWS documents (managing-index.html) and the model's enums.
/// </summary>
internal sealed partial class UpdateIndexingConfiguration() : JsonOperation(Operations.UpdateIndexingConfiguration)
{
    private const string Thing = "thingIndexingConfiguration";
    private const string Group = "thingGroupIndexingConfiguration";

    /// <summary>Managed fields (the ones AWS lists for every mode, and their query names) may not be custom fields.</summary>
    private static readonly HashSet<string> Managed = new(StringComparer.Ordinal)
    {
        "thingName", "thingId", "thingTypeName", "thingGroupNames", "registry.version", "registry.thingTypeName", "registry.thingGroupNames", "shadow.version",
        "shadow.hasDelta", "connectivity.connected", "connectivity.timestamp", "connectivity.disconnectReason",
        "connectivity.version", "deviceDefender.violationCount",
    };

    [GeneratedRegex("^[$a-zA-Z0-9:_-]{1,64}$")] private static partial Regex ShadowNameRx();

    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        var thing = r.Input.Object(Thing);
        var group = r.Input.Object(Group);
        // Both are read before anything changes, so a bad part leaves the whole configuration as it was.
        r.Store.UpdateIndexingConfiguration(current =>
        {
            var next = thing is JsonElement t ? ReadThing(t, current) : current;
            return group is JsonElement g ? ReadGroup(g, next) : next;
        });
        EmptyObject(w);
    }

    private static IndexingConfiguration ReadThing(JsonElement t, IndexingConfiguration current)
    {
        string mode = Enum(t, "thingIndexingMode", Thing, "OFF", "REGISTRY", "REGISTRY_AND_SHADOW")
            ?? throw EmulatorApiException.InvalidRequest($"{Thing}.thingIndexingMode is required: OFF, REGISTRY or REGISTRY_AND_SHADOW.");
        string? connectivity = Enum(t, "thingConnectivityIndexingMode", Thing, "OFF", "STATUS");
        string? defender = Enum(t, "deviceDefenderIndexingMode", Thing, "OFF", "VIOLATIONS");
        string? named = Enum(t, "namedShadowIndexingMode", Thing, "OFF", "ON");
        ThingIndexingConfiguration.TryParse(mode, connectivity, out var modes, out _);
        // The Developer Guide's table of allowed combinations has no data source on while thingIndexingMode is OFF.
        if (mode == "OFF" && (connectivity == "STATUS" || defender == "VIOLATIONS" || named == "ON"))
            throw EmulatorApiException.InvalidRequest(
                $"{Thing}: thingIndexingMode OFF turns thing indexing off, so thingConnectivityIndexingMode, deviceDefenderIndexingMode and namedShadowIndexingMode must be OFF too (or left out); use REGISTRY or REGISTRY_AND_SHADOW to index them.");
        Fields(t, "managedFields", Thing, required: false); // AWS sets these itself; checked, not kept
        var custom = Fields(t, "customFields", Thing, required: true);
        foreach (var f in custom ?? new List<IndexField>()) CheckCustomField(f, mode, defender, named);

        IReadOnlyList<string>? shadowNames = null;
        IReadOnlyList<GeoLocationTarget>? geo = null;
        if (Member(t, "filter", Thing, JsonValueKind.Object) is JsonElement filter)
        {
            shadowNames = Strings(filter, "namedShadowNames", Thing + ".filter", ShadowNameRx(), "1-64 of [$a-zA-Z0-9:_-]", max: 10);
            geo = GeoLocations(filter);
        }
        return current with
        {
            Thing = modes,
            DeviceDefenderIndexingMode = defender,
            NamedShadowIndexingMode = named,
            CustomFields = custom,
            NamedShadowNames = shadowNames,
            GeoLocations = geo,
        };
    }

    private static IndexingConfiguration ReadGroup(JsonElement g, IndexingConfiguration current)
    {
        string mode = Enum(g, "thingGroupIndexingMode", Group, "OFF", "ON")
            ?? throw EmulatorApiException.InvalidRequest($"{Group}.thingGroupIndexingMode is required: OFF or ON.");
        Fields(g, "managedFields", Group, required: false);
        return current with { ThingGroupIndexingMode = mode, ThingGroupCustomFields = Fields(g, "customFields", Group, required: true) };
    }

    /// <summary>AWS: custom fields must be of a source the mode indexes ("If you specify REGISTRY ... you can't specify a custom field from a thing shadow").</summary>
    private static void CheckCustomField(IndexField f, string mode, string? defender, string? named)
    {
        string at = $"{Thing}.customFields '{Store.Validation.Trunc(f.Name)}'";
        if (Managed.Contains(f.Name) || f.Name.StartsWith("connectivity.", StringComparison.Ordinal))
            throw EmulatorApiException.InvalidRequest($"{at} is a managed field: managed fields can't appear in customFields.");
        string? needs = f.Name switch
        {
            _ when f.Name.StartsWith("attributes.", StringComparison.Ordinal) => null,
            _ when f.Name.StartsWith("shadow.name.", StringComparison.Ordinal) => named == "ON" ? null : "namedShadowIndexingMode ON",
            _ when f.Name.StartsWith("shadow.", StringComparison.Ordinal) => mode == "REGISTRY_AND_SHADOW" ? null : "thingIndexingMode REGISTRY_AND_SHADOW",
            _ when f.Name.StartsWith("deviceDefender.", StringComparison.Ordinal) => defender == "VIOLATIONS" ? null : "deviceDefenderIndexingMode VIOLATIONS",
            _ => throw EmulatorApiException.InvalidRequest($"{at} is not a field that can be custom: use attributes.<name>, shadow.<section>.<path>, shadow.name.<shadow>.<section>.<path> or deviceDefender.<...>."),
        };
        if (needs != null)
            throw EmulatorApiException.InvalidRequest($"{at} is not indexed by this configuration: it needs {needs}.");
    }

    private static JsonElement? Member(JsonElement obj, string name, string path, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != kind)
            throw EmulatorApiException.InvalidRequest($"{path}.{name} must be a JSON {(kind == JsonValueKind.Array ? "array" : kind == JsonValueKind.Object ? "object" : "string")}.");
        return e;
    }

    private static string? Enum(JsonElement obj, string name, string path, params string[] valid)
    {
        if (Member(obj, name, path, JsonValueKind.String) is not JsonElement e) return null;
        string v = e.GetString()!;
        if (!valid.Contains(v))
            throw EmulatorApiException.InvalidRequest(
                $"1 validation error detected: Value '{Store.Validation.Trunc(v)}' at '{path}.{name}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", valid)}]");
        return v;
    }

    private static List<IndexField>? Fields(JsonElement obj, string name, string path, bool required)
    {
        if (Member(obj, name, path, JsonValueKind.Array) is not JsonElement list) return null;
        var fields = new List<IndexField>();
        foreach (var f in list.EnumerateArray())
        {
            string at = $"{path}.{name}[{fields.Count}]";
            if (f.ValueKind != JsonValueKind.Object) throw EmulatorApiException.InvalidRequest($"{at} must be a JSON object {{\"name\": ..., \"type\": ...}}.");
            string? fieldName = Member(f, "name", at, JsonValueKind.String)?.GetString();
            string? type = Enum(f, "type", at, "Number", "String", "Boolean");
            if (required && (string.IsNullOrEmpty(fieldName) || type == null))
                throw EmulatorApiException.InvalidRequest($"{at} needs a name and a type (Number, String or Boolean).");
            fields.Add(new IndexField(fieldName ?? "", type ?? ""));
        }
        return fields;
    }

    private static List<string>? Strings(JsonElement obj, string name, string path, Regex rule, string ruleText, int max)
    {
        if (Member(obj, name, path, JsonValueKind.Array) is not JsonElement list) return null;
        var values = list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : null).ToList();
        if (values.Any(v => v == null || !rule.IsMatch(v)))
            throw EmulatorApiException.InvalidRequest($"{path}.{name} must hold shadow names ({ruleText}).");
        if (values.Count > max)
            throw EmulatorApiException.InvalidRequest($"{path}.{name} has {values.Count} names; the default quota is {max}.");
        return values!;
    }

    private static List<GeoLocationTarget>? GeoLocations(JsonElement filter)
    {
        const string path = Thing + ".filter";
        if (Member(filter, "geoLocations", path, JsonValueKind.Array) is not JsonElement list) return null;
        var targets = new List<GeoLocationTarget>();
        foreach (var g in list.EnumerateArray())
        {
            string at = $"{path}.geoLocations[{targets.Count}]";
            if (g.ValueKind != JsonValueKind.Object) throw EmulatorApiException.InvalidRequest($"{at} must be a JSON object {{\"name\": ..., \"order\": ...}}.");
            string? name = Member(g, "name", at, JsonValueKind.String)?.GetString();
            string? order = Enum(g, "order", at, "LatLon", "LonLat");
            if (string.IsNullOrEmpty(name)) throw EmulatorApiException.InvalidRequest($"{at}.name is required (the field that holds the location).");
            targets.Add(new GeoLocationTarget(name, order ?? "LatLon"));
        }
        // IndexingFilter's reference: "The default maximum number of geolocation targets for indexing is 1."
        if (targets.Count > 1) throw EmulatorApiException.InvalidRequest($"{path}.geoLocations has {targets.Count} targets; the default quota is 1.");
        return targets;
    }
}
