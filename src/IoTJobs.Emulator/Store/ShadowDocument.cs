using System.Text;
using System.Text.Json.Nodes;
using IoTJobs.Emulator.Indexing;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>An UpdateThingShadow request state document, checked: state (null clears it), version, clientToken.</summary>
internal sealed record ShadowUpdate(JsonObject? State, long? Version, string? ClientToken);

/// <summary>
/// One classic (unnamed) device shadow: desired and reported state, their metadata (a {"timestamp"} per value, arrays
/// element by element), its version and the time of its last update, with the Device Shadow service's rules for
/// updates (device-shadow-document.html, device-shadow-data-flow.html, device-shadow-error-messages.html).
/// </summary>
internal sealed class ShadowDocument
{
    /// <summary>AWS: a state document (desired and reported, without metadata) may be at most 8 KB.</summary>
    public const int MaxStateBytes = 8 * 1024;

    /// <summary>AWS: "JSON contains too many levels of nesting; maximum is 6" (counted in desired and reported).</summary>
    public const int MaxDepth = 6;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private JsonObject? _desired, _reported, _metaDesired, _metaReported;

    public long Version { get; private set; }

    /// <summary>Epoch seconds of the last accepted update.</summary>
    public long UpdatedAt { get; private set; }

    /// <summary>Reads and checks a request state document; the errors are the ones AWS documents for the REST API.</summary>
    public static ShadowUpdate Parse(ReadOnlySpan<byte> payload)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            throw new EmulatorApiException(415, "UnsupportedDocumentEncodingException", "Unsupported documented encoding; supported encoding is UTF-8");
        }
        try
        {
            if (JsonNode.Parse(text) is not JsonObject doc) throw Invalid("Invalid JSON: the request state document must be a JSON object");
            if (!doc.TryGetPropertyValue("state", out var stateNode)) throw Invalid("Missing required node: state");
            if (stateNode is not (JsonObject or null)) throw Invalid("State node must be an object");
            var state = (JsonObject?)stateNode;
            foreach (var (key, value) in state ?? new JsonObject())
            {
                if (key is not ("desired" or "reported")) throw Invalid($"State contains an invalid node: '{Validation.Trunc(key)}'");
                if (value is not (JsonObject or null)) throw Invalid(key == "desired" ? "Desired node must be an object" : "Reported node must be an object");
                if (value is not null && Depth(value) > MaxDepth) throw Invalid($"JSON contains too many levels of nesting; maximum is {MaxDepth}");
                if (value is not null && HasNullInArray(value)) throw Invalid("Invalid JSON: arrays can't hold null values");
            }
            long? version = null;
            if (doc["version"] is { } v)
            {
                if (v is not JsonValue vv || vv.GetValueKind() != JsonValueKind.Number || !vv.TryGetValue(out long n) || n < 0)
                    throw Invalid("Invalid version");
                version = n;
            }
            string? token = null;
            if (doc["clientToken"] is { } t)
            {
                if (t is not JsonValue tv || !tv.TryGetValue(out token) || Encoding.UTF8.GetByteCount(token) > 64)
                    throw Invalid("Invalid clientToken");
            }
            return new ShadowUpdate(state?.DeepClone().AsObject(), version, token);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // Malformed JSON, duplicate keys and values of the wrong kind all fail here.
            throw Invalid("Invalid JSON");
        }
    }

    /// <summary>
    /// Applies an update (a null value deletes its key, objects merge key by key, anything else replaces whole) and
    /// returns the /accepted response document. Nothing changes when it fails (409 on a version mismatch, 413 over 8 KB).
    /// </summary>
    public string Apply(ShadowUpdate update, long now)
    {
        // A shadow that does not exist yet has no version, so any expected version conflicts.
        if (update.Version is long expected && (Version == 0 || expected != Version))
            throw new EmulatorApiException(409, "ConflictException", "Version conflict");
        JsonObject? desired = _desired?.DeepClone().AsObject(), reported = _reported?.DeepClone().AsObject();
        JsonObject? metaDesired = _metaDesired?.DeepClone().AsObject(), metaReported = _metaReported?.DeepClone().AsObject();
        if (update.State is null)
        {
            // "Setting the device's shadow state to null does not delete the shadow": it empties it.
            desired = reported = metaDesired = metaReported = null;
        }
        else
        {
            if (update.State.TryGetPropertyValue("desired", out var d)) MergeSection(ref desired, ref metaDesired, d as JsonObject, now);
            if (update.State.TryGetPropertyValue("reported", out var r)) MergeSection(ref reported, ref metaReported, r as JsonObject, now);
        }
        if (Encoding.UTF8.GetByteCount(State(desired, reported, null).ToJsonString()) > MaxStateBytes)
            throw new EmulatorApiException(413, "RequestEntityTooLargeException", "The payload exceeds the maximum size allowed");

        (_desired, _reported, _metaDesired, _metaReported) = (desired, reported, metaDesired, metaReported);
        Version++;
        UpdatedAt = now;
        var accepted = new JsonObject
        {
            ["state"] = update.State?.DeepClone(),
            ["metadata"] = update.State is null ? new JsonObject() : MetadataFor(update.State, now),
            ["version"] = Version,
            ["timestamp"] = now,
        };
        if (update.ClientToken is not null) accepted["clientToken"] = update.ClientToken;
        return accepted.ToJsonString();
    }

    /// <summary>The GetThingShadow document: state with the delta (when desired differs), metadata, version, timestamp.</summary>
    public string GetJson(long now)
    {
        var delta = _desired is null ? null : ShadowFields.Delta(_desired, _reported);
        return new JsonObject
        {
            ["state"] = State(_desired, _reported, delta is { Count: > 0 } ? delta : null),
            ["metadata"] = State(_metaDesired, _metaReported, null),
            ["version"] = Version,
            ["timestamp"] = now,
        }.ToJsonString();
    }

    /// <summary>The document the index reads (ThingDocument.Shadow): state, metadata, version and the last update's time.</summary>
    public string IndexJson() => new JsonObject
    {
        ["state"] = State(_desired, _reported, null),
        ["metadata"] = State(_metaDesired, _metaReported, null),
        ["version"] = Version,
        ["timestamp"] = UpdatedAt,
    }.ToJsonString();

    /// <summary>
    /// A ThingDocument's shadow as SearchIndex returns it, from <see cref="IndexJson"/>: the sections without the
    /// "state" wrapper, then metadata, version and timestamp, as in the Developer Guide's search-index example.
    /// </summary>
    public static string SearchJson(string indexJson)
    {
        var doc = JsonNode.Parse(indexJson)!.AsObject();
        var result = new JsonObject();
        foreach (var (key, value) in doc["state"]!.AsObject()) result[key] = value?.DeepClone();
        result["metadata"] = doc["metadata"]?.DeepClone();
        result["version"] = doc["version"]?.DeepClone();
        result["timestamp"] = doc["timestamp"]?.DeepClone();
        return result.ToJsonString();
    }

    private static JsonObject State(JsonObject? desired, JsonObject? reported, JsonObject? delta)
    {
        var state = new JsonObject();
        if (desired is not null) state["desired"] = desired.DeepClone();
        if (reported is not null) state["reported"] = reported.DeepClone();
        if (delta is not null) state["delta"] = delta.DeepClone();
        return state;
    }

    private static void MergeSection(ref JsonObject? section, ref JsonObject? metadata, JsonObject? patch, long now)
    {
        if (patch is null)
        {
            section = metadata = null;
            return;
        }
        section ??= new JsonObject();
        metadata ??= new JsonObject();
        Merge(section, metadata, patch, now);
        // An emptied section is left out of the document, as AWS documents for one set to null.
        if (section.Count == 0) section = metadata = null;
    }

    private static void Merge(JsonObject target, JsonObject metadata, JsonObject patch, long now)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
                metadata.Remove(key);
            }
            else if (value is JsonObject child)
            {
                if (target[key] is not JsonObject into)
                {
                    target[key] = into = new JsonObject();
                    metadata.Remove(key);
                }
                if (metadata[key] is not JsonObject meta) metadata[key] = meta = new JsonObject();
                Merge(into, meta, child, now);
                // An object whose keys were all deleted goes too.
                if (into.Count == 0 && child.Count > 0)
                {
                    target.Remove(key);
                    metadata.Remove(key);
                }
            }
            else
            {
                target[key] = value.DeepClone();
                metadata[key] = MetadataFor(value, now);
            }
        }
    }

    /// <summary>Metadata mirrors the value: objects key by key, arrays element by element, every value {"timestamp": now}.</summary>
    private static JsonNode MetadataFor(JsonNode? value, long now) => value switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)MetadataFor(p.Value, now)))),
        JsonArray a => new JsonArray(a.Select(e => (JsonNode?)MetadataFor(e, now)).ToArray()),
        _ => new JsonObject { ["timestamp"] = now },
    };

    /// <summary>Levels of objects and arrays: {"a":1} is 1, {"a":{"b":1}} is 2.</summary>
    private static int Depth(JsonNode node) => node switch
    {
        JsonObject o => 1 + o.Select(p => p.Value is null ? 0 : Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray a => 1 + a.Select(e => e is null ? 0 : Depth(e)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static bool HasNullInArray(JsonNode node) => node switch
    {
        JsonObject o => o.Any(p => p.Value is not null && HasNullInArray(p.Value)),
        JsonArray a => a.Any(e => e is null || HasNullInArray(e)),
        _ => false,
    };

    private static EmulatorApiException Invalid(string message) => EmulatorApiException.InvalidRequest(message);
}
