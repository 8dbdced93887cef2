using System.Globalization;
using IoTJobs.Client.Tests.Infrastructure;
using IoTJobs.Emulator;

namespace IoTJobs.Client.Tests;

/// <summary>
/// Clock-skew correction (as AWSSDK.Core: from the Date header or the "Signature expired" message, then re-signed and
/// retried) against the emulator running its clock 20 minutes ahead or behind; the retry quota of standard mode; and
/// LimitExceededException, which is retried but neither slows the adaptive limiter nor gets a free retry.
/// In the non-parallel collection: the outage test fires bursts of retries that would disturb the timing-sensitive
/// rate-limiter tests if they ran at the same time on a 2-core machine.
/// </summary>
[Collection("Environment")]
public class ClockSkewAndRetryQuotaTests
{
    private static ClientOptions For(EmulatorHost host, List<string> log, Action<ClientOptions>? tweak = null)
    {
        var o = new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = host.BaseAddress.ToString(), AccessKey = "test", SecretKey = "test",
            Log = line => { lock (log) log.Add(line); },
        };
        tweak?.Invoke(o);
        return o;
    }

    [Theory]
    [InlineData(20)]
    [InlineData(-20)]
    public async Task AServiceClock20MinutesOff_IsCorrectedOnce_ThenListingAndCancellingWork(int minutes)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quiet = true, ClockOffset = TimeSpan.FromMinutes(minutes) });
        host.Store.Seed("skew-job", new[] { "s1", "s2" });
        var log = new List<string>();
        using var client = IoTJobsClient.Create(For(host, log));

        var listed = await ParsingTests.ToList(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "skew-job" }));
        Assert.Equal(2, listed.Count);
        // The first attempt was refused on time (it never reached the operation), the second, re-signed with the
        // correction, was answered.
        Assert.Equal(1, host.RequestCount("ListJobExecutionsForJob"));
        Assert.Contains(log, l => l.StartsWith("GET /jobs/skew-job/things -> 403 Forbidden (attempt 1/3", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("GET /jobs/skew-job/things -> 200 OK (attempt 2/3", StringComparison.Ordinal));
        var correction = ClockSkew.CorrectionFor(client.Endpoint);
        Assert.InRange(correction.TotalMinutes, minutes - 0.2, minutes + 0.2);
        Assert.Contains(log, l => l.StartsWith("Clock skew: ", StringComparison.Ordinal) && l.Contains(minutes > 0 ? "+19m5" : "-20m0"));

        // Later calls are signed with the correction from the start: one request each.
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "skew-job", ThingName = "s1" });
        Assert.Equal(1, host.RequestCount("CancelJobExecution"));
        Assert.Equal("CANCELED", host.Store.DescribeJobExecution("s1", "skew-job", null).Status);
        Assert.Equal(RetryQuota.DefaultCapacity, client.RetryQuota.Available); // a skew retry costs no quota
    }

    [Fact]
    public async Task TheServiceTime_IsReadFromTheMessage_WhenThereIsNoDateHeader()
    {
        var serverNow = DateTime.UtcNow.AddMinutes(30);
        var message = $"Signature expired: {DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'} is now earlier than {serverNow.AddMinutes(-15):yyyyMMdd'T'HHmmss'Z'} ({serverNow:yyyyMMdd'T'HHmmss'Z'} - 15 min.)";
        await using var server = FakeServer.Start(Reply.Error(403, "InvalidSignatureException", message), Reply.Ok("{\"job\":{\"jobId\":\"j1\"}}"));
        using var client = TestClients.For(server);
        Assert.Equal("j1", (await client.DescribeJobAsync("j1")).JobId);
        Assert.Equal(2, server.Count);
        var signedAt = DateTime.ParseExact(server.Requests[1].Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange((signedAt - serverNow).TotalSeconds, -5, 5);
    }

    [Fact]
    public async Task ARequestStillRefusedOnTime_SaysToCheckTheClock()
    {
        // A service whose clock keeps moving away: corrected once, refused again, reported (not corrected forever).
        int n = 0;
        await using var server = FakeServer.Start((_, _) =>
        {
            var t = DateTime.UtcNow.AddMinutes(20 + 40 * Interlocked.Increment(ref n));
            return Reply.Error(403, "InvalidSignatureException", $"Signature expired: 20260101T000000Z is now earlier than 20260101T000000Z ({t:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");
        });
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.True(ex.IsClockError);
        Assert.Equal(2, server.Count);
        Assert.Contains("Check this computer's clock", ex.Message);
        Assert.Contains("the service's clock said", ex.Message);
        Assert.Contains("with a correction of +", ex.Message);
    }

    [Fact]
    public async Task ASignatureMismatch_IsNotTakenForClockSkew()
    {
        await using var server = FakeServer.Start(Reply.Error(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.",
            ("Date", DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture))));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.False(ex.IsClockError);
        Assert.Equal(1, server.Count);
        Assert.Equal(TimeSpan.Zero, ClockSkew.CorrectionFor(client.Endpoint));
    }

    [Theory]
    [InlineData("Signature expired: 20261201T093000Z is now earlier than 20261201T094500Z (20261201T100000Z - 15 min.)", "2026-12-01T10:00:00")]
    [InlineData("Signature not yet current: 20261201T103000Z is still later than 20261201T101500Z (20261201T100000Z + 15 min.)", "2026-12-01T10:00:00")]
    public void TheServiceTime_InBothMessageForms(string message, string expected)
    {
        Assert.True(ClockSkew.TryParseMessage(message, out var t));
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture), t);
        Assert.True(ClockSkew.IsTimeError("InvalidSignatureException", message));
        Assert.False(ClockSkew.IsTimeError("InvalidSignatureException", "The request signature we calculated does not match"));
    }

    // ---------------------------------------------------------------- retry quota

    [Fact]
    public void RetryQuota_RetriesCost5Or10_SuccessesRefund_AndAnEmptyBucketRefuses()
    {
        var q = new RetryQuota();
        Assert.Equal(5, RetryQuota.CostOf(ErrorCodes.ServiceUnavailableException));
        Assert.Equal(10, RetryQuota.CostOf(ErrorCodes.ConnectionFailure));
        Assert.Equal(10, RetryQuota.CostOf(ErrorCodes.RequestTimeout));
        for (int i = 0; i < 100; i++) Assert.True(q.TryAcquire(5));
        Assert.False(q.TryAcquire(5));
        Assert.Equal(1, q.Refused);
        q.OnSuccess(5);
        Assert.Equal(5, q.Available);
        q.OnSuccess(0);
        Assert.Equal(6, q.Available);
        var full = new RetryQuota(10);
        full.OnSuccess(0);
        Assert.Equal(10, full.Available);
    }

    [Fact]
    public async Task AnOutage_DrainsTheQuota_ThenCallsFailAtOnceWithoutRetrying_AndSuccessesRefillIt()
    {
        await using var server = FakeServer.Start((req, i) => i < 6 ? Reply.Error(503, "ServiceUnavailableException", "down") : Reply.Ok("{\"job\":{\"jobId\":\"j1\"}}"));
        var log = new List<string>();
        using var client = TestClients.For(server, o =>
        {
            o.MaxAttempts = 5;
            o.RetryStrategy = new StandardRetryStrategy(5, baseDelay: TimeSpan.FromMilliseconds(1));
            o.RetryQuotaCapacity = 10;
        }, log);
        // Call 1: 503, retry (10 -> 5), 503, retry (5 -> 0), 503, no tokens: fails after 3 of its 5 attempts.
        var first = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.Equal(3, server.Count);
        Assert.Contains("retry quota is used up", first.Message);
        Assert.Contains(log, l => l.StartsWith("Retry quota: 0/10 tokens left", StringComparison.Ordinal));
        // Call 2: fails on its first attempt, not retried at all.
        await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.Equal(4, server.Count);
        Assert.Equal(0, client.RetryQuota.Available);
        // Call 3: 503 twice more (no retry: first attempt only), then the service is back.
        await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.Equal("j1", (await client.DescribeJobAsync("j1")).JobId);
        Assert.Equal(1, client.RetryQuota.Available);
    }

    [Fact]
    public async Task ABulkRunDuringAnOutage_FailsFast_InsteadOfRetryingEveryItemToItsLimit()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quiet = true });
        host.Store.Seed("outage-job", Enumerable.Range(1, 64).Select(i => $"o{i}").ToArray());
        host.StartOutage(TimeSpan.FromMinutes(5));
        var log = new List<string>();
        using var client = IoTJobsClient.Create(For(host, log, o =>
        {
            o.MaxAttempts = 10;
            o.RetryStrategy = new StandardRetryStrategy(10, baseDelay: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(5));
        }));
        // 64 cancels, 32 at a time, as Stop-IoTJobExecution -ThrottleLimit 32 would send them.
        using var gate = new SemaphoreSlim(32);
        var tasks = Enumerable.Range(1, 64).Select(async i =>
        {
            await gate.WaitAsync();
            try { await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "outage-job", ThingName = $"o{i}" }); return (IoTServiceException?)null; }
            catch (IoTServiceException ex) { return ex; }
            finally { gate.Release(); }
        }).ToList();
        var errors = await Task.WhenAll(tasks);
        Assert.All(errors, e => Assert.Equal(503, e!.StatusCode));
        long sent = host.RequestCount("CancelJobExecution");
        // Without a quota: 64 x 10 = 640 requests. With it: 64 first attempts + at most 500 / 5 = 100 retries.
        Assert.InRange(sent, 64, 164);
        Assert.Contains(errors, e => e!.Message.Contains("retry quota is used up"));
        Assert.Contains(errors, e => e!.RetryQuotaNote != null);
        Assert.Equal(0, host.Store.ListJobExecutionsForJob("outage-job", "CANCELED", 0, 250).Items.Count);
    }

    [Fact]
    public async Task LimitExceeded410_IsRetriedAsAnyRetryableError_ButIsNoRateSignalAndGetsNoFreeRetry()
    {
        await using var server = FakeServer.Start(Reply.Error(410, "LimitExceededException", "Too many concurrent job cancellations"));
        using var client = TestClients.For(server, o => { o.RetryMode = RetryModes.Adaptive; o.RetryQuotaCapacity = 100; });
        // A success first, so the adaptive limiter counts the operation as making progress (where a throttle is retried free).
        var limiter = client.GetRateLimiter("CancelJob")!;
        limiter.OnResponse(0, throttled: false);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobAsync(new CancelJobRequest { JobId = "j1" }));
        Assert.Equal(ErrorCodes.LimitExceededException, ex.ErrorCode);
        Assert.Equal(410, ex.StatusCode);
        Assert.Equal(3, server.Count); // MaxAttempts 3, none of them free
        Assert.Equal(0, limiter.ThrottleCount);
        Assert.Equal(90, client.RetryQuota.Available); // two retries at 5 tokens
        Assert.False(ErrorCodes.IsRateSignal(ErrorCodes.LimitExceededException, 410));
        Assert.True(ErrorCodes.IsRateSignal(ErrorCodes.ThrottlingException, 400));
        Assert.True(ErrorCodes.IsRateSignal("Anything", 429));
    }
}
