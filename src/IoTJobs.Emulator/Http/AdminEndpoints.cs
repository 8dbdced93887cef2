using System.Globalization;
using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Http;

/// <summary>
/// The emulator's own endpoints under /_emulator/ (unsigned, never faulted or throttled): stats, reset, seed, the
/// store's view of a job's executions, extra credentials, --deny, fault scripts, outages, the clock and connectivity.
/// </summary>
internal sealed class AdminEndpoints(EmulatorStore store, RequestCounters counters, RateLimiter rateLimiter, FaultInjector faults,
    Credentials credentials, AccessPolicy policy, EmulatorClock clock)
{
    private const string Valid = "Valid: GET /_emulator/stats, POST /_emulator/reset, POST /_emulator/seed, GET /_emulator/executions?jobId=j, " +
        "POST|DELETE /_emulator/credentials, GET|POST|DELETE /_emulator/deny, GET|POST|DELETE /_emulator/fault-script, " +
        "POST /_emulator/outage?seconds=n, GET|POST /_emulator/clock, GET|POST /_emulator/connectivity.";

    public Task HandleAsync(HttpContext ctx, string rawPath, string rawQuery, byte[] body)
    {
        string method = ctx.Request.Method;
        return (rawPath.TrimEnd('/'), method) switch
        {
            ("/_emulator/stats", "GET") => StatsAsync(ctx),
            ("/_emulator/reset", "POST") => ResetAsync(ctx),
            ("/_emulator/executions", "GET") => ExecutionsAsync(ctx, rawQuery),
            ("/_emulator/credentials", "POST" or "DELETE") => CredentialsAsync(ctx, method, rawQuery, body),
            ("/_emulator/deny", "GET" or "POST" or "DELETE") => DenyAsync(ctx, method, rawQuery, body),
            ("/_emulator/fault-script", "GET" or "POST" or "DELETE") => FaultScriptAsync(ctx, method, rawQuery, body),
            ("/_emulator/clock", "GET" or "POST") => ClockAsync(ctx, method, rawQuery),
            ("/_emulator/outage", "POST") => OutageAsync(ctx, rawQuery),
            ("/_emulator/seed", "POST") => AdminSeed.SeedAsync(ctx, store, body),
            ("/_emulator/connectivity", "GET" or "POST") => ConnectivityAsync(ctx, method, rawQuery, body),
            _ => throw new EmulatorApiException(404, "UnknownOperationException",
                $"Unknown admin endpoint {method} {RawRequest.Shorten(rawPath)}. {Valid}"),
        };
    }

    private static string? QueryValue(string rawQuery, string name)
    {
        using var query = new RequestInput(rawQuery, Array.Empty<byte>());
        return query.Query(name);
    }

    internal static Task Ok(HttpContext ctx, Action<Utf8JsonWriter> members) => ResponseWriter.WriteJsonAsync(ctx, 200, w =>
    {
        w.WriteStartObject();
        members(w);
        w.WriteEndObject();
    });

    private Task StatsAsync(HttpContext ctx)
    {
        var snapshot = counters.Snapshot();
        return Ok(ctx, w =>
        {
            w.WriteNumber("total", snapshot.Values.Sum());
            w.WriteStartObject("requests");
            foreach (var (op, n) in snapshot) w.WriteNumber(op, n);
            w.WriteEndObject();
            w.WriteNumber("inFlight", counters.InFlight);
            // Injected faults by kind, so a fault run can report what it went through.
            w.WriteStartObject("faults");
            foreach (var (kind, n) in faults.Counts()) w.WriteNumber(kind, n);
            w.WriteEndObject();
            w.WriteBoolean("outageActive", faults.InOutage());
            w.WriteStartObject("requestsByAccessKey");
            foreach (var (key, n) in credentials.RequestsByKey()) w.WriteNumber(key, n);
            w.WriteEndObject();
        });
    }

    private Task ResetAsync(HttpContext ctx)
    {
        store.Reset();
        counters.Reset();
        credentials.ResetCounts();
        rateLimiter.Reset();
        faults.Reset();
        return Ok(ctx, _ => { });
    }

    /// <summary>GET /_emulator/executions?jobId=j: the store's own view (never faulted), for fault runs to check the end state.</summary>
    private Task ExecutionsAsync(HttpContext ctx, string rawQuery)
    {
        string? jobId = QueryValue(rawQuery, "jobId");
        if (string.IsNullOrEmpty(jobId)) throw EmulatorApiException.InvalidRequest("GET /_emulator/executions needs ?jobId=<job id>.");
        var all = new List<JobExecutionSnapshot>();
        long after = 0;
        while (true)
        {
            var page = store.ListJobExecutionsForJob(jobId, null, after, 250);
            all.AddRange(page.Items);
            if (page.NextAfterSeq is not long next) break;
            after = next;
        }
        return Ok(ctx, w =>
        {
            w.WriteString("jobId", jobId);
            w.WriteStartObject("statusCounts");
            foreach (var g in all.GroupBy(e => e.Status).OrderBy(g => g.Key, StringComparer.Ordinal)) w.WriteNumber(g.Key, g.Count());
            w.WriteEndObject();
            w.WriteStartArray("executions");
            foreach (var e in all)
            {
                w.WriteStartObject();
                w.WriteString("thingName", e.ThingName);
                w.WriteString("status", e.Status);
                w.WriteNumber("versionNumber", e.VersionNumber);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    /// <summary>
    /// POST {"accessKey","secretKey"[,"account"][,"userName"]} accepts another key pair (acting in that account, for STS
    /// GetCallerIdentity and --deny messages); DELETE ?accessKey=AK stops accepting it (an expired key).
    /// </summary>
    private Task CredentialsAsync(HttpContext ctx, string method, string rawQuery, byte[] body)
    {
        string? key, secret = null, account = null, user = null;
        if (method == "POST")
        {
            using var input = new RequestInput("", body);
            key = input.String("accessKey");
            secret = input.String("secretKey");
            account = input.String("account");
            user = input.String("userName");
        }
        else
        {
            key = QueryValue(rawQuery, "accessKey");
        }
        if (string.IsNullOrEmpty(key) || (method == "POST" && string.IsNullOrEmpty(secret)))
            throw EmulatorApiException.InvalidRequest("POST /_emulator/credentials needs {\"accessKey\", \"secretKey\"} (and optionally \"account\", \"userName\"); DELETE needs ?accessKey=<key>.");
        if (account != null && !IoTJobs.Aws.ResourceNames.Account.IsMatch(account))
            throw EmulatorApiException.InvalidRequest($"POST /_emulator/credentials: account '{RawRequest.Shorten(account)}' is not a 12-digit AWS account id.");
        if (user != null && !System.Text.RegularExpressions.Regex.IsMatch(user, @"^[\w+=,.@-]{1,64}$"))
            throw EmulatorApiException.InvalidRequest($"POST /_emulator/credentials: userName '{RawRequest.Shorten(user)}' is not an IAM user name (1-64 of letters, digits and +=,.@_-).");
        if (method == "POST") credentials.Add(key, secret!, account, user);
        else credentials.Remove(key);
        return Ok(ctx, w =>
        {
            w.WriteString("accessKey", key);
            if (method == "POST") w.WriteString("account", credentials.IdentityOf(key).Account);
        });
    }

    /// <summary>
    /// POST {"accessKey","operations":[...]} denies operations to a key (403 AccessDeniedException); DELETE
    /// ?accessKey=AK[&amp;operation=Op] allows them again (no query: every key); GET ?accessKey=AK lists them.
    /// </summary>
    private Task DenyAsync(HttpContext ctx, string method, string rawQuery, byte[] body)
    {
        string? key;
        if (method == "POST")
        {
            using var input = new RequestInput("", body);
            key = input.String("accessKey");
            var ops = input.StringList("operations");
            if (string.IsNullOrEmpty(key) || ops == null || ops.Count == 0)
                throw EmulatorApiException.InvalidRequest("POST /_emulator/deny needs {\"accessKey\": \"<key>\", \"operations\": [\"DescribeJobExecution\", ...]}.");
            try { policy.Deny(key, ops); }
            catch (ArgumentException ex) { throw EmulatorApiException.InvalidRequest("POST /_emulator/deny: " + ex.Message); }
        }
        else
        {
            key = QueryValue(rawQuery, "accessKey");
            string? op = QueryValue(rawQuery, "operation");
            if (method == "GET" && string.IsNullOrEmpty(key))
                throw EmulatorApiException.InvalidRequest("GET /_emulator/deny needs ?accessKey=<key>.");
            if (method == "DELETE") policy.Allow(string.IsNullOrEmpty(key) ? null : key, op == null ? null : new[] { op });
        }
        return Ok(ctx, w =>
        {
            if (string.IsNullOrEmpty(key)) return;
            w.WriteString("accessKey", key);
            w.WriteStartArray("operations");
            foreach (string op in policy.DeniedFor(key)) w.WriteStringValue(op);
            w.WriteEndArray();
        });
    }

    /// <summary>
    /// POST {"operation","at","faults":[...]} scripts faults for the at-th request of an operation from now on
    /// (at defaults to 1); DELETE [?operation=Op] removes scripts; GET lists them with the requests each has counted.
    /// </summary>
    private Task FaultScriptAsync(HttpContext ctx, string method, string rawQuery, byte[] body)
    {
        if (method == "POST")
        {
            using var input = new RequestInput("", body);
            string? op = input.String("operation");
            long at = input.Long("at") ?? 1;
            var kinds = input.StringList("faults");
            if (string.IsNullOrEmpty(op) || kinds == null)
                throw EmulatorApiException.InvalidRequest($"POST /_emulator/fault-script needs {{\"operation\": \"CancelJobExecution\", \"at\": 1, \"faults\": [\"apply-then-drop\", \"expired-token\"]}}; kinds: {string.Join(", ", ScriptedFault.KindNames)}.");
            try
            {
                var parsed = kinds.Select(k => ScriptedFault.KindOf(k) ?? throw new ArgumentException(
                    $"unknown fault kind '{RawRequest.Shorten(k)}'. Valid kinds: {string.Join(", ", ScriptedFault.KindNames)}.")).ToList();
                faults.Scripts.Set(new ScriptedFault(op, (int)Math.Clamp(at, int.MinValue, int.MaxValue), parsed));
            }
            catch (ArgumentException ex)
            {
                throw EmulatorApiException.InvalidRequest("POST /_emulator/fault-script: " + ex.Message);
            }
        }
        else if (method == "DELETE")
        {
            faults.Scripts.Clear(QueryValue(rawQuery, "operation"));
        }
        return Ok(ctx, w =>
        {
            w.WriteStartArray("scripts");
            foreach (var (script, seen) in faults.Scripts.Snapshot())
            {
                w.WriteStartObject();
                w.WriteString("operation", script.Operation);
                w.WriteNumber("at", script.AtRequest);
                w.WriteStartArray("faults");
                foreach (var k in script.Faults) w.WriteStringValue(ScriptedFault.NameOf(k));
                w.WriteEndArray();
                w.WriteNumber("requestsSeen", seen);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    /// <summary>POST /_emulator/clock?offset=-20m runs the emulator's clock that far from the machine's (0 puts it right).</summary>
    private Task ClockAsync(HttpContext ctx, string method, string rawQuery)
    {
        if (method == "POST")
        {
            string? text = QueryValue(rawQuery, "offset");
            try
            {
                clock.Offset = CommandLine.ParseClockOffset(text ?? "", "offset");
            }
            catch (ArgumentException ex)
            {
                throw EmulatorApiException.InvalidRequest("POST /_emulator/clock needs ?offset=<t>: " + CommandLine.CleanMessage(ex));
            }
        }
        return Ok(ctx, w =>
        {
            w.WriteNumber("offsetSeconds", clock.Offset.TotalSeconds);
            w.WriteString("now", clock.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        });
    }

    /// <summary>POST /_emulator/outage?seconds=5: every API request gets 503 for that long (0 ends it).</summary>
    private Task OutageAsync(HttpContext ctx, string rawQuery)
    {
        string? text = QueryValue(rawQuery, "seconds");
        if (text == null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) ||
            !double.IsFinite(seconds) || seconds < 0 || seconds > 86400)
            throw EmulatorApiException.InvalidRequest("POST /_emulator/outage needs ?seconds=<0..86400> (0 ends an outage).");
        faults.StartOutage(TimeSpan.FromSeconds(seconds));
        return Ok(ctx, w => w.WriteNumber("seconds", seconds));
    }

    /// <summary>
    /// POST {"thingName" or "thingNames", "connected": bool, "disconnectReason"?} records a connect or disconnect at the
    /// store's clock (devices connect over MQTT, which the emulator does not serve); GET ?thingName=t shows it.
    /// </summary>
    private Task ConnectivityAsync(HttpContext ctx, string method, string rawQuery, byte[] body)
    {
        const string usage = "POST /_emulator/connectivity needs {\"thingName\": \"t\" (or \"thingNames\": [...]), \"connected\": true|false, \"disconnectReason\": \"CONNECTION_LOST\" (optional, with false)}; GET needs ?thingName=t.";
        if (method == "GET")
        {
            string thing = QueryValue(rawQuery, "thingName") ?? throw EmulatorApiException.InvalidRequest(usage);
            var c = store.Connectivity(thing);
            return Ok(ctx, w =>
            {
                w.WriteString("thingName", thing);
                w.WriteBoolean("connected", c?.Connected ?? false);
                if (c?.Timestamp is long ts) w.WriteNumber("timestamp", ts);
                if (c?.DisconnectReason is string reason) w.WriteString("disconnectReason", reason);
            });
        }
        using var input = new RequestInput("", body);
        var things = input.StringList("thingNames") ?? (input.String("thingName") is string one ? new[] { one } : null);
        bool connected = input.Bool("connected") ?? throw EmulatorApiException.InvalidRequest(usage);
        if (things == null) throw EmulatorApiException.InvalidRequest(usage);
        store.SetConnectivity(things, connected, input.String("disconnectReason"));
        return Ok(ctx, w =>
        {
            w.WriteNumber("things", things.Count);
            w.WriteBoolean("connected", connected);
            w.WriteNumber("timestamp", store.Connectivity(things[0])!.Timestamp!.Value);
        });
    }
}
