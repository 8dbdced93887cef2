using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IoTJobs.Emulator;

/// <summary>
/// The whole HTTP surface: admin endpoints, SigV4 check, routing by credential-scope service
/// (iot / execute-api = control plane, iot-jobs-data = data plane), fault injection, rate limiting, operations.
/// </summary>
internal sealed class ApiHandler
{
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    private readonly EmulatorOptions _options;
    private readonly EmulatorStore _store;
    private readonly RequestCounters _counters;
    private readonly RateLimiter _rateLimiter;
    private readonly FaultInjector _faults;
    private readonly PageToken _tokens = new();
    // The emulator's clock: the machine's plus this offset (--clock-offset, POST /_emulator/clock), in ticks.
    private long _clockOffsetTicks;
    // Further accepted keys (POST /_emulator/credentials), e.g. the renewed keys of a refreshing credential source,
    // and signed requests per access key (in /_emulator/stats).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _extraCredentials = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _requestsByKey = new(StringComparer.Ordinal);
    private readonly ShapeCheck.ShapeCheckReport? _shapes;

    public ApiHandler(EmulatorOptions options, EmulatorStore store, RequestCounters counters)
    {
        _options = options;
        _store = store;
        _counters = counters;
        _rateLimiter = new RateLimiter(options);
        _faults = new FaultInjector(options.FaultRate, options.Seed, options.FaultKinds.ToList(), options.OutageStart, options.OutageDuration);
        _clockOffsetTicks = options.ClockOffset.Ticks;
        _shapes = options.ShapeCheck ?? ShapeCheck.ShapeCheckReport.FromEnvironment;
    }

    /// <summary>The response-shape report this handler feeds, if the check is on.</summary>
    internal ShapeCheck.ShapeCheckReport? Shapes => _shapes;

    /// <summary>How far the emulator's clock is from the machine's.</summary>
    internal TimeSpan ClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
        set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
    }

    private DateTimeOffset Now() => DateTimeOffset.UtcNow + ClockOffset;

    /// <summary>Fault decisions and counters (EmulatorHost exposes them to in-process tests).</summary>
    internal FaultInjector Faults => _faults;

    private enum Plane { Control, Data }

    public async Task HandleAsync(HttpContext ctx)
    {
        long started = Stopwatch.GetTimestamp();
        string requestId = Guid.NewGuid().ToString();
        ctx.Response.Headers["x-amzn-RequestId"] = requestId;
        // The Date header shows the emulator's clock (clients correct their clock skew from it, as AWS SDKs do).
        ctx.Response.Headers.Date = Now().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        string operation = "-";
        string rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.Path + ctx.Request.QueryString);
        try
        {
            if (_options.LatencyMs > 0) await Task.Delay(_options.LatencyMs, ctx.RequestAborted);

            SplitTarget(rawTarget, out string rawPath, out string rawQuery);
            byte[] body = await ReadBodyAsync(ctx);

            if (rawPath.StartsWith("/_emulator/", StringComparison.Ordinal) || rawPath == "/_emulator")
            {
                operation = "admin";
                await HandleAdminAsync(ctx, rawPath, rawQuery, body);
                return;
            }

            // A path no operation of either plane serves is a 404 even unsigned (clearer than AWS's 403 for a typo).
            string[] segs = Segments(rawPath);
            string? controlOperation = Route(Plane.Control, ctx.Request.Method, segs);
            string? dataOperation = Route(Plane.Data, ctx.Request.Method, segs);
            if (controlOperation == null && dataOperation == null)
                throw new EmulatorApiException(404, "UnknownOperationException",
                    $"No operation matches {ctx.Request.Method} {Shorten(rawPath)}.");

            var sigReq = new SigV4Request
            {
                Method = ctx.Request.Method,
                RawPath = rawPath,
                RawQuery = rawQuery,
                Body = body,
                Headers = name => ctx.Request.Headers.TryGetValue(name, out var v) ? (IEnumerable<string>)v.Where(s => s != null).Select(s => s!) : null,
            };
            string requestKey = AccessKeyOf(sigReq);
            var (acceptedKey, acceptedSecret) = _extraCredentials.TryGetValue(requestKey, out var extraSecret)
                ? (requestKey, extraSecret) : (_options.AccessKey, _options.SecretKey);
            string service = SigV4Verifier.Verify(sigReq, acceptedKey, acceptedSecret, _options.Region, Now());
            _requestsByKey.AddOrUpdate(requestKey, 1, (_, n) => n + 1);
            Plane plane = service switch
            {
                "iot" or "execute-api" => Plane.Control,
                "iot-jobs-data" => Plane.Data,
                _ => throw new EmulatorApiException(403, "InvalidSignatureException",
                    $"Credential should be scoped to correct service: 'iot' (control plane) or 'iot-jobs-data' (jobs data plane), not '{service}'."),
            };

            operation = (plane == Plane.Control ? controlOperation : dataOperation)
                ?? throw new EmulatorApiException(404, "UnknownOperationException",
                    $"No {(plane == Plane.Control ? "'iot'" : "'iot-jobs-data'")} operation matches {ctx.Request.Method} {Shorten(rawPath)}.");
            _counters.Increment(operation);

            bool applyThenDrop = false;
            switch (_faults.Next())
            {
                case FaultInjector.Fault.Outage:
                    throw new EmulatorApiException(503, "ServiceUnavailableException", "Service Unavailable (injected outage).");
                case FaultInjector.Fault.ServiceUnavailable:
                    throw new EmulatorApiException(503, "ServiceUnavailableException", "Service Unavailable (injected fault).");
                case FaultInjector.Fault.DropConnection:
                    ctx.Abort();
                    return;
                case FaultInjector.Fault.ApplyThenDrop:
                    applyThenDrop = true;
                    break;
            }

            if (!_rateLimiter.TryAcquire(operation))
            {
                // A throttled request is not applied; the planned drop still happens (the client hears nothing).
                if (applyThenDrop) { ctx.Abort(); return; }
                throw new EmulatorApiException(plane == Plane.Data ? 429 : 400, "ThrottlingException", "Rate exceeded");
            }

            using var input = new RequestInput(rawQuery, body);
            if (applyThenDrop)
            {
                // The ambiguous fault: the operation takes effect (or fails as it would), then the answer is lost.
                try
                {
                    var discard = new ArrayBufferWriter<byte>(256);
                    using var w = new Utf8JsonWriter(discard);
                    Execute(operation, segs, input, w);
                }
                catch (EmulatorApiException)
                {
                    // Its error answer is lost too.
                }
                ctx.Abort();
                return;
            }
            string routed = operation;
            await WriteJsonAsync(ctx, 200, w => Execute(routed, segs, input, w),
                body => _shapes?.Record(routed, ctx.Request.Method, rawTarget, 200, null, body.Span));
        }
        catch (EmulatorApiException ex)
        {
            // Every API answer is checked against the model (before it is sent, so a client that has the answer can
            // find its violation on disk); admin endpoints are the emulator's own.
            string? checkedAs = operation == "-" ? null : operation;
            await WriteErrorAsync(ctx, ex, operation == "admin" ? null
                : body => _shapes?.Record(checkedAs, ctx.Request.Method, rawTarget, ex.StatusCode, ex.ErrorCode, body.Span));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // Client went away; nothing to answer.
        }
        catch (BadHttpRequestException ex)
        {
            var error = EmulatorApiException.InvalidRequest($"Bad request: {ex.Message}");
            await WriteErrorAsync(ctx, error, body => _shapes?.Record(null, ctx.Request.Method, rawTarget, error.StatusCode, error.ErrorCode, body.Span));
        }
        catch (Exception ex)
        {
            // Never let an unexpected error kill the server or leak details: answer with a 500 AWS-style error.
            var error = new EmulatorApiException(500, "InternalFailureException", $"Internal failure in the emulator ({ex.GetType().Name}).");
            string? checkedAs = operation is "-" or "admin" ? null : operation;
            await WriteErrorAsync(ctx, error, body => _shapes?.Record(checkedAs, ctx.Request.Method, rawTarget, 500, error.ErrorCode, body.Span));
        }
        finally
        {
            if (_options.LogRequests)
            {
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                // Method, target, status, operation, time: never headers (Authorization) or bodies.
                Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {ctx.Request.Method} {Shorten(rawTarget)} {ctx.Response.StatusCode} {operation} {ms:F1}ms {requestId}");
            }
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    /// <summary>The access key named in a SigV4 Authorization header's Credential (empty when there is none).</summary>
    private static string AccessKeyOf(SigV4Request req)
    {
        string? auth = req.Headers("authorization")?.FirstOrDefault();
        if (auth == null) return "";
        int i = auth.IndexOf("Credential=", StringComparison.Ordinal);
        if (i < 0) return "";
        i += "Credential=".Length;
        int slash = auth.IndexOf('/', i);
        return slash > i ? auth[i..slash].Trim() : "";
    }

    private static void SplitTarget(string rawTarget, out string path, out string query)
    {
        string t = rawTarget;
        if (t.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            int slash = t.IndexOf('/', t.IndexOf("//", StringComparison.Ordinal) + 2);
            t = slash < 0 ? "/" : t[slash..];
        }
        int q = t.IndexOf('?');
        path = q < 0 ? t : t[..q];
        query = q < 0 ? "" : t[(q + 1)..];
        if (path.Length == 0) path = "/";
    }

    private static string[] Segments(string rawPath)
    {
        string p = rawPath.Trim('/');
        if (p.Length == 0) return Array.Empty<string>();
        return p.Split('/').Select(SigV4.SafeUnescape).ToArray();
    }

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "..." : s;

    private static async Task<byte[]> ReadBodyAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength == 0) return Array.Empty<byte>();
        if (ctx.Request.ContentLength > MaxBodyBytes)
            throw new EmulatorApiException(413, "InvalidRequestException", $"The request body is larger than {MaxBodyBytes} bytes.");
        using var ms = new MemoryStream(ctx.Request.ContentLength is long n and > 0 ? (int)n : 256);
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
        if (ms.Length > MaxBodyBytes)
            throw new EmulatorApiException(413, "InvalidRequestException", $"The request body is larger than {MaxBodyBytes} bytes.");
        return ms.ToArray();
    }

    /// <summary>Writes a JSON response; <paramref name="beforeSend"/> sees the body first (the response-shape check).</summary>
    private static async Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write, Action<ReadOnlyMemory<byte>>? beforeSend = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }
        beforeSend?.Invoke(buffer.WrittenMemory);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext ctx, EmulatorApiException ex, Action<ReadOnlyMemory<byte>>? beforeSend = null)
    {
        if (ctx.Response.HasStarted)
        {
            ctx.Abort();
            return;
        }
        ctx.Response.Headers["x-amzn-ErrorType"] = ex.ErrorCode;
        try
        {
            await WriteJsonAsync(ctx, ex.StatusCode, w =>
            {
                w.WriteStartObject();
                w.WriteString("message", ex.Message);
                ex.ExtraFields?.Invoke(w);
                w.WriteEndObject();
            }, beforeSend);
        }
        catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    // ---- admin -------------------------------------------------------------------------------------

    private async Task HandleAdminAsync(HttpContext ctx, string rawPath, string rawQuery, byte[] body)
    {
        string method = ctx.Request.Method;
        switch (rawPath.TrimEnd('/'))
        {
            case "/_emulator/stats" when method == "GET":
                var snapshot = _counters.Snapshot();
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("total", snapshot.Values.Sum());
                    w.WriteStartObject("requests");
                    foreach (var (op, n) in snapshot) w.WriteNumber(op, n);
                    w.WriteEndObject();
                    // Injected faults by kind, so a fault run can report what it went through.
                    w.WriteStartObject("faults");
                    foreach (var (kind, n) in _faults.Counts()) w.WriteNumber(kind, n);
                    w.WriteEndObject();
                    w.WriteBoolean("outageActive", _faults.InOutage());
                    w.WriteStartObject("requestsByAccessKey");
                    foreach (var (key, n) in _requestsByKey.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteNumber(key, n);
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return;
            case "/_emulator/reset" when method == "POST":
                _store.Reset();
                _counters.Reset();
                _requestsByKey.Clear();
                _rateLimiter.Reset();
                _faults.Reset();
                await WriteJsonAsync(ctx, 200, w => { w.WriteStartObject(); w.WriteEndObject(); });
                return;
            case "/_emulator/executions" when method == "GET":
            {
                // GET /_emulator/executions?jobId=j: the store's own view (never faulted), for fault runs to check the end state.
                string? jobId;
                using (var query = new RequestInput(rawQuery, Array.Empty<byte>())) jobId = query.Query("jobId");
                if (string.IsNullOrEmpty(jobId)) throw EmulatorApiException.InvalidRequest("GET /_emulator/executions needs ?jobId=<job id>.");
                var all = new List<JobExecutionSnapshot>();
                long after = 0;
                while (true)
                {
                    var page = _store.ListJobExecutionsForJob(jobId, null, after, 250);
                    all.AddRange(page.Items);
                    if (page.NextAfterSeq is not long next) break;
                    after = next;
                }
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteStartObject();
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
                    w.WriteEndObject();
                });
                return;
            }
            case "/_emulator/credentials" when method == "POST" || method == "DELETE":
            {
                // POST {"accessKey","secretKey"} accepts another key pair; DELETE ?accessKey=AK stops accepting it (an expired key).
                string? key, secret = null;
                if (method == "POST")
                {
                    using var input = new RequestInput("", body);
                    key = input.String("accessKey");
                    secret = input.String("secretKey");
                }
                else
                {
                    using var query = new RequestInput(rawQuery, Array.Empty<byte>());
                    key = query.Query("accessKey");
                }
                if (string.IsNullOrEmpty(key) || (method == "POST" && string.IsNullOrEmpty(secret)))
                    throw EmulatorApiException.InvalidRequest("POST /_emulator/credentials needs {\"accessKey\", \"secretKey\"}; DELETE needs ?accessKey=<key>.");
                if (method == "POST") _extraCredentials[key] = secret!;
                else _extraCredentials.TryRemove(key, out _);
                await WriteJsonAsync(ctx, 200, w => { w.WriteStartObject(); w.WriteString("accessKey", key); w.WriteEndObject(); });
                return;
            }
            case "/_emulator/clock" when method == "GET" || method == "POST":
            {
                // POST /_emulator/clock?offset=-20m runs the emulator's clock that far from the machine's (0 puts it right).
                if (method == "POST")
                {
                    string? text;
                    using (var query = new RequestInput(rawQuery, Array.Empty<byte>())) text = query.Query("offset");
                    try
                    {
                        ClockOffset = EmulatorOptions.ParseClockOffset(text ?? "", "offset");
                    }
                    catch (ArgumentException ex)
                    {
                        throw EmulatorApiException.InvalidRequest("POST /_emulator/clock needs ?offset=<t>: " + Program.CleanMessage(ex));
                    }
                }
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("offsetSeconds", ClockOffset.TotalSeconds);
                    w.WriteString("now", Now().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                });
                return;
            }
            case "/_emulator/outage" when method == "POST":
            {
                // POST /_emulator/outage?seconds=5: every API request gets 503 for that long (0 ends it).
                string? text;
                using (var query = new RequestInput(rawQuery, Array.Empty<byte>())) text = query.Query("seconds");
                if (text == null || !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) ||
                    !double.IsFinite(seconds) || seconds < 0 || seconds > 86400)
                    throw EmulatorApiException.InvalidRequest("POST /_emulator/outage needs ?seconds=<0..86400> (0 ends an outage).");
                _faults.StartOutage(TimeSpan.FromSeconds(seconds));
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("seconds", seconds);
                    w.WriteEndObject();
                });
                return;
            }
            case "/_emulator/seed" when method == "POST":
            {
                using var input = new RequestInput("", body);
                string? jobId = input.String("jobId");
                var things = input.StringList("thingNames") ?? throw EmulatorApiException.InvalidRequest("thingNames is required.");
                // Optional: the things join thingGroupName (under parentGroupName); the job targets targetThingGroup.
                string? groupName = input.String("thingGroupName");
                string? targetGroup = input.String("targetThingGroup");
                if (jobId == null && groupName == null)
                    throw EmulatorApiException.InvalidRequest("jobId is required (or thingGroupName, to seed things into a group without a job).");
                if (groupName != null) _store.SeedThingGroup(things, groupName, input.String("parentGroupName"), input.String("thingTypeName"));
                var job = jobId == null ? null : _store.Seed(jobId, things, input.StringList("inProgress"), input.String("thingTypeName"),
                    input.StringMap("attributes"), input.String("document") ?? "{\"operation\":\"seed\"}", targetGroup,
                    input.String("targetSelection") ?? "SNAPSHOT");
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteStartObject();
                    if (job != null)
                    {
                        w.WriteString("jobId", job.JobId);
                        w.WriteString("jobArn", job.JobArn);
                        w.WriteNumber("executions", job.StatusCounts.Values.Sum());
                    }
                    if (groupName != null) w.WriteString("thingGroupArn", _store.ThingGroupArn(groupName));
                    w.WriteNumber("things", things.Count);
                    w.WriteEndObject();
                });
                return;
            }
            default:
                throw new EmulatorApiException(404, "UnknownOperationException",
                    $"Unknown admin endpoint {method} {Shorten(rawPath)}. Valid: GET /_emulator/stats, POST /_emulator/reset, POST /_emulator/seed, POST /_emulator/outage?seconds=n, GET /_emulator/executions?jobId=j.");
        }
    }

    // ---- routing -----------------------------------------------------------------------------------

    private static string? Route(Plane plane, string method, string[] s)
    {
        if (plane == Plane.Data)
        {
            if (s.Length < 3 || s[0] != "things" || s[2] != "jobs") return null;
            return (s.Length, method) switch
            {
                (3, "GET") => Operations.GetPendingJobExecutions,
                (4, "PUT") when s[3] == "$next" => Operations.StartNextPendingJobExecution,
                (4, "GET") => Operations.JobsDataDescribeJobExecution,
                (4, "POST") => Operations.UpdateJobExecution,
                _ => null,
            };
        }
        if (s.Length == 0) return null;
        if (s[0] == "things")
        {
            return (s.Length, method) switch
            {
                (1, "GET") => Operations.ListThings,
                (2, "GET") => Operations.DescribeThing,
                (2, "POST") => Operations.CreateThing,
                (3, "GET") when s[2] == "jobs" => Operations.ListJobExecutionsForThing,
                (3, "GET") when s[2] == "thing-groups" => Operations.ListThingGroupsForThing,
                (4, "GET") when s[2] == "jobs" => Operations.DescribeJobExecution,
                (5, "PUT") when s[2] == "jobs" && s[4] == "cancel" => Operations.CancelJobExecution,
                (6, "DELETE") when s[2] == "jobs" && s[4] == "executionNumber" => Operations.DeleteJobExecution,
                _ => null,
            };
        }
        if (s[0] == "jobs")
        {
            return (s.Length, method) switch
            {
                (1, "GET") => Operations.ListJobs,
                (2, "GET") => Operations.DescribeJob,
                (2, "PUT") => Operations.CreateJob,
                (2, "DELETE") => Operations.DeleteJob,
                (3, "PUT") when s[2] == "cancel" => Operations.CancelJob,
                (3, "GET") when s[2] == "things" => Operations.ListJobExecutionsForJob,
                (3, "POST") when s[2] == "targets" => Operations.AssociateTargetsWithJob,
                _ => null,
            };
        }
        if (s[0] == "thing-groups")
        {
            return (s.Length, method) switch
            {
                (1, "GET") => Operations.ListThingGroups,
                (2, "PUT") when s[1] == "addThingToThingGroup" => Operations.AddThingToThingGroup,
                (2, "PUT") when s[1] == "removeThingFromThingGroup" => Operations.RemoveThingFromThingGroup,
                (2, "POST") => Operations.CreateThingGroup,
                (2, "GET") => Operations.DescribeThingGroup,
                (3, "GET") when s[2] == "things" => Operations.ListThingsInThingGroup,
                _ => null,
            };
        }
        return null;
    }

    // ---- operations --------------------------------------------------------------------------------

    private void Execute(string op, string[] s, RequestInput input, Utf8JsonWriter w)
    {
        switch (op)
        {
            case Operations.CreateThing:
            {
                var attrPayload = input.Object("attributePayload");
                var attrs = attrPayload == null ? null : input.StringMap("attributes", attrPayload);
                var t = _store.CreateThing(s[1], input.String("thingTypeName"), attrs);
                w.WriteStartObject();
                w.WriteString("thingName", t.ThingName);
                w.WriteString("thingArn", t.ThingArn);
                w.WriteString("thingId", t.ThingId);
                w.WriteEndObject();
                break;
            }
            case Operations.DescribeThing:
            {
                var t = _store.DescribeThing(s[1]);
                w.WriteStartObject();
                w.WriteString("defaultClientId", t.ThingName);
                WriteThingFields(w, t);
                w.WriteString("thingId", t.ThingId);
                w.WriteEndObject();
                break;
            }
            case Operations.ListThings:
            {
                string? attrName = input.Query("attributeName");
                string? attrValue = input.Query("attributeValue");
                string? typeName = input.Query("thingTypeName");
                bool prefix = input.QueryBool("usePrefixAttributeValue") ?? false;
                if (attrName != null) EmulatorStore.ValidateAttributeName(attrName);
                if (attrValue != null) EmulatorStore.ValidateAttributeValue(attrValue);
                if (typeName != null) EmulatorStore.ValidateThingName(typeName, "thingTypeName");
                int max = input.MaxResults();
                string filter = $"{attrName}\u0001{attrValue}\u0001{typeName}\u0001{prefix}";
                long after = _tokens.Decode(op, filter, input.Query("nextToken"));
                var page = _store.ListThings(attrName, attrValue, typeName, prefix, after, max);
                w.WriteStartObject();
                w.WriteStartArray("things");
                foreach (var t in page.Items)
                {
                    w.WriteStartObject();
                    WriteThingFields(w, t);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WriteNextToken(w, op, filter, page.NextAfterSeq);
                w.WriteEndObject();
                break;
            }
            case Operations.CreateJob:
            {
                var targets = input.StringList("targets") ?? throw EmulatorApiException.InvalidRequest("targets is required.");
                var timeout = input.Object("timeoutConfig");
                long? timeoutMinutes = null;
                if (timeout != null && timeout.Value.TryGetProperty("inProgressTimeoutInMinutes", out var tm))
                {
                    if (tm.ValueKind != JsonValueKind.Number || !tm.TryGetInt64(out long m))
                        throw EmulatorApiException.InvalidRequest("'timeoutConfig.inProgressTimeoutInMinutes' must be a JSON integer.");
                    timeoutMinutes = m;
                }
                var job = _store.CreateJob(s[1], targets, input.String("document"), input.String("documentSource"),
                    input.String("description"), input.String("targetSelection") ?? "SNAPSHOT", input.String("namespaceId"), timeoutMinutes);
                WriteJobIdentity(w, job);
                break;
            }
            case Operations.DescribeJob:
            {
                var job = _store.DescribeJob(s[1]);
                input.QueryBool("beforeSubstitution");
                WriteJob(w, job);
                break;
            }
            case Operations.ListJobs:
            {
                string? status = input.QueryEnum("status", JobStatus.All);
                string? selection = input.QueryEnum("targetSelection", new[] { "SNAPSHOT", "CONTINUOUS" });
                string? ns = input.Query("namespaceId");
                if (ns != null) EmulatorStore.ValidateNamespace(ns);
                string? groupName = input.Query("thingGroupName");
                string? groupId = input.Query("thingGroupId");
                int max = input.MaxResults();
                string filter = $"{status}\u0001{selection}\u0001{ns}\u0001{groupName}\u0001{groupId}";
                long after = _tokens.Decode(op, filter, input.Query("nextToken"));
                var page = _store.ListJobs(status, selection, ns, groupName, groupId, after, max);
                w.WriteStartObject();
                w.WriteStartArray("jobs");
                foreach (var j in page.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("jobArn", j.JobArn);
                    w.WriteString("jobId", j.JobId);
                    // JobSummary's thingGroupId: the job's (first) thing group target.
                    if (j.ThingGroupTargets.Count > 0) w.WriteString("thingGroupId", j.ThingGroupTargets[0].ThingGroupId);
                    w.WriteString("targetSelection", j.TargetSelection);
                    w.WriteString("status", j.Status);
                    Epoch(w, "createdAt", j.CreatedAt);
                    Epoch(w, "lastUpdatedAt", j.LastUpdatedAt);
                    if (j.CompletedAt != null) Epoch(w, "completedAt", j.CompletedAt.Value);
                    w.WriteBoolean("isConcurrent", j.IsConcurrent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WriteNextToken(w, op, filter, page.NextAfterSeq);
                w.WriteEndObject();
                break;
            }
            case Operations.CancelJob:
            {
                bool force = input.QueryBool("force") ?? false;
                var job = _store.CancelJob(s[1], force, input.String("reasonCode"), input.String("comment"));
                WriteJobIdentity(w, job);
                break;
            }
            case Operations.DeleteJob:
            {
                bool force = input.QueryBool("force") ?? false;
                string? ns = input.Query("namespaceId");
                if (ns != null) EmulatorStore.ValidateNamespace(ns);
                _store.DeleteJob(s[1], force);
                w.WriteStartObject();
                w.WriteEndObject();
                break;
            }
            case Operations.DescribeJobExecution:
            {
                var e = _store.DescribeJobExecution(s[1], s[3], input.QueryLong("executionNumber"));
                w.WriteStartObject();
                w.WriteStartObject("execution");
                w.WriteString("jobId", e.JobId);
                w.WriteString("status", e.Status);
                if (e.Status == JobExecutionStatus.Canceled) w.WriteBoolean("forceCanceled", e.ForceCanceled);
                w.WriteStartObject("statusDetails");
                if (e.StatusDetails.Count > 0)
                {
                    w.WriteStartObject("detailsMap");
                    foreach (var (k, v) in e.StatusDetails) w.WriteString(k, v);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteString("thingArn", e.ThingArn);
                Epoch(w, "queuedAt", e.QueuedAt);
                if (e.StartedAt != null) Epoch(w, "startedAt", e.StartedAt.Value);
                Epoch(w, "lastUpdatedAt", e.LastUpdatedAt);
                w.WriteNumber("executionNumber", e.ExecutionNumber);
                w.WriteNumber("versionNumber", e.VersionNumber);
                if (e.ApproximateSecondsBeforeTimedOut is long left) w.WriteNumber("approximateSecondsBeforeTimedOut", left);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            }
            case Operations.ListJobExecutionsForJob:
            {
                EmulatorStore.ValidateJobId(s[1]);
                string? status = input.QueryEnum("status", JobExecutionStatus.All);
                int max = input.MaxResults();
                string filter = $"{s[1]}\u0001{status}";
                long after = _tokens.Decode(op, filter, input.Query("nextToken"));
                var page = _store.ListJobExecutionsForJob(s[1], status, after, max);
                w.WriteStartObject();
                w.WriteStartArray("executionSummaries");
                foreach (var e in page.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("thingArn", e.ThingArn);
                    WriteSummary(w, e);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WriteNextToken(w, op, filter, page.NextAfterSeq);
                w.WriteEndObject();
                break;
            }
            case Operations.ListJobExecutionsForThing:
            {
                EmulatorStore.ValidateThingName(s[1]);
                string? status = input.QueryEnum("status", JobExecutionStatus.All);
                string? jobId = input.Query("jobId");
                if (jobId != null) EmulatorStore.ValidateJobId(jobId);
                string? ns = input.Query("namespaceId");
                if (ns != null) EmulatorStore.ValidateNamespace(ns);
                int max = input.MaxResults();
                string filter = $"{s[1]}\u0001{status}\u0001{jobId}\u0001{ns}";
                long after = _tokens.Decode(op, filter, input.Query("nextToken"));
                var page = _store.ListJobExecutionsForThing(s[1], status, jobId, ns, after, max);
                w.WriteStartObject();
                w.WriteStartArray("executionSummaries");
                foreach (var e in page.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("jobId", e.JobId);
                    WriteSummary(w, e);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WriteNextToken(w, op, filter, page.NextAfterSeq);
                w.WriteEndObject();
                break;
            }
            case Operations.CancelJobExecution:
            {
                bool force = input.QueryBool("force") ?? false;
                _store.CancelJobExecution(s[1], s[3], force, input.Long("expectedVersion"), input.StringMap("statusDetails"));
                w.WriteStartObject();
                w.WriteEndObject();
                break;
            }
            case Operations.DeleteJobExecution:
            {
                if (!long.TryParse(s[5], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number))
                    throw EmulatorApiException.InvalidRequest($"executionNumber '{Shorten(s[5])}' is not a valid integer.");
                bool force = input.QueryBool("force") ?? false;
                string? ns = input.Query("namespaceId");
                if (ns != null) EmulatorStore.ValidateNamespace(ns);
                _store.DeleteJobExecution(s[1], s[3], number, force);
                w.WriteStartObject();
                w.WriteEndObject();
                break;
            }
            case Operations.StartNextPendingJobExecution:
            {
                var e = _store.StartNextPendingJobExecution(s[1], input.StringMap("statusDetails"), input.Long("stepTimeoutInMinutes"));
                w.WriteStartObject();
                if (e != null) WriteDataExecution(w, "execution", e, includeDocument: true);
                w.WriteEndObject();
                break;
            }
            case Operations.UpdateJobExecution:
            {
                string status = input.String("status") ?? throw EmulatorApiException.InvalidRequest("status is required.");
                var e = _store.UpdateJobExecution(s[1], s[3], status, input.StringMap("statusDetails"), input.Long("expectedVersion"),
                    input.Long("executionNumber"), input.Long("stepTimeoutInMinutes"));
                w.WriteStartObject();
                if (input.Bool("includeJobExecutionState") == true)
                {
                    w.WriteStartObject("executionState");
                    w.WriteString("status", e.Status);
                    w.WriteStartObject("statusDetails");
                    foreach (var (k, v) in e.StatusDetails) w.WriteString(k, v);
                    w.WriteEndObject();
                    w.WriteNumber("versionNumber", e.VersionNumber);
                    w.WriteEndObject();
                }
                if (input.Bool("includeJobDocument") == true && e.JobDocument != null) w.WriteString("jobDocument", e.JobDocument);
                w.WriteEndObject();
                break;
            }
            case Operations.JobsDataDescribeJobExecution:
            {
                var e = _store.DescribeJobExecutionForDevice(s[1], s[3], input.QueryLong("executionNumber"));
                // botocore 1.43 model: "Unless set to false, the response contains the job document. The default is true."
                bool includeDoc = input.QueryBool("includeJobDocument") ?? true;
                w.WriteStartObject();
                WriteDataExecution(w, "execution", e, includeDoc);
                w.WriteEndObject();
                break;
            }
            case Operations.GetPendingJobExecutions:
            {
                var (inProgress, queued) = _store.GetPendingJobExecutions(s[1]);
                w.WriteStartObject();
                w.WriteStartArray("inProgressJobs");
                foreach (var e in inProgress) WriteDataSummary(w, e);
                w.WriteEndArray();
                w.WriteStartArray("queuedJobs");
                foreach (var e in queued) WriteDataSummary(w, e);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            }
            case Operations.CreateThingGroup:
            {
                var props = input.Object("thingGroupProperties");
                string? description = null;
                IReadOnlyDictionary<string, string>? attrs = null;
                if (props != null)
                {
                    if (props.Value.TryGetProperty("thingGroupDescription", out var d) && d.ValueKind != JsonValueKind.Null)
                        description = d.ValueKind == JsonValueKind.String ? d.GetString()
                            : throw EmulatorApiException.InvalidRequest("'thingGroupProperties.thingGroupDescription' must be a JSON string.");
                    if (props.Value.TryGetProperty("attributePayload", out var payload) && payload.ValueKind == JsonValueKind.Object)
                        attrs = input.StringMap("attributes", payload);
                }
                var g = _store.CreateThingGroup(s[1], input.String("parentGroupName"), description, attrs);
                w.WriteStartObject();
                w.WriteString("thingGroupName", g.ThingGroupName);
                w.WriteString("thingGroupArn", g.ThingGroupArn);
                w.WriteString("thingGroupId", g.ThingGroupId);
                w.WriteEndObject();
                break;
            }
            case Operations.DescribeThingGroup:
            {
                var g = _store.DescribeThingGroup(s[1]);
                w.WriteStartObject();
                w.WriteString("thingGroupName", g.ThingGroupName);
                w.WriteString("thingGroupId", g.ThingGroupId);
                w.WriteString("thingGroupArn", g.ThingGroupArn);
                w.WriteNumber("version", g.Version);
                w.WriteStartObject("thingGroupProperties");
                if (g.Description != null) w.WriteString("thingGroupDescription", g.Description);
                if (g.Attributes.Count > 0)
                {
                    w.WriteStartObject("attributePayload");
                    w.WriteStartObject("attributes");
                    foreach (var (k, v) in g.Attributes) w.WriteString(k, v);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteStartObject("thingGroupMetadata");
                if (g.ParentGroupName != null) w.WriteString("parentGroupName", g.ParentGroupName);
                if (g.RootToParentThingGroups.Count > 0)
                {
                    w.WriteStartArray("rootToParentThingGroups");
                    foreach (var (name, arn) in g.RootToParentThingGroups) WriteGroupNameAndArn(w, name, arn);
                    w.WriteEndArray();
                }
                Epoch(w, "creationDate", g.CreationDate);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            }
            case Operations.ListThingGroups:
            {
                string? parent = input.Query("parentGroup");
                string? prefix = input.Query("namePrefixFilter");
                bool recursive = input.QueryBool("recursive") ?? false;
                int max = input.MaxResults();
                string filter = $"{parent}\u0001{prefix}\u0001{recursive}";
                string? after = _tokens.DecodeName(op, filter, input.Query("nextToken"));
                var page = _store.ListThingGroups(parent, prefix, recursive, after, max);
                w.WriteStartObject();
                w.WriteStartArray("thingGroups");
                foreach (var g in page.Items) WriteGroupNameAndArn(w, g.ThingGroupName, g.ThingGroupArn);
                w.WriteEndArray();
                if (page.NextAfterName != null) w.WriteString("nextToken", _tokens.EncodeName(op, filter, page.NextAfterName));
                w.WriteEndObject();
                break;
            }
            case Operations.AddThingToThingGroup:
            case Operations.RemoveThingFromThingGroup:
            {
                string? groupName = input.String("thingGroupName");
                string? groupArn = input.String("thingGroupArn");
                string? thingName = input.String("thingName");
                string? thingArn = input.String("thingArn");
                if (op == Operations.AddThingToThingGroup)
                {
                    input.Bool("overrideDynamicGroups");
                    _store.AddThingToThingGroup(groupName, groupArn, thingName, thingArn);
                }
                else
                {
                    _store.RemoveThingFromThingGroup(groupName, groupArn, thingName, thingArn);
                }
                w.WriteStartObject();
                w.WriteEndObject();
                break;
            }
            case Operations.ListThingsInThingGroup:
            {
                EmulatorStore.ValidateThingGroupName(s[1]);
                bool recursive = input.QueryBool("recursive") ?? false;
                int max = input.MaxResults();
                string filter = $"{s[1]}\u0001{recursive}";
                string? after = _tokens.DecodeName(op, filter, input.Query("nextToken"));
                var page = _store.ListThingsInThingGroup(s[1], recursive, after, max);
                w.WriteStartObject();
                w.WriteStartArray("things");
                foreach (string t in page.Items) w.WriteStringValue(t);
                w.WriteEndArray();
                if (page.NextAfterName != null) w.WriteString("nextToken", _tokens.EncodeName(op, filter, page.NextAfterName));
                w.WriteEndObject();
                break;
            }
            case Operations.ListThingGroupsForThing:
            {
                EmulatorStore.ValidateThingName(s[1]);
                int max = input.MaxResults();
                string filter = s[1];
                string? after = _tokens.DecodeName(op, filter, input.Query("nextToken"));
                var page = _store.ListThingGroupsForThing(s[1], after, max);
                w.WriteStartObject();
                w.WriteStartArray("thingGroups");
                foreach (var g in page.Items) WriteGroupNameAndArn(w, g.ThingGroupName, g.ThingGroupArn);
                w.WriteEndArray();
                if (page.NextAfterName != null) w.WriteString("nextToken", _tokens.EncodeName(op, filter, page.NextAfterName));
                w.WriteEndObject();
                break;
            }
            case Operations.AssociateTargetsWithJob:
            {
                var targets = input.StringList("targets") ?? throw EmulatorApiException.InvalidRequest("targets is required.");
                var job = _store.AssociateTargetsWithJob(s[1], targets, input.String("comment"), input.Query("namespaceId"));
                WriteJobIdentity(w, job);
                break;
            }
            default:
                throw new EmulatorApiException(404, "UnknownOperationException", $"Operation {op} is not implemented.");
        }
    }

    // ---- JSON shapes -------------------------------------------------------------------------------

    /// <summary>Control-plane timestamp: epoch seconds as a JSON number with a millisecond fraction.</summary>
    private static void Epoch(Utf8JsonWriter w, string name, DateTimeOffset t) =>
        w.WriteNumber(name, decimal.Divide(t.ToUnixTimeMilliseconds(), 1000m));

    /// <summary>Data-plane timestamp: whole epoch seconds (long).</summary>
    private static void EpochLong(Utf8JsonWriter w, string name, DateTimeOffset t) => w.WriteNumber(name, t.ToUnixTimeSeconds());

    private void WriteNextToken(Utf8JsonWriter w, string op, string filter, long? nextAfterSeq)
    {
        if (nextAfterSeq != null) w.WriteString("nextToken", _tokens.Encode(op, filter, nextAfterSeq.Value));
    }

    private static void WriteThingFields(Utf8JsonWriter w, ThingSnapshot t)
    {
        w.WriteString("thingName", t.ThingName);
        if (t.ThingTypeName != null) w.WriteString("thingTypeName", t.ThingTypeName);
        w.WriteString("thingArn", t.ThingArn);
        w.WriteStartObject("attributes");
        foreach (var (k, v) in t.Attributes) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteNumber("version", t.Version);
    }

    private static void WriteGroupNameAndArn(Utf8JsonWriter w, string name, string arn)
    {
        w.WriteStartObject();
        w.WriteString("groupName", name);
        w.WriteString("groupArn", arn);
        w.WriteEndObject();
    }

    private static void WriteJobIdentity(Utf8JsonWriter w, JobSnapshot job)
    {
        w.WriteStartObject();
        w.WriteString("jobArn", job.JobArn);
        w.WriteString("jobId", job.JobId);
        if (job.Description != null) w.WriteString("description", job.Description);
        w.WriteEndObject();
    }

    private static void WriteJob(Utf8JsonWriter w, JobSnapshot j)
    {
        int Count(string s) => j.StatusCounts.TryGetValue(s, out int n) ? n : 0;
        w.WriteStartObject();
        if (j.DocumentSource != null) w.WriteString("documentSource", j.DocumentSource);
        w.WriteStartObject("job");
        w.WriteString("jobArn", j.JobArn);
        w.WriteString("jobId", j.JobId);
        w.WriteString("targetSelection", j.TargetSelection);
        w.WriteString("status", j.Status);
        w.WriteBoolean("forceCanceled", j.ForceCanceled);
        if (j.ReasonCode != null) w.WriteString("reasonCode", j.ReasonCode);
        if (j.Comment != null) w.WriteString("comment", j.Comment);
        w.WriteStartArray("targets");
        foreach (string t in j.Targets) w.WriteStringValue(t);
        w.WriteEndArray();
        if (j.Description != null) w.WriteString("description", j.Description);
        Epoch(w, "createdAt", j.CreatedAt);
        Epoch(w, "lastUpdatedAt", j.LastUpdatedAt);
        if (j.CompletedAt != null) Epoch(w, "completedAt", j.CompletedAt.Value);
        w.WriteStartObject("jobProcessDetails");
        w.WriteStartArray("processingTargets");
        w.WriteEndArray();
        w.WriteNumber("numberOfCanceledThings", Count(JobExecutionStatus.Canceled));
        w.WriteNumber("numberOfSucceededThings", Count(JobExecutionStatus.Succeeded));
        w.WriteNumber("numberOfFailedThings", Count(JobExecutionStatus.Failed));
        w.WriteNumber("numberOfRejectedThings", Count(JobExecutionStatus.Rejected));
        w.WriteNumber("numberOfQueuedThings", Count(JobExecutionStatus.Queued));
        w.WriteNumber("numberOfInProgressThings", Count(JobExecutionStatus.InProgress));
        w.WriteNumber("numberOfRemovedThings", Count(JobExecutionStatus.Removed));
        w.WriteNumber("numberOfTimedOutThings", Count(JobExecutionStatus.TimedOut));
        w.WriteEndObject();
        if (j.InProgressTimeoutInMinutes != null)
        {
            w.WriteStartObject("timeoutConfig");
            w.WriteNumber("inProgressTimeoutInMinutes", j.InProgressTimeoutInMinutes.Value);
            w.WriteEndObject();
        }
        if (j.NamespaceId != null) w.WriteString("namespaceId", j.NamespaceId);
        // "true when a job is rolling out new job executions or canceling previously created executions" (model).
        w.WriteBoolean("isConcurrent", j.IsConcurrent);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, JobExecutionSnapshot e)
    {
        w.WriteStartObject("jobExecutionSummary");
        w.WriteString("status", e.Status);
        Epoch(w, "queuedAt", e.QueuedAt);
        if (e.StartedAt != null) Epoch(w, "startedAt", e.StartedAt.Value);
        Epoch(w, "lastUpdatedAt", e.LastUpdatedAt);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteNumber("retryAttempt", 0);
        w.WriteEndObject();
    }

    private static void WriteDataExecution(Utf8JsonWriter w, string name, JobExecutionSnapshot e, bool includeDocument)
    {
        w.WriteStartObject(name);
        w.WriteString("jobId", e.JobId);
        w.WriteString("thingName", e.ThingName);
        w.WriteString("status", e.Status);
        w.WriteStartObject("statusDetails");
        foreach (var (k, v) in e.StatusDetails) w.WriteString(k, v);
        w.WriteEndObject();
        EpochLong(w, "queuedAt", e.QueuedAt);
        if (e.StartedAt != null) EpochLong(w, "startedAt", e.StartedAt.Value);
        EpochLong(w, "lastUpdatedAt", e.LastUpdatedAt);
        if (e.ApproximateSecondsBeforeTimedOut is long left) w.WriteNumber("approximateSecondsBeforeTimedOut", left);
        w.WriteNumber("versionNumber", e.VersionNumber);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        if (includeDocument && e.JobDocument != null) w.WriteString("jobDocument", e.JobDocument);
        w.WriteEndObject();
    }

    private static void WriteDataSummary(Utf8JsonWriter w, JobExecutionSnapshot e)
    {
        w.WriteStartObject();
        w.WriteString("jobId", e.JobId);
        EpochLong(w, "queuedAt", e.QueuedAt);
        if (e.StartedAt != null) EpochLong(w, "startedAt", e.StartedAt.Value);
        EpochLong(w, "lastUpdatedAt", e.LastUpdatedAt);
        w.WriteNumber("versionNumber", e.VersionNumber);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteEndObject();
    }
}
