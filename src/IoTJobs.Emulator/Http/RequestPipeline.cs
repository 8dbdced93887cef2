using System.Diagnostics;
using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Handlers.Sts;
using IoTJobs.Emulator.ShapeCheck;
using Microsoft.AspNetCore.Http.Features;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Http;

/// <summary>
/// Every request's way through the emulator: request id and Date, admin endpoints, routing (Routes), SigV4, the
/// plane by credential scope, --deny, faults, rate limits, then the operation's handler; every API answer is checked
/// against botocore's model before it is sent.
/// </summary>
internal sealed class RequestPipeline(EmulatorOptions options, EmulatorStore store, RequestCounters counters, RateLimiter rateLimiter,
    FaultInjector faults, Credentials credentials, AccessPolicy policy, EmulatorClock clock, AdminEndpoints admin, ShapeCheckReport? shapes)
{
    private readonly PageToken _tokens = new();

    public async Task HandleAsync(HttpContext ctx)
    {
        long started = Stopwatch.GetTimestamp();
        string requestId = Guid.NewGuid().ToString();
        ctx.Response.Headers["x-amzn-RequestId"] = requestId;
        // The Date header shows the emulator's clock (clients correct their clock skew from it, as AWS SDKs do).
        ctx.Response.Headers.Date = clock.Now.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        string operation = "-";
        bool sts = false;
        string rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.Path + ctx.Request.QueryString);
        RawRequest.SplitTarget(rawTarget, out string rawPath, out string rawQuery);
        bool isAdmin = RawRequest.IsAdmin(rawPath);
        bool counted = false;
        try
        {
            // The latency timer is armed before the request counts as in flight, so a test that sees it in flight
            // can move a fake clock past the latency.
            Task latency = options.LatencyMs > 0
                ? Task.Delay(TimeSpan.FromMilliseconds(options.LatencyMs), clock.Time, ctx.RequestAborted) : Task.CompletedTask;
            if (!isAdmin)
            {
                counters.Enter();
                counted = true;
            }
            await latency;
            byte[] body = await RawRequest.ReadBodyAsync(ctx);

            if (isAdmin)
            {
                operation = "admin";
                await admin.HandleAsync(ctx, rawPath, rawQuery, body);
                return;
            }
            string method = ctx.Request.Method;
            string[] segs = RawRequest.Segments(rawPath);
            // A path no operation of any plane serves is a 404 even unsigned (clearer than AWS's 403 for a typo).
            var served = Enum.GetValues<Plane>().Where(p => Routes.Serves(p, method, segs)).ToList();
            if (served.Count == 0)
                throw new EmulatorApiException(404, "UnknownOperationException", $"No operation matches {method} {RawRequest.Shorten(rawPath)}.");
            var (requestKey, scopeService) = RawRequest.CredentialOf(ctx.Request);
            // STS answers in its own (XML) error shape: a request for its path, unless signed for another service.
            sts = served.Contains(Plane.Sts) && (scopeService == null ? served.Count == 1 : Routes.PlaneOf(scopeService) == Plane.Sts);

            var (acceptedKey, acceptedSecret) = credentials.PairFor(requestKey);
            string service = SigV4Verifier.Verify(new SigV4Request
            {
                Method = method,
                RawPath = rawPath,
                RawQuery = rawQuery,
                Body = body,
                Headers = name => ctx.Request.Headers.TryGetValue(name, out var v) ? (IEnumerable<string>)v.Where(s => s != null).Select(s => s!) : null,
            }, acceptedKey, acceptedSecret, options.Region, clock.Now);
            credentials.CountRequest(requestKey);
            Plane plane = Routes.PlaneOf(service) ?? throw new EmulatorApiException(403, "InvalidSignatureException", served.SequenceEqual(new[] { Plane.Sts })
                ? $"Credential should be scoped to correct service: 'sts', not '{service}'."
                : $"Credential should be scoped to correct service: 'iot' (control plane), 'iot-jobs-data' (jobs data plane) or 'iotdata' (device shadows), not '{service}'.");

            // STS names its operation in a form parameter; rest-json bodies are parsed later, after faults and limits.
            string? action = plane == Plane.Sts ? RequestInput.FromForm(rawQuery, body).Query("Action") : null;
            var route = Routes.Find(plane, method, segs, action, out var labels) ?? throw NoOperation(plane, method, segs, rawPath, action);
            operation = route.Handler.Name;
            counters.Increment(operation);

            var caller = credentials.IdentityOf(requestKey);
            if (policy.IsDenied(requestKey, operation))
                throw AccessPolicy.Denied(caller, options.Region, operation, ResourceOf(labels));

            bool applyThenDrop = false;
            switch (faults.Next(operation))
            {
                case FaultInjector.Fault.Outage:
                    throw new EmulatorApiException(503, "ServiceUnavailableException", "Service Unavailable (injected outage).");
                case FaultInjector.Fault.ServiceUnavailable:
                    throw new EmulatorApiException(503, "ServiceUnavailableException", "Service Unavailable (injected fault).");
                case FaultInjector.Fault.ExpiredToken:
                    throw new EmulatorApiException(403, "ExpiredTokenException", "The security token included in the request is expired");
                case FaultInjector.Fault.DropConnection:
                    ctx.Abort();
                    return;
                case FaultInjector.Fault.ApplyThenDrop:
                    applyThenDrop = true;
                    break;
            }

            if (!rateLimiter.TryAcquire(operation))
            {
                // A throttled request is not applied; the planned drop still happens (the client hears nothing).
                if (applyThenDrop) { ctx.Abort(); return; }
                // The data planes' models give ThrottlingException 429; the control plane's, 400.
                throw new EmulatorApiException(plane is Plane.Data or Plane.Shadow ? 429 : 400, "ThrottlingException", "Rate exceeded");
            }

            using var input = plane == Plane.Sts ? RequestInput.FromForm(rawQuery, body)
                : new RequestInput(rawQuery, route.Handler.TakesRawBody ? Array.Empty<byte>() : body);
            var request = new OperationRequest { Store = store, Input = input, Body = body, Labels = labels, Tokens = _tokens, Caller = caller, RequestId = requestId };
            if (applyThenDrop)
            {
                // The ambiguous fault: the operation takes effect (or fails as it would), then the answer is lost.
                try { route.Handler.Execute(request); }
                catch (EmulatorApiException) { /* its error answer is lost too */ }
                ctx.Abort();
                return;
            }
            var response = route.Handler.Execute(request);
            shapes?.Record(operation, method, rawTarget, 200, null, response.Body.Span);
            await ResponseWriter.WriteAsync(ctx, 200, response.Body, response.ContentType);
        }
        catch (EmulatorApiException ex)
        {
            // Every API answer is checked against the model (before it is sent, so a client that has the answer can
            // find its violation on disk); admin endpoints are the emulator's own.
            string? checkedAs = operation == "-" ? null : operation;
            await ResponseWriter.WriteErrorAsync(ctx, ex, sts, requestId, operation == "admin" ? null
                : (code, body) => shapes?.Record(checkedAs, ctx.Request.Method, rawTarget, ex.StatusCode, code, body.Span));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // Client went away; nothing to answer.
        }
        catch (BadHttpRequestException ex)
        {
            var error = EmulatorApiException.InvalidRequest($"Bad request: {ex.Message}");
            await ResponseWriter.WriteErrorAsync(ctx, error, sts, requestId,
                (code, body) => shapes?.Record(null, ctx.Request.Method, rawTarget, error.StatusCode, code, body.Span));
        }
        catch (Exception ex)
        {
            // Never let an unexpected error kill the server or leak details: answer with a 500 AWS-style error.
            var error = new EmulatorApiException(500, "InternalFailureException", $"Internal failure in the emulator ({ex.GetType().Name}).");
            string? checkedAs = operation is "-" or "admin" ? null : operation;
            await ResponseWriter.WriteErrorAsync(ctx, error, sts, requestId,
                (code, body) => shapes?.Record(checkedAs, ctx.Request.Method, rawTarget, 500, code, body.Span));
        }
        finally
        {
            if (counted) counters.Leave();
            if (options.LogRequests)
            {
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                // Method, target, status, operation, time: never headers (Authorization) or bodies.
                Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {ctx.Request.Method} {RawRequest.Shorten(rawTarget)} {ctx.Response.StatusCode} {operation} {ms:F1}ms {requestId}");
            }
        }
    }

    /// <summary>No operation of the signed-for plane at this path: 404, or STS's own errors for an unknown or missing Action.</summary>
    private static EmulatorApiException NoOperation(Plane plane, string method, string[] segs, string rawPath, string? action)
    {
        if (plane == Plane.Sts && Routes.Serves(Plane.Sts, method, segs))
        {
            return action == null
                ? new EmulatorApiException(400, "MissingAction", "Missing Action")
                : new EmulatorApiException(400, "InvalidAction", $"Could not find operation {RawRequest.Shorten(action)} for version {StsOperation.ApiVersion}.");
        }
        string name = plane switch { Plane.Control => "'iot'", Plane.Data => "'iot-jobs-data'", Plane.Shadow => "'iotdata'", _ => "'sts'" };
        return new EmulatorApiException(404, "UnknownOperationException", $"No {name} operation matches {method} {RawRequest.Shorten(rawPath)}.");
    }

    /// <summary>The resource an operation acts on, as an IAM policy names it: the thing, else the job, else the group.</summary>
    private string ResourceOf(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.TryGetValue("thingName", out var thing)) return store.ThingArn(thing);
        if (labels.TryGetValue("jobId", out var job) && job != "$next") return store.JobArn(job);
        if (labels.TryGetValue("thingGroupName", out var group)) return store.ThingGroupArn(group);
        return "*";
    }
}
