using System.Diagnostics;
using IoTJobs.Client.Tests.Infrastructure;
using IoTJobs.Emulator;

namespace IoTJobs.Client.Tests;

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
        RetryStrategy = new StandardRetryStrategy(3, baseDelay: TimeSpan.FromMilliseconds(20)),
    });

    private static async Task<(int Failed, TimeSpan Elapsed)> CancelAll(IoTJobsClient client, string job, string[] things, int concurrency)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(things);
        int failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var thing))
            {
                try { await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = thing, JobId = job }); }
                catch (IoTServiceException ex) when (ex.IsThrottling) { Interlocked.Increment(ref failed); }
            }
        }));
        return (failed, clock.Elapsed);
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

        var (failed, elapsed) = await CancelAll(client, "j", things, 16);

        Assert.Equal(0, failed);
        Assert.All(things, t => Assert.Equal("CANCELED", host.Store.DescribeJobExecution(t, "j").Status));
        var rate = n / elapsed.TotalSeconds;
        // The first second's burst (the bucket starts full) lifts the average a little above the limit; losing more
        // than 15% would mean the limiter bounces off the limit instead of settling under it.
        Assert.InRange(rate, 0.85 * limit, 1.25 * limit);
        var limiter = client.GetRateLimiter("CancelJobExecution")!;
        Assert.True(limiter.Enabled);
        Assert.InRange(limiter.FillRate, 0.5 * limit, 2 * limit);
        // Throttled attempts stay a small fraction: the limiter stays just under the limit, it does not hammer it.
        var sent = host.RequestCount("CancelJobExecution");
        Assert.True(sent < n * 1.3, $"{sent} cancels sent for {n} executions");
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

        var (failed, _) = await CancelAll(client, "j", things, 16);

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

/// <summary>Retry mode resolution: option, AWS_RETRY_MODE, default; bad values named.</summary>
[Collection("Environment")]
public sealed class RetryModeResolutionTests
{
    [Fact]
    public void Option_ThenEnvironment_ThenDefault()
    {
        using var env = new EnvScope();
        var o = new ClientOptions { Region = "us-east-1", AccessKey = "a", SecretKey = "b" };
        Assert.Equal((RetryModes.Standard, "default"), (ClientSettingsResolver.Resolve(o).RetryMode, ClientSettingsResolver.Resolve(o).RetryModeSource));
        o.DefaultRetryMode = RetryModes.Adaptive;
        Assert.Equal(RetryModes.Adaptive, ClientSettingsResolver.Resolve(o).RetryMode);
        Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "legacy");
        try
        {
            Assert.Equal((RetryModes.Standard, "environment variable AWS_RETRY_MODE"), (ClientSettingsResolver.Resolve(o).RetryMode, ClientSettingsResolver.Resolve(o).RetryModeSource));
            o.RetryMode = "Adaptive";
            Assert.Equal((RetryModes.Adaptive, "parameter"), (ClientSettingsResolver.Resolve(o).RetryMode, ClientSettingsResolver.Resolve(o).RetryModeSource));
            o.RetryMode = null;
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "turbo");
            var ex = Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(o));
            Assert.Contains("AWS_RETRY_MODE", ex.Message);
            Assert.Contains("'turbo'", ex.Message);
            Assert.Contains("adaptive", ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", null);
        }
    }
}
