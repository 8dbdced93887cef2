using System.Text.Json.Nodes;

namespace IoTJobs.Emulator.Http;

/// <summary>
/// POST /_emulator/seed: bulk set-up in one call. thingNames (required) with thingTypeName and attributes; a job
/// (jobId, inProgress, document, targetThingGroup, targetSelection); a static group (thingGroupName, parentGroupName);
/// the devices' state: shadowReported (one reported state for every thing) or shadowReportedByThing, connected (names,
/// or a map of name to true/false), disconnected (names) with disconnectReason.
/// </summary>
internal static class AdminSeed
{
    public static Task SeedAsync(HttpContext ctx, EmulatorStore store, byte[] body)
    {
        using var input = new RequestInput("", body);
        string? jobId = input.String("jobId");
        var things = input.StringList("thingNames") ?? throw EmulatorApiException.InvalidRequest("thingNames is required.");
        // Optional: the things join thingGroupName (under parentGroupName); the job targets targetThingGroup.
        string? groupName = input.String("thingGroupName");
        string? targetGroup = input.String("targetThingGroup");
        string? type = input.String("thingTypeName");
        var attributes = input.StringMap("attributes");
        var shadows = Shadows(input, things);
        var (online, offline) = Connectivity(input, things);
        string? reason = input.String("disconnectReason");
        EmulatorStore.CheckDisconnectReason(reason);
        if (reason != null && offline.Count == 0)
            throw EmulatorApiException.InvalidRequest("disconnectReason needs disconnected things (disconnected, or false in a connected map).");
        bool deviceState = shadows.Count > 0 || online.Count > 0 || offline.Count > 0;
        if (jobId == null && groupName == null && !deviceState)
            throw EmulatorApiException.InvalidRequest(
                "jobId is required (or thingGroupName, to seed things into a group without a job, or shadowReported, shadowReportedByThing, connected or disconnected, to seed only things and their state).");

        if (groupName != null) store.SeedThingGroup(things, groupName, input.String("parentGroupName"), type, attributes);
        var job = jobId == null ? null : store.Seed(jobId, things, input.StringList("inProgress"), type, attributes,
            input.String("document") ?? "{\"operation\":\"seed\"}", targetGroup, input.String("targetSelection") ?? "SNAPSHOT");
        if (job == null && groupName == null) store.SeedThings(things, type, attributes);
        store.SeedShadowReported(shadows);
        if (online.Count > 0) store.SetConnectivity(online, true);
        if (offline.Count > 0) store.SetConnectivity(offline, false, reason);
        return AdminEndpoints.Ok(ctx, w =>
        {
            if (job != null)
            {
                w.WriteString("jobId", job.JobId);
                w.WriteString("jobArn", job.JobArn);
                w.WriteNumber("executions", job.StatusCounts.Values.Sum());
            }
            if (groupName != null) w.WriteString("thingGroupArn", store.ThingGroupArn(groupName));
            w.WriteNumber("things", things.Count);
            if (shadows.Count > 0) w.WriteNumber("shadows", shadows.Count);
            if (online.Count + offline.Count > 0)
            {
                w.WriteNumber("connected", online.Count);
                w.WriteNumber("disconnected", offline.Count);
            }
        });
    }

    /// <summary>The reported state each thing gets: shadowReported for all, or shadowReportedByThing one by one.</summary>
    private static List<KeyValuePair<string, JsonObject>> Shadows(RequestInput input, IReadOnlyList<string> things)
    {
        var all = input.Object("shadowReported");
        var byThing = input.Object("shadowReportedByThing");
        if (all != null && byThing != null)
            throw EmulatorApiException.InvalidRequest("Give shadowReported (one reported state for every thing) or shadowReportedByThing ({\"<thing>\": {...}}), not both.");
        if (all is JsonElement a)
        {
            var state = JsonNode.Parse(a.GetRawText())!.AsObject();
            return things.Select(t => KeyValuePair.Create(t, state)).ToList();
        }
        var list = new List<KeyValuePair<string, JsonObject>>();
        if (byThing is not JsonElement map) return list;
        foreach (var p in map.EnumerateObject())
        {
            Seeded(p.Name, things, "shadowReportedByThing");
            if (p.Value.ValueKind != JsonValueKind.Object)
                throw EmulatorApiException.InvalidRequest($"shadowReportedByThing.{Validation.Trunc(p.Name)} must be a JSON object (the thing's reported state).");
            list.Add(KeyValuePair.Create(p.Name, JsonNode.Parse(p.Value.GetRawText())!.AsObject()));
        }
        return list;
    }

    /// <summary>connected: a list of names, or a map of name to true/false; disconnected: a list of names.</summary>
    private static (List<string> Online, List<string> Offline) Connectivity(RequestInput input, IReadOnlyList<string> things)
    {
        var online = new List<string>();
        var offline = new List<string>(input.StringList("disconnected") ?? Array.Empty<string>());
        switch (input.Value("connected"))
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.Array }:
                online.AddRange(input.StringList("connected")!);
                break;
            case { ValueKind: JsonValueKind.Object } map:
                foreach (var p in map.EnumerateObject())
                {
                    if (p.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        throw EmulatorApiException.InvalidRequest($"connected.{Validation.Trunc(p.Name)} must be true or false.");
                    (p.Value.GetBoolean() ? online : offline).Add(p.Name);
                }
                break;
            default:
                throw EmulatorApiException.InvalidRequest("connected must be a list of thing names or a map of thing name to true/false.");
        }
        foreach (string t in online) Seeded(t, things, "connected");
        foreach (string t in offline) Seeded(t, things, "disconnected");
        if (online.Intersect(offline, StringComparer.Ordinal).FirstOrDefault() is string both)
            throw EmulatorApiException.InvalidRequest($"Thing '{Validation.Trunc(both)}' is both connected and disconnected.");
        return (online, offline);
    }

    private static void Seeded(string thing, IReadOnlyList<string> things, string member)
    {
        if (!things.Contains(thing))
            throw EmulatorApiException.InvalidRequest($"{member} names '{Validation.Trunc(thing)}', which is not in thingNames.");
    }
}
