using System.Globalization;
using System.Text.Json.Nodes;

namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// Turns a classic shadow document into index fields: shadow.reported.*, shadow.desired.*, shadow.delta.*,
/// shadow.metadata.{reported,desired,delta}.*.timestamp and shadow.hasDelta, following the Developer Guide's
/// "Restrictions and limitations" for AWS_Things (nested names joined with '.', arrays of simple values indexed value
/// by value, arrays holding objects or arrays not indexed, nulls not indexed, metadata only for indexed fields).
/// </summary>
internal static class ShadowFields
{
    public static void AddTo(IndexedFieldSet fields, string shadowJson, string thingName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(shadowJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The shadow of thing '{thingName}' is not valid JSON: {ex.Message}", nameof(shadowJson));
        }
        if (root is not JsonObject doc || doc["state"] is not (JsonObject or null))
            throw new ArgumentException($"The shadow of thing '{thingName}' is not a shadow document: it needs a \"state\" object.", nameof(shadowJson));

        var state = doc["state"] as JsonObject;
        var desired = state?["desired"] as JsonObject;
        var reported = state?["reported"] as JsonObject;
        var delta = desired is null ? new JsonObject() : Delta(desired, reported);
        var metadata = doc["metadata"] as JsonObject;

        var reportedPaths = AddState(fields, "shadow.reported", reported);
        var desiredPaths = AddState(fields, "shadow.desired", desired);
        var deltaPaths = AddState(fields, "shadow.delta", delta);
        // AWS: "The delta contains metadata, and its values are equal to the metadata in the desired field."
        AddMetadata(fields, "shadow.metadata.reported", metadata?["reported"], reportedPaths);
        AddMetadata(fields, "shadow.metadata.desired", metadata?["desired"], desiredPaths);
        AddMetadata(fields, "shadow.metadata.delta", metadata?["desired"], deltaPaths);
        fields.Add("shadow.hasDelta", IndexedValue.FromBoolean(delta.Count > 0));
    }

    /// <summary>
    /// The Device Shadow service's delta: every desired field whose reported value differs or is missing; nested
    /// objects are compared field by field and keep their path; arrays and other values are compared whole.
    /// </summary>
    public static JsonObject Delta(JsonObject desired, JsonObject? reported)
    {
        var delta = new JsonObject();
        foreach (var (key, want) in desired)
        {
            if (want is null) continue;
            JsonNode? have = null;
            bool reportedHas = reported is not null && reported.TryGetPropertyValue(key, out have) && have is not null;
            if (want is JsonObject wantObject)
            {
                var sub = Delta(wantObject, reportedHas ? have as JsonObject : null);
                if (sub.Count > 0) delta[key] = sub;
            }
            else if (!reportedHas || !SameValue(want, have!))
            {
                delta[key] = want.DeepClone();
            }
        }
        return delta;
    }

    private static HashSet<string> AddState(IndexedFieldSet fields, string prefix, JsonObject? section)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (section is not null) AddObject(fields, prefix, "", section, paths);
        return paths;
    }

    private static void AddObject(IndexedFieldSet fields, string prefix, string path, JsonObject obj, HashSet<string> paths)
    {
        foreach (var (key, value) in obj)
        {
            string childPath = path.Length == 0 ? key : path + "." + key;
            switch (value)
            {
                case JsonObject child:
                    AddObject(fields, prefix, childPath, child, paths);
                    break;
                case JsonArray array:
                    if (array.Any(e => e is JsonObject or JsonArray)) break;
                    foreach (var element in array)
                        if (ToValue(element) is { } v) Add(fields, prefix, childPath, v, paths);
                    break;
                default:
                    if (ToValue(value) is { } scalar) Add(fields, prefix, childPath, scalar, paths);
                    break;
            }
        }
    }

    private static void Add(IndexedFieldSet fields, string prefix, string path, IndexedValue value, HashSet<string> paths)
    {
        fields.Add(prefix + "." + path, value);
        paths.Add(path);
    }

    private static IndexedValue? ToValue(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.String => IndexedValue.FromText(v.GetValue<string>()),
            JsonValueKind.Number => Number(v.ToJsonString()),
            JsonValueKind.True => IndexedValue.FromBoolean(true),
            JsonValueKind.False => IndexedValue.FromBoolean(false),
            _ => null,
        };
    }

    // A number too large for a double (1e400) is kept as text.
    private static IndexedValue Number(string json) =>
        IndexText.TryParseNumber(json, out double n) ? IndexedValue.FromNumber(json, n) : IndexedValue.FromText(json);

    // Metadata mirrors the state: {"field": {"timestamp": n}}, and an array field has an array of such objects.
    private static void AddMetadata(IndexedFieldSet fields, string prefix, JsonNode? node, HashSet<string> indexed, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "timestamp" && child is JsonValue ts && ts.GetValueKind() == JsonValueKind.Number)
                    {
                        if (indexed.Contains(path)) fields.Add(prefix + "." + path + ".timestamp", Number(ts.ToJsonString()));
                    }
                    else
                    {
                        AddMetadata(fields, prefix, child, indexed, path.Length == 0 ? key : path + "." + key);
                    }
                }
                break;
            case JsonArray array:
                foreach (var element in array) AddMetadata(fields, prefix, element, indexed, path);
                break;
        }
    }

    // JSON equality with numbers compared by value (1 and 1.0 are the same reported value).
    private static bool SameValue(JsonNode a, JsonNode? b)
    {
        switch (a)
        {
            case JsonObject ao:
                return b is JsonObject bo && ao.Count == bo.Count
                    && ao.All(p => bo.TryGetPropertyValue(p.Key, out var bv) && (p.Value is null ? bv is null : SameValue(p.Value, bv)));
            case JsonArray aa:
                return b is JsonArray ba && aa.Count == ba.Count
                    && aa.Select((e, i) => e is null ? ba[i] is null : SameValue(e, ba[i])).All(x => x);
            case JsonValue av when b is JsonValue bv:
                var kind = av.GetValueKind();
                if (kind != bv.GetValueKind()) return false;
                return kind switch
                {
                    JsonValueKind.Number => SameNumber(av.ToJsonString(), bv.ToJsonString()),
                    JsonValueKind.String => av.GetValue<string>() == bv.GetValue<string>(),
                    _ => true,
                };
            default:
                return false;
        }
    }

    private static bool SameNumber(string a, string b)
    {
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x == y;
        return IndexText.TryParseNumber(a, out double dx) && IndexText.TryParseNumber(b, out double dy) ? dx == dy : a == b;
    }
}
