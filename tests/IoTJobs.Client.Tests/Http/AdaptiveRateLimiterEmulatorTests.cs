using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Client.Tests.Http;

/// <summary>
/// Adaptive retry mode end to end: a bulk of cancels against the emulator's per-operation rate limit settles near the
/// limit with no throttling error reaching the caller, while standard mode with the same budget lets them through.
/// </summary>
public sealed class AdaptiveRateLimiterEmulatorTests
{
    private static IoTJobsClient Client(EmulatorHost host, string mode) => IoTJobsClient.Create(new ClientOptions
    {
        Region = "us-east-1", EndpointUrl = host.BaseAddress.ToString(), AccessKey = "test", SecretKey = "test",
        MaxAttempts = 3, RetryMode = mode,
        RetryPolicy = new RetryPolicy(3, baseDelay: TimeSpan.FromMilliseconds(20)),
    });

    private static async Task<int> CancelAll(IoTJobsClient client, string job, string[] things, int concurrency)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(things);
        int failed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var thing))
            {
                try { await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = thing, JobId = job }); }
                catch (IoTServiceException ex) when (ex.IsThrottling) { Interlocked.Increment(ref failed); }
            }
        }));
        return failed;
    }

    [Fact]
    public async Task BulkCancels_AtTheServersLimit_NoFailures_RateNearTheLimit()
    {
        const double limit = 40;
        const int n = 280; // ~7 s at the limit
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Port = 0, Quiet = true, LatencyMs = 10,
            OperationRateLimits = new Dictionary<string, double> { ["CancelJobExecution"] = limit },
        });
        var things = Enumerable.Range(0, n).Select(i => "t" + i).ToArray();
        host.Store.Seed("j", things);
        using var client = Client(host, RetryModes.Adaptive);

        var failed = await CancelAll(client, "j", things, 16);

        Assert.Equal(0, failed);
        Assert.All(things, t => Assert.Equal("CANCELED", host.Store.DescribeJobExecution(t, "j").Status));
        var limiter = client.GetRateLimiter("CancelJobExecution")!;
        Assert.True(limiter.Enabled);
        Assert.InRange(limiter.FillRate, 0.5 * limit, 2 * limit);
        // Throttled attempts stay a small fraction: the limiter stays just under the limit, it does not hammer it.
        var sent = host.RequestCount("CancelJobExecution");
        Assert.True(sent < n * 1.3, $"{sent} cancels sent for {n} executions");
        // One cut per congestion event: the burst of throttles that answers one burst does not collapse the rate. (The
        // throughput reached is measured on a fake clock in AdaptiveRateLimiterTests.Simulation_SettlesAtTheServersLimit.)
        Assert.True(limiter.CutCount < limiter.ThrottleCount || limiter.ThrottleCount <= 1, $"{limiter.CutCount} cuts for {limiter.ThrottleCount} throttles");
    }

    [Fact]
    public async Task StandardMode_SameBurst_LetsThrottlingThrough()
    {
        // The control for the test above: without the limiter, 16 concurrent callers against 20/s exhaust 3 attempts.
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Port = 0, Quiet = true,
            OperationRateLimits = new Dictionary<string, double> { ["CancelJobExecution"] = 20 },
        });
        var things = Enumerable.Range(0, 120).Select(i => "t" + i).ToArray();
        host.Store.Seed("j", things);
        using var client = Client(host, RetryModes.Standard);
        Assert.Null(client.GetRateLimiter("CancelJobExecution"));

        var failed = await CancelAll(client, "j", things, 16);

        Assert.True(failed > 0, "standard mode with 3 attempts lets ThrottlingException through at this load");
    }

    [Fact]
    public async Task Adaptive_NoProgress_GivesUpWithinTheAttemptBudget()
    {
        // Nothing gets through (one call per 100 s): throttles are not free, so the call fails after MaxAttempts.
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Port = 0, Quiet = true, RateLimitBurst = 1,
            OperationRateLimits = new Dictionary<string, double> { ["DescribeJob"] = 0.01 },
        });
        host.Store.Seed("j", new[] { "t" });
        using var client = Client(host, RetryModes.Adaptive);
        await client.DescribeJobAsync("j"); // the bucket's one token
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j"));
        Assert.True(ex.IsThrottling);
        Assert.InRange(ex.Attempts, 3, 12);
    }
}
