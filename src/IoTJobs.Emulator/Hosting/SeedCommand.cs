using System.Globalization;
using System.Net;
using System.Text;

using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Hosting;

/// <summary>
/// `seed`: fills a running emulator THROUGH THE SIGNED API (CreateThing, CreateJob, then the data plane's
/// StartNextPendingJobExecution / UpdateJobExecution), signing with the same SigV4 code the server verifies with.
/// Things are named &lt;prefix&gt;1 .. &lt;prefix&gt;N; the first k go IN_PROGRESS, the next k SUCCEEDED. With --thing-group the
/// things also join a static thing group (CreateThingGroup, AddThingToThingGroup), and with --target-group the job
/// targets a group instead of the things; without --job only things (and the group) are made. Device state: each
/// thing reports --shadow-reported through iot-data's UpdateThingShadow, and the first --connected things connect and
/// the next --disconnected disconnect (POST /_emulator/connectivity: devices connect over MQTT, which is not served).
/// Requests go --parallel at a time (default 64), so tens of thousands of things seed in seconds against --latency-ms.
/// </summary>
internal static class SeedCommand
{
    internal const string Usage = """
        Usage: iotjobs-emulator seed --endpoint <url> [--job <id>] --thing-prefix <p> --count <n>
                                     [--in-progress <k>] [--succeeded <k>] [--thing-type <t>] [--attribute <k=v>]...
                                     [--thing-group <g> [--parent-group <parent>]] [--target-group <g>] [--continuous]
                                     [--shadow-reported <json>] [--connected <k>] [--disconnected <k> [--disconnect-reason <r>]]
                                     [--parallel <n>]
                                     [--access-key test] [--secret-key test] [--region us-east-1]
          --thing-group    the things join this static thing group (created if missing, under --parent-group,
                           which is created as a top-level group if missing)
          --target-group   the job targets this thing group (all things in it and below it) instead of the things
          --continuous     the job is CONTINUOUS: things that join a target group later get it too
          --attribute      a registry attribute of every thing (repeatable), e.g. --attribute site=BER
          --shadow-reported  the reported state every thing's device sends with UpdateThingShadow, e.g. '{"fw":"1.2.3"}'
          --connected      the first k things are connected (connectivity.connected true at the emulator's clock)
          --disconnected   the next k things are disconnected, with --disconnect-reason (a lifecycle reason such as
                           CONNECTION_LOST) if given
          without --job    only the things (and the group, shadows and connectivity) are made
          --parallel       requests in flight at once (default 64): with --latency-ms 40, 30,000 things take seconds
        """;

    private sealed class Args
    {
        public Uri Endpoint = null!;
        public string? Job;
        public string Prefix = null!;
        public int Count;
        public int InProgress;
        public int Succeeded;
        public string? ThingType;
        public Dictionary<string, string> Attributes = new(StringComparer.Ordinal);
        public string? ShadowReported;
        public int Connected;
        public int Disconnected;
        public string? DisconnectReason;
        public string? ThingGroup;
        public string? ParentGroup;
        public string? TargetGroup;
        public bool Continuous;
        public string AccessKey = "test";
        public string SecretKey = "test";
        public string Region = "us-east-1";
        public int Parallel = 64;
    }

    public static async Task<int> RunAsync(string[] argv)
    {
        if (argv.Any(a => a is "--help" or "-h"))
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }
        Args a;
        try
        {
            a = Parse(argv);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {CommandLine.CleanMessage(ex)}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            await SeedAsync(a).ConfigureAwait(false);
            return 0;
        }
        catch (SeedFailure ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"error: cannot reach {a.Endpoint}: {ex.Message}");
            return 1;
        }
    }

    private static Args Parse(string[] argv)
    {
        var a = new Args();
        bool endpoint = false, job = false, prefix = false, count = false;
        for (int i = 0; i < argv.Length; i++)
        {
            string name = argv[i];
            string Value() => i + 1 < argv.Length ? argv[++i] : throw new ArgumentException($"Option {name} needs a value.", name);
            switch (name)
            {
                case "--endpoint":
                {
                    string v = Value();
                    if (!Uri.TryCreate(v, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
                        throw new ArgumentException($"Option --endpoint: '{v}' is not an http(s) URL such as http://127.0.0.1:5000.", name);
                    a.Endpoint = u;
                    endpoint = true;
                    break;
                }
                case "--job":
                    a.Job = Value();
                    try { Validation.JobId(a.Job); }
                    catch (EmulatorApiException) { throw new ArgumentException($"Option --job: '{a.Job}' is not a job id (1-64 of [a-zA-Z0-9_-]).", name); }
                    job = true;
                    break;
                case "--thing-prefix":
                    a.Prefix = Value();
                    try { Validation.ThingName(a.Prefix + "1"); }
                    catch (EmulatorApiException) { throw new ArgumentException($"Option --thing-prefix: '{a.Prefix}' must be 1-120 of [a-zA-Z0-9:_-].", name); }
                    prefix = true;
                    break;
                case "--count":
                    a.Count = Int(name, Value(), 1);
                    count = true;
                    break;
                case "--in-progress": a.InProgress = Int(name, Value(), 0); break;
                case "--succeeded": a.Succeeded = Int(name, Value(), 0); break;
                case "--thing-type":
                    a.ThingType = Value();
                    try { Validation.ThingName(a.ThingType, "thingTypeName"); }
                    catch (EmulatorApiException) { throw new ArgumentException($"Option --thing-type: '{a.ThingType}' must be 1-128 of [a-zA-Z0-9:_-].", name); }
                    break;
                case "--parallel": a.Parallel = Int(name, Value(), 1); break;
                case "--attribute": Attribute(a, name, Value()); break;
                case "--shadow-reported": a.ShadowReported = ReportedState(name, Value()); break;
                case "--connected": a.Connected = Int(name, Value(), 0); break;
                case "--disconnected": a.Disconnected = Int(name, Value(), 0); break;
                case "--disconnect-reason":
                    a.DisconnectReason = Value();
                    if (!EmulatorStore.DisconnectReasons.Contains(a.DisconnectReason))
                        throw new ArgumentException($"Option --disconnect-reason: '{a.DisconnectReason}' is not a lifecycle disconnect reason. Valid: {string.Join(", ", EmulatorStore.DisconnectReasons)}.", name);
                    break;
                case "--thing-group": a.ThingGroup = GroupName(name, Value()); break;
                case "--parent-group": a.ParentGroup = GroupName(name, Value()); break;
                case "--target-group": a.TargetGroup = GroupName(name, Value()); break;
                case "--continuous": a.Continuous = true; break;
                case "--access-key": a.AccessKey = Value(); break;
                case "--secret-key": a.SecretKey = Value(); break;
                case "--region": a.Region = Value(); break;
                default:
                    throw new ArgumentException($"Unknown seed option '{name}'. Valid options: --endpoint, --job, --thing-prefix, --count, " +
                        "--in-progress, --succeeded, --thing-type, --attribute, --thing-group, --parent-group, --target-group, --continuous, " +
                        "--shadow-reported, --connected, --disconnected, --disconnect-reason, --parallel, --access-key, --secret-key, --region.", name);
            }
        }
        if (!endpoint) throw new ArgumentException("Option --endpoint is required.", "--endpoint");
        if (!job && (a.InProgress + a.Succeeded > 0 || a.TargetGroup != null || a.Continuous))
            throw new ArgumentException("Options --in-progress, --succeeded, --target-group and --continuous need --job.", "--job");
        bool deviceState = a.ShadowReported != null || a.Connected + a.Disconnected > 0;
        if (!job && a.ThingGroup == null && !deviceState)
            throw new ArgumentException("Option --job is required (or --thing-group, to seed things into a group without a job, or --shadow-reported, --connected or --disconnected, to seed things and their state).", "--job");
        if (a.ParentGroup != null && a.ThingGroup == null) throw new ArgumentException("Option --parent-group needs --thing-group.", "--parent-group");
        if (!prefix) throw new ArgumentException("Option --thing-prefix is required.", "--thing-prefix");
        if (!count) throw new ArgumentException("Option --count is required.", "--count");
        if (a.InProgress + a.Succeeded > a.Count)
            throw new ArgumentException($"Options --in-progress ({a.InProgress}) + --succeeded ({a.Succeeded}) exceed --count ({a.Count}).", "--in-progress");
        if (a.Connected + a.Disconnected > a.Count)
            throw new ArgumentException($"Options --connected ({a.Connected}) + --disconnected ({a.Disconnected}) exceed --count ({a.Count}).", "--connected");
        if (a.DisconnectReason != null && a.Disconnected == 0)
            throw new ArgumentException("Option --disconnect-reason needs --disconnected.", "--disconnect-reason");
        return a;
    }

    private static string GroupName(string name, string v)
    {
        try { Validation.ThingGroupName(v); }
        catch (EmulatorApiException) { throw new ArgumentException($"Option {name}: '{v}' is not a thing group name (1-128 of [a-zA-Z0-9:_-]).", name); }
        return v;
    }

    private static void Attribute(Args a, string name, string v)
    {
        int eq = v.IndexOf('=');
        string key = eq < 0 ? v : v[..eq], value = eq < 0 ? "" : v[(eq + 1)..];
        try
        {
            if (eq <= 0) throw EmulatorApiException.InvalidRequest("no name");
            Validation.AttributeName(key);
            Validation.AttributeValue(value);
        }
        catch (EmulatorApiException)
        {
            throw new ArgumentException($"Option --attribute: '{v}' is not <name>=<value> (name 1-128 of [a-zA-Z0-9_.,@/:#-], value up to 800 of [a-zA-Z0-9_.,@/:#=[]-]).", name);
        }
        a.Attributes[key] = value;
    }

    private static string ReportedState(string name, string v)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(v) is System.Text.Json.Nodes.JsonObject o) return o.ToJsonString();
        }
        catch (JsonException)
        {
        }
        throw new ArgumentException($"Option --shadow-reported: '{v}' is not a JSON object such as '{{\"fw\":\"1.2.3\"}}'.", name);
    }

    private static int Int(string name, string v, int min)
    {
        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min)
            throw new ArgumentException($"Option {name}: '{v}' is not an integer >= {min}.", name);
        return n;
    }

    private sealed class SeedFailure(string message) : Exception(message);

    private static async Task SeedAsync(Args a)
    {
        var signer = new SigV4Signer(a.AccessKey, a.SecretKey, a.Region);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = a.Parallel }) { BaseAddress = a.Endpoint, Timeout = TimeSpan.FromSeconds(120) };
        string account = "123456789012";
        var names = Enumerable.Range(1, a.Count).Select(i => a.Prefix + i.ToString(CultureInfo.InvariantCulture)).ToList();

        // 1. Things, --parallel at a time: one at a time, 30,000 things at 40 ms each would take 20 minutes.
        string? thingArnPrefix = null;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = a.Parallel }, async (name, ct) =>
        {
            var body = new Dictionary<string, object?>();
            if (a.ThingType != null) body["thingTypeName"] = a.ThingType;
            if (a.Attributes.Count > 0) body["attributePayload"] = new Dictionary<string, object> { ["attributes"] = a.Attributes };
            using var doc = await SendAsync(http, signer, HttpMethod.Post, $"things/{Uri.EscapeDataString(name)}", "iot", body, ct).ConfigureAwait(false);
            string arn = doc.RootElement.GetProperty("thingArn").GetString()!;
            Interlocked.CompareExchange(ref thingArnPrefix, arn[..(arn.LastIndexOf('/') + 1)], null);
        }).ConfigureAwait(false);
        if (thingArnPrefix == null) thingArnPrefix = IoTJobs.Aws.IoTArn.Prefix(a.Region, account, "thing");

        // 1b. The thing group (and its parent), and the things in it.
        if (a.ThingGroup != null)
        {
            // The parent is made a top-level group only when it does not exist (it may be a group lower in a hierarchy).
            if (a.ParentGroup != null && !await ExistsAsync(http, signer, $"thing-groups/{a.ParentGroup}").ConfigureAwait(false))
                using (await SendAsync(http, signer, HttpMethod.Post, $"thing-groups/{a.ParentGroup}", "iot", new Dictionary<string, object?>(), CancellationToken.None, tolerateOnRetry: 409).ConfigureAwait(false)) { }
            var group = new Dictionary<string, object?>();
            if (a.ParentGroup != null) group["parentGroupName"] = a.ParentGroup;
            using (await SendAsync(http, signer, HttpMethod.Post, $"thing-groups/{a.ThingGroup}", "iot", group, CancellationToken.None, tolerateOnRetry: 409).ConfigureAwait(false)) { }
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = a.Parallel }, async (name, ct) =>
            {
                var add = new Dictionary<string, object?> { ["thingGroupName"] = a.ThingGroup, ["thingName"] = name };
                using (await SendAsync(http, signer, HttpMethod.Put, "thing-groups/addThingToThingGroup", "iot", add, ct).ConfigureAwait(false)) { }
            }).ConfigureAwait(false);
        }
        if (a.Job == null)
        {
            await SeedDeviceStateAsync(http, signer, a, names).ConfigureAwait(false);
            Console.Out.WriteLine($"Seeded {a.Count} things ({names[0]}..{names[^1]})" +
                (a.ThingGroup != null ? $" into thing group {a.ThingGroup}{(a.ParentGroup != null ? $" (under {a.ParentGroup})" : "")}" : "") + DeviceStateText(a) + ".");
            return;
        }

        // 2. The job, targeting every thing (or the target group).
        string groupArnPrefix = thingArnPrefix[..^"thing/".Length] + "thinggroup/";
        var job = new Dictionary<string, object?>
        {
            ["targets"] = a.TargetGroup != null ? new List<string> { groupArnPrefix + a.TargetGroup } : names.Select(n => thingArnPrefix + n).ToList(),
            ["document"] = "{\"operation\":\"seed\"}",
            ["targetSelection"] = a.Continuous ? "CONTINUOUS" : "SNAPSHOT",
        };
        using (await SendAsync(http, signer, HttpMethod.Put, $"jobs/{a.Job}", "iot", job, CancellationToken.None, tolerateOnRetry: 409).ConfigureAwait(false)) { }

        // 3. Device side: first k IN_PROGRESS, next k SUCCEEDED.
        var toStart = names.Take(a.InProgress + a.Succeeded).Select((n, i) => (Name: n, Succeed: i >= a.InProgress)).ToList();
        await Parallel.ForEachAsync(toStart, new ParallelOptions { MaxDegreeOfParallelism = a.Parallel }, async (t, ct) =>
        {
            string thing = Uri.EscapeDataString(t.Name);
            using (var started = await SendAsync(http, signer, HttpMethod.Put, $"things/{thing}/jobs/$next", "iot-jobs-data",
                       new Dictionary<string, object?>(), ct).ConfigureAwait(false))
            {
                // The thing may already have had other pending jobs: make sure it is OUR execution that runs.
                bool ours = started.RootElement.TryGetProperty("execution", out var e) && e.GetProperty("jobId").GetString() == a.Job;
                if (!ours)
                {
                    using (await SendAsync(http, signer, HttpMethod.Post, $"things/{thing}/jobs/{a.Job}", "iot-jobs-data",
                               new Dictionary<string, object?> { ["status"] = "IN_PROGRESS" }, ct).ConfigureAwait(false)) { }
                }
            }
            if (t.Succeed)
            {
                using (await SendAsync(http, signer, HttpMethod.Post, $"things/{thing}/jobs/{a.Job}", "iot-jobs-data",
                           new Dictionary<string, object?> { ["status"] = "SUCCEEDED" }, ct, tolerateOnRetry: 409).ConfigureAwait(false)) { }
            }
        }).ConfigureAwait(false);

        await SeedDeviceStateAsync(http, signer, a, names).ConfigureAwait(false);
        Console.Out.WriteLine($"Seeded job {a.Job}{(a.TargetGroup != null ? $" on thing group {a.TargetGroup}" : "")}: {a.Count} things ({names[0]}..{names[^1]})" +
            $"{(a.ThingGroup != null ? $" in {a.ThingGroup}" : "")}, of which {a.InProgress} IN_PROGRESS, {a.Succeeded} SUCCEEDED, {a.Count - a.InProgress - a.Succeeded} QUEUED{DeviceStateText(a)}.");
    }

    private static string DeviceStateText(Args a) =>
        (a.ShadowReported != null ? $"; each reported {a.ShadowReported}" : "") +
        (a.Connected + a.Disconnected > 0 ? $"; {a.Connected} connected, {a.Disconnected} disconnected" : "");

    /// <summary>The devices' side: reported shadow state (iot-data, signed as 'iotdata'), then connects and disconnects.</summary>
    private static async Task SeedDeviceStateAsync(HttpClient http, SigV4Signer signer, Args a, List<string> names)
    {
        if (a.ShadowReported != null)
        {
            var state = new Dictionary<string, object?> { ["state"] = new Dictionary<string, object?> { ["reported"] = JsonDocument.Parse(a.ShadowReported).RootElement } };
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = a.Parallel }, async (name, ct) =>
            {
                using (await SendAsync(http, signer, HttpMethod.Post, $"things/{Uri.EscapeDataString(name)}/shadow", "iotdata", state, ct).ConfigureAwait(false)) { }
            }).ConfigureAwait(false);
        }
        if (a.Connected > 0) await ConnectivityAsync(http, names.Take(a.Connected).ToList(), true, null).ConfigureAwait(false);
        if (a.Disconnected > 0) await ConnectivityAsync(http, names.Skip(a.Connected).Take(a.Disconnected).ToList(), false, a.DisconnectReason).ConfigureAwait(false);
    }

    private static async Task ConnectivityAsync(HttpClient http, List<string> things, bool connected, string? reason)
    {
        var body = new Dictionary<string, object?> { ["thingNames"] = things, ["connected"] = connected };
        if (reason != null) body["disconnectReason"] = reason;
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var resp = await http.PostAsync("_emulator/connectivity", content).ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode)
            throw new SeedFailure($"POST /_emulator/connectivity failed: {(int)resp.StatusCode}: {await resp.Content.ReadAsStringAsync().ConfigureAwait(false)}");
    }

    /// <summary>Whether a GET of the resource succeeds (false on 404).</summary>
    private static async Task<bool> ExistsAsync(HttpClient http, SigV4Signer signer, string path)
    {
        try
        {
            using (await SendAsync(http, signer, HttpMethod.Get, path, "iot", null, CancellationToken.None).ConfigureAwait(false)) { }
            return true;
        }
        catch (SeedFailure ex) when (ex.Message.Contains(" 404 ", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>Signed call with retries on throttling, 5xx and dropped connections (the server may run with --fault-rate).</summary>
    private static async Task<JsonDocument> SendAsync(HttpClient http, SigV4Signer signer, HttpMethod method, string path, string service,
        object? body, CancellationToken ct, int? tolerateOnRetry = null)
    {
        byte[] payload = body == null ? Array.Empty<byte>() : JsonSerializer.SerializeToUtf8Bytes(body);
        for (int attempt = 1; ; attempt++)
        {
            using var req = new HttpRequestMessage(method, path);
            req.RequestUri = new Uri(http.BaseAddress!, path);
            if (body != null)
            {
                req.Content = new ByteArrayContent(payload);
                req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            }
            await signer.SignAsync(req, service, ct: ct).ConfigureAwait(false);
            HttpResponseMessage resp;
            try
            {
                resp = await http.SendAsync(req, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < 10)
            {
                await Backoff(attempt, ct).ConfigureAwait(false);
                continue;
            }
            using (resp)
            {
                string text = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (resp.IsSuccessStatusCode)
                    return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
                string code = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : "";
                if (attempt > 1 && tolerateOnRetry == (int)resp.StatusCode)
                    return JsonDocument.Parse("{}"); // an earlier attempt went through before its connection dropped
                bool retry = code == "ThrottlingException" || (int)resp.StatusCode >= 500;
                if (retry && attempt < 10)
                {
                    await Backoff(attempt, ct).ConfigureAwait(false);
                    continue;
                }
                string message = "";
                try { message = JsonDocument.Parse(text).RootElement.GetProperty("message").GetString() ?? ""; } catch (Exception) { }
                throw new SeedFailure($"{method} /{path} failed: {(int)resp.StatusCode} {code}: {message}");
            }
        }
    }

    private static Task Backoff(int attempt, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 25 * (1 << Math.Min(attempt, 7)))), ct);
}
