using System.Globalization;
using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Http;

/// <summary>
/// The request pipeline alone, on fakes: a scripted in-process transport, a fake clock (recorded delays and timeouts)
/// and a retry policy with fixed jitter. Each test checks one stage's job in the attempt loop.
/// </summary>
public class RequestPipelineTests
{
    private static readonly Uri Endpoint = new("https://iot.us-east-1.amazonaws.com/");

    private sealed class Rig : IDisposable
    {
        public Rig(FakeHandler handler, IRetryPolicy? policy = null, bool adaptive = false, TimeSpan? timeout = null, AWSCredentials? credentials = null, int maxAttempts = 3)
        {
            Handler = handler;
            Policy = policy ?? new RetryPolicy(maxAttempts, new RetryQuota(), random: () => 0.5);
            var log = new RequestLog(line => { lock (Log) Log.Add(line); });
            Pacer = new RequestPacer(adaptive, Clock);
            Pipeline = new RequestPipeline(new SigningCredentials(credentials ?? new BasicAWSCredentials("AKIDPIPELINE", "pipeline-secret-key-0001"), "test keys", null),
                new RequestSigner("us-east-1"), new HttpTransport(handler, timeout ?? TimeSpan.FromSeconds(10), Clock, log), Pacer, Policy, maxAttempts, ClockSkew, Clock, log);
        }

        public FakeHandler Handler { get; }
        public FakeClock Clock { get; } = new(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc));
        public ClockSkew ClockSkew { get; } = new();
        public IRetryPolicy Policy { get; }
        public RequestPacer Pacer { get; }
        public RequestPipeline Pipeline { get; }
        public List<string> Log { get; } = new();

        public Task<byte[]> Send(string operation = "DescribeJob", CancellationToken ct = default) =>
            Pipeline.SendAsync(new ApiRequest(operation, operation, HttpMethod.Get, new Uri(Endpoint, "jobs/j1"), "/jobs/j1", "iot", RestJsonErrors.Instance), ct);

        public void Dispose() => Pipeline.Dispose();
    }

    private static DateTime SignedAt(SentRequest r) =>
        SigV4Reference.ParseAmzDate(r.Header("X-Amz-Date")!);

    [Fact]
    public async Task ASuccess_IsOneSignedAttempt_LoggedOnce_AndRefundsTheQuota()
    {
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Ok("{\"job\":{}}")), policy: new RetryPolicy(3, new RetryQuota(10)));
        rig.Policy.Quota.TryAcquire(5);
        var body = await rig.Send();
        Assert.Equal("{\"job\":{}}", System.Text.Encoding.UTF8.GetString(body));
        var sent = Assert.Single(rig.Handler.Sent);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDPIPELINE/20261201/us-east-1/iot/aws4_request", sent.Header("Authorization"));
        Assert.Equal(rig.Clock.UtcNow, SignedAt(sent));
        Assert.Equal("GET /jobs/j1 -> 200 OK (attempt 1/3, 0 ms)", Assert.Single(rig.Log));
        Assert.Equal(6, rig.Policy.Quota.Available); // a success that needed no retry gives back one token
    }

    [Fact]
    public async Task Retries_WaitThePolicysBackoff_OnTheClock_AndSignEachAttemptAtItsOwnTime()
    {
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Error(503, "ServiceUnavailableException", "busy"),
            () => FakeHandler.Error(503, "ServiceUnavailableException", "busy"), () => FakeHandler.Ok()),
            policy: new RetryPolicy(3, random: () => 0.5, baseDelay: TimeSpan.FromSeconds(2)));
        var start = rig.Clock.UtcNow;
        await rig.Send();
        // Full jitter with random 0.5 and a 2 s base: 1 s, then 2 s (X-Amz-Date has whole seconds).
        Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, rig.Clock.Delays);
        Assert.Equal(new[] { start, start.AddSeconds(1), start.AddSeconds(3) }, rig.Handler.Sent.Select(SignedAt));
        Assert.Equal(RetryQuota.DefaultCapacity - RetryQuota.RetryCost, rig.Policy.Quota.Available); // two retries paid 5 each; the success gives back the last
        Assert.Equal(new[] { "503 Service Unavailable (attempt 1/3", "503 Service Unavailable (attempt 2/3", "200 OK (attempt 3/3" },
            rig.Log.Select(l => l[(l.IndexOf("-> ", StringComparison.Ordinal) + 3)..l.IndexOf(',')]));
    }

    [Fact]
    public async Task AFailureThePolicyDoesNotRetry_EndsTheCallAtOnce()
    {
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Error(404, "ResourceNotFoundException", "gone")));
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.Equal((ErrorCodes.ResourceNotFoundException, 404, 1), (ex.ErrorCode, ex.StatusCode, ex.Attempts));
        Assert.Equal("DescribeJob failed: ResourceNotFoundException: gone", ex.Message);
        Assert.Empty(rig.Clock.Delays);
        Assert.Equal(1, rig.Handler.Count);
    }

    [Fact]
    public async Task TheRetryPolicyDecides_AFakePolicyIsObeyed()
    {
        var policy = new ScriptedPolicy(RetryDecision.After(TimeSpan.FromSeconds(7)), RetryDecision.GiveUp(retryable: false));
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Error(404, "ResourceNotFoundException", "gone")), policy: policy);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.Equal(2, rig.Handler.Count); // a 404 retried, because the policy said so
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, rig.Clock.Delays);
        Assert.Equal(new[] { ("ResourceNotFoundException", 404), ("ResourceNotFoundException", 404) }, policy.Seen.Select(a => (a.ErrorCode, a.StatusCode)));
        Assert.Contains("(on attempt 2; earlier attempts failed with ResourceNotFoundException)", ex.Message);
    }

    [Fact]
    public async Task APerAttemptTimeout_IsARetryableFailure_WhoseOutcomeIsUnknown()
    {
        FakeClock? clock = null;
        using var rig = new Rig(new FakeHandler(async (_, i, ct) =>
        {
            if (i > 0) return FakeHandler.Ok();
            clock!.Advance(TimeSpan.FromSeconds(2)); // no answer within the 2 s timeout
            return await FakeHandler.Hang(ct);
        }), timeout: TimeSpan.FromSeconds(2));
        clock = rig.Clock;
        await rig.Send();
        Assert.Equal(2, rig.Handler.Count);
        Assert.Equal(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) }, rig.Clock.Timeouts);
        Assert.StartsWith("GET /jobs/j1 -> RequestTimeout (attempt 1/3, 2000 ms)", rig.Log[0]);
        Assert.Equal(RetryQuota.DefaultCapacity, rig.Policy.Quota.Available); // the timeout's retry paid 10, the success gave them back
    }

    [Fact]
    public async Task ADroppedConnection_IsConnectionFailure_AndTheLastErrorSaysWhatHappened()
    {
        using var rig = new Rig(new FakeHandler((_, _, _) => throw FakeHandler.Dropped()), maxAttempts: 2);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.Equal((ErrorCodes.ConnectionFailure, 0, 2), (ex.ErrorCode, ex.StatusCode, ex.Attempts));
        Assert.True(ex.PreviousAttemptOutcomeUnknown);
        Assert.Contains("the connection to iot.us-east-1.amazonaws.com failed or was dropped (HttpRequestException: ", ex.Message);
        Assert.Contains("IOException: Unable to read data from the transport connection", ex.Message);
        Assert.EndsWith("(gave up after 2 attempts)", ex.Message);
        Assert.Equal(RetryQuota.DefaultCapacity - RetryQuota.TimeoutRetryCost, rig.Policy.Quota.Available);
    }

    [Fact]
    public async Task TheCallersCancellation_DuringAnAttempt_IsThrown_NotRetried()
    {
        using var cts = new CancellationTokenSource();
        using var rig = new Rig(new FakeHandler(async (_, _, ct) =>
        {
            cts.Cancel();
            return await FakeHandler.Hang(ct);
        }));
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Send(ct: cts.Token));
        Assert.Equal("DescribeJob was canceled.", ex.Message);
        Assert.Equal(1, rig.Handler.Count);
        Assert.Empty(rig.Clock.Delays);
        Assert.StartsWith("GET /jobs/j1 -> canceled (attempt 1/3", Assert.Single(rig.Log));
    }

    [Fact]
    public async Task ARefusalOnTime_CorrectsTheClock_AndTheRetryIsSignedWithTheServicesTime_AtOnceAndFree()
    {
        DateTime serviceNow = default;
        using var rig = new Rig(FakeHandler.Answers(
            () => FakeHandler.Error(403, "InvalidSignatureException", "Signature expired: 20261201T100000Z is now earlier than 20261201T100500Z (20261201T102000Z - 15 min.)",
                ("Date", serviceNow.ToString("r", CultureInfo.InvariantCulture))),
            () => FakeHandler.Ok()), policy: new RetryPolicy(3, new RetryQuota(100)));
        serviceNow = rig.Clock.UtcNow.AddMinutes(20);
        await rig.Send();
        Assert.Equal(TimeSpan.FromMinutes(20), rig.ClockSkew.CorrectionFor(Endpoint));
        Assert.Equal(serviceNow, SignedAt(rig.Handler.Sent[1]));
        Assert.Empty(rig.Clock.Delays);
        Assert.Equal(100, rig.Policy.Quota.Available);
        Assert.Contains(rig.Log, l => l.StartsWith("Clock skew: iot.us-east-1.amazonaws.com refused a request signed at 2026-12-01 10:00:00 UTC (InvalidSignatureException); its clock is +20m00s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecondRefusalOnTime_IsReported_WithTheTimesSeen()
    {
        using var rig = new Rig(new FakeHandler((_, i, _) => Task.FromResult(FakeHandler.Error(403, "InvalidSignatureException", "Signature expired: x",
            ("Date", new DateTime(2026, 12, 1, 10, 20, 0, DateTimeKind.Utc).AddMinutes(40 * i).ToString("r", CultureInfo.InvariantCulture))))));
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.True(ex.IsClockError);
        Assert.Equal(2, rig.Handler.Count);
        Assert.Contains(" The request was signed at 2026-12-01 10:20:00 UTC (this computer's clock with a correction of +20m00s) and the service's clock said 2026-12-01 11:00:00 UTC.", ex.Message);
    }

    [Fact]
    public async Task Adaptive_ThrottlesWhileTheOperationMakesProgress_AreRetriedWithoutUsingAnAttempt()
    {
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Ok(), () => FakeHandler.Error(400, "ThrottlingException", "slow"),
            () => FakeHandler.Error(400, "ThrottlingException", "slow"), () => FakeHandler.Error(400, "ThrottlingException", "slow"), () => FakeHandler.Ok()),
            adaptive: true, maxAttempts: 2);
        await rig.Send(); // the operation's first success: it is making progress
        await rig.Send(); // three throttles and a success: four attempts on a budget of two
        Assert.Equal(5, rig.Handler.Count);
        Assert.Equal(RetryQuota.DefaultCapacity, rig.Policy.Quota.Available); // free retries cost nothing
        var limiter = rig.Pacer.LimiterFor("DescribeJob")!;
        Assert.True(limiter.Enabled);
        Assert.Equal(3, limiter.ThrottleCount);
        Assert.All(rig.Clock.Delays, d => Assert.True(d <= TimeSpan.FromMilliseconds(100), $"only the limiter's short waits, no backoff: {d}"));
    }

    [Fact]
    public async Task Adaptive_AThrottledCallPastTheBoundedTime_CountsItsAttemptsAgain()
    {
        Rig? rig = null;
        using var r = rig = new Rig(new FakeHandler((_, i, _) =>
        {
            if (i == 0 || i >= 5) return Task.FromResult(FakeHandler.Ok());
            // Each throttled attempt takes the whole bound, while other requests of the operation keep succeeding.
            rig!.Clock.Advance(RetryPolicy.MaxThrottledCallTime);
            rig.Pacer.LimiterFor("DescribeJob")!.OnResponse(rig.Clock.Seconds, throttled: false);
            return Task.FromResult(FakeHandler.Error(400, "ThrottlingException", "slow"));
        }), adaptive: true, maxAttempts: 2);
        await rig.Send();
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.Equal(ErrorCodes.ThrottlingException, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(3, rig.Handler.Count);
    }

    [Fact]
    public async Task Adaptive_EachOperationHasItsOwnLimiter_AndStandardModeHasNone()
    {
        using var adaptive = new Rig(FakeHandler.Answers(() => FakeHandler.Ok()), adaptive: true);
        await adaptive.Send("DescribeJob");
        await adaptive.Send("ListJobs");
        Assert.NotSame(adaptive.Pacer.LimiterFor("DescribeJob"), adaptive.Pacer.LimiterFor("ListJobs"));
        Assert.NotNull(adaptive.Pacer.SinceLastSuccess("ListJobs"));
        using var standard = new Rig(FakeHandler.Answers(() => FakeHandler.Ok()));
        await standard.Send();
        Assert.Null(standard.Pacer.LimiterFor("DescribeJob"));
        Assert.Null(standard.Pacer.SinceLastSuccess("DescribeJob"));
    }

    [Fact]
    public async Task AnEmptyQuota_EndsTheCall_WithTheQuotaNote_AndALogLine()
    {
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Error(503, "ServiceUnavailableException", "busy")), policy: new RetryPolicy(5, new RetryQuota(5), random: () => 0));
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.Equal(2, rig.Handler.Count);
        Assert.Equal(CallErrors.QuotaNote, ex.RetryQuotaNote);
        Assert.Contains("(gave up after 2 attempts) (not retried: the client's retry quota is used up by recent failures (0 of 5 tokens left)", ex.Message);
        Assert.Contains("Retry quota: 0/5 tokens left, DescribeJob is not retried after ServiceUnavailableException.", rig.Log);
    }

    [Fact]
    public async Task CredentialsAreResolvedForEveryAttempt_AndAFailureIsCredentialsUnavailable()
    {
        var creds = new CountingCredentials(failOn: 2);
        using var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Error(503, "ServiceUnavailableException", "busy")), credentials: creds);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => rig.Send());
        Assert.Equal(ErrorCodes.CredentialsUnavailable, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(1, rig.Handler.Count); // the second attempt never left: it had no keys to sign with
        Assert.Equal("DescribeJob failed: CredentialsUnavailable: credentials from test keys could not be obtained (InvalidOperationException: the role session expired). Refresh them or supply others.", ex.Message);
    }

    [Fact]
    public async Task ServiceTime_CountsTheTimeWithTheService_NotTheBackoff()
    {
        FakeClock? clock = null;
        using var rig = new Rig(new FakeHandler((_, i, _) =>
        {
            clock!.Advance(TimeSpan.FromMilliseconds(250));
            return Task.FromResult(i == 0 ? FakeHandler.Error(503, "ServiceUnavailableException", "busy") : FakeHandler.Ok());
        }));
        clock = rig.Clock;
        var timer = ServiceTimer.Start();
        await rig.Send();
        Assert.Equal(TimeSpan.FromMilliseconds(500), timer.Elapsed);
        Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, rig.Clock.Delays);
        Assert.Equal(TimeSpan.FromSeconds(1), rig.Clock.Elapsed);
    }

    [Fact]
    public async Task ADisposedPipeline_SendsNothing()
    {
        var rig = new Rig(FakeHandler.Answers(() => FakeHandler.Ok()));
        rig.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => rig.Send());
        Assert.Equal(0, rig.Handler.Count);
    }

    private sealed class ScriptedPolicy(params RetryDecision[] decisions) : IRetryPolicy
    {
        public List<FailedAttempt> Seen { get; } = new();
        public int MaxAttempts => 3;
        public RetryQuota Quota { get; } = new();
        public RetryDecision Decide(RetryCall call, FailedAttempt attempt)
        {
            Seen.Add(attempt);
            return decisions[Seen.Count - 1];
        }
        public void OnSuccess(RetryCall call) { }
    }

    private sealed class CountingCredentials(int failOn) : AWSCredentials
    {
        private int _calls;
        public override ImmutableCredentials GetCredentials() =>
            Interlocked.Increment(ref _calls) == failOn
                ? throw new InvalidOperationException("the role session expired")
                : new ImmutableCredentials("AKIDCOUNTING", "counting-secret-key-0001", null);
    }
}
