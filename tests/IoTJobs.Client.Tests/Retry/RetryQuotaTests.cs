using IoTJobs.Client.Tests.Infrastructure;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Client.Tests.Retry;

/// <summary>
/// The retry quota of standard mode: retries cost 5 or 10 tokens, successes refund, an empty bucket fails calls at
/// once; a bulk run during an outage fails fast. LimitExceededException is retried but neither slows the adaptive
/// limiter nor gets a free retry. Not parallel: the outage test fires bursts of retries at the emulator.
/// </summary>
[Collection("Environment")]
public class RetryQuotaTests
{
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
        await using var server = ScriptedServer.Start((req, i) => i < 6 ? Reply.Error(503, "ServiceUnavailableException", "down") : Reply.Ok("{\"job\":{\"jobId\":\"j1\"}}"));
        var log = new List<string>();
        using var client = TestClients.For(server, out var clock, o =>
        {
            o.MaxAttempts = 5;
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
        Assert.Equal(2, clock.Delays.Count); // the only two retries the quota paid for
    }

    [Fact]
    public async Task ABulkRunDuringAnOutage_FailsFast_InsteadOfRetryingEveryItemToItsLimit()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quiet = true });
        host.Store.Seed("outage-job", Enumerable.Range(1, 64).Select(i => $"o{i}").ToArray());
        host.StartOutage(TimeSpan.FromMinutes(5));
        var log = new List<string>();
        using var client = IoTJobsClient.Create(TestClients.ForEmulator(host, log, o =>
        {
            o.MaxAttempts = 10;
            o.RetryPolicy = new RetryPolicy(10, baseDelay: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(5));
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
        Assert.Empty(host.Store.ListJobExecutionsForJob("outage-job", "CANCELED", 0, 250).Items);
    }

    [Fact]
    public async Task LimitExceeded410_IsRetriedAsAnyRetryableError_ButIsNoRateSignalAndGetsNoFreeRetry()
    {
        await using var server = ScriptedServer.Start(Reply.Error(410, "LimitExceededException", "Too many concurrent job cancellations"));
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
