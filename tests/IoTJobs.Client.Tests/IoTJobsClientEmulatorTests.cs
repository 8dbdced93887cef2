using IoTJobs.Client.Tests.Infrastructure;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Client.Tests;

/// <summary>
/// Every operation through the real client against the real emulator (Kestrel on 127.0.0.1, real SigV4 verification),
/// seeded through the emulator's in-process store.
/// </summary>
public sealed class IoTJobsClientEmulatorTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private readonly List<string> _log = new();

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Quiet = true });
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IoTJobsClient Client(Action<ClientOptions>? tweak = null)
    {
        var o = new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = _host.BaseAddress.ToString(), AccessKey = "test", SecretKey = "test", MaxAttempts = 3,
            RetryPolicy = new RetryPolicy(3, baseDelay: TimeSpan.FromMilliseconds(20)),
            Log = l => { lock (_log) _log.Add(l); },
        };
        tweak?.Invoke(o);
        return IoTJobsClient.Create(o);
    }

    private static Task<List<T>> All<T>(IAsyncEnumerable<T> e) => Items.All(e);

    [Fact]
    public async Task DescribeThing_And_ListThings()
    {
        _host.Store.CreateThing("dev:colon_1", "sensor", new Dictionary<string, string> { ["color"] = "red" });
        _host.Store.CreateThing("dev2", "sensor", new Dictionary<string, string> { ["color"] = "blue" });
        _host.Store.CreateThing("dev3");
        using var client = Client();
        var t = await client.DescribeThingAsync("dev:colon_1");
        Assert.Equal("dev:colon_1", t.ThingName);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:thing/dev:colon_1", t.ThingArn);
        Assert.Equal("sensor", t.ThingTypeName);
        Assert.Equal("red", t.Attributes!["color"]);
        Assert.NotNull(t.Version);

        Assert.Equal(new[] { "dev:colon_1", "dev2", "dev3" }, (await All(client.ListThingsAsync(new ListThingsRequest { PageSize = 2 }))).Select(x => x.ThingName));
        Assert.Equal(2, _host.RequestCount("ListThings"));
        Assert.Equal(new[] { "dev2" }, (await All(client.ListThingsAsync(new ListThingsRequest { AttributeName = "color", AttributeValue = "bl", UsePrefixAttributeValue = true }))).Select(x => x.ThingName));
        Assert.Equal(new[] { "dev:colon_1", "dev2" }, (await All(client.ListThingsAsync(new ListThingsRequest { ThingTypeName = "sensor" }))).Select(x => x.ThingName));
    }

    [Fact]
    public async Task DescribeJob_ListJobs_CancelJob()
    {
        _host.Store.Seed("job-a", new[] { "a1", "a2", "a3" }, inProgress: new[] { "a2" });
        _host.Store.Seed("job-b", new[] { "b1" });
        using var client = Client();
        var job = await client.DescribeJobAsync("job-a");
        Assert.Equal("job-a", job.JobId);
        Assert.Equal("IN_PROGRESS", job.Status);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:job/job-a", job.JobArn);
        Assert.Equal(3, job.Targets!.Count);
        Assert.Equal(2, job.ProcessDetails!.NumberOfQueuedThings);
        Assert.Equal(1, job.ProcessDetails.NumberOfInProgressThings);
        Assert.NotNull(job.CreatedAt);

        var jobs = await All(client.ListJobsAsync(new ListJobsRequest { PageSize = 1 }));
        Assert.Equal(new[] { "job-a", "job-b" }, jobs.Select(j => j.JobId).OrderBy(x => x));

        var result = await client.CancelJobAsync(new CancelJobRequest { JobId = "job-a", Force = true, ReasonCode = "OPERATOR", Comment = "stop it" });
        Assert.Equal("job-a", result.JobId);
        var after = await client.DescribeJobAsync("job-a");
        Assert.Equal("CANCELED", after.Status);
        Assert.Equal("OPERATOR", after.ReasonCode);
        Assert.Equal("stop it", after.Comment);
        Assert.True(after.ForceCanceled);
        Assert.Equal(new[] { "job-a" }, (await All(client.ListJobsAsync(new ListJobsRequest { Status = "CANCELED" }))).Select(j => j.JobId));
    }

    [Fact]
    public async Task JobExecutions_DescribeListCancel_WithColonThingName()
    {
        _host.Store.Seed("job1", new[] { "dev:1", "dev2", "dev3" }, inProgress: new[] { "dev2" });
        using var client = Client();

        var forJob = await All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "job1", PageSize = 2 }));
        Assert.Equal(3, forJob.Count);
        Assert.Contains(forJob, s => s.ThingArn == "arn:aws:iot:us-east-1:123456789012:thing/dev:1" && s.Status == "QUEUED");
        Assert.Single(await All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "job1", Status = "IN_PROGRESS" })));

        var forThing = Assert.Single(await All(client.ListJobExecutionsForThingAsync(new ListJobExecutionsForThingRequest { ThingName = "dev:1" })));
        Assert.Equal("job1", forThing.JobId);

        var before = await client.DescribeJobExecutionAsync("dev:1", "job1");
        Assert.Equal("QUEUED", before.Status);
        Assert.NotNull(before.VersionNumber);

        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest
        {
            ThingName = "dev:1", JobId = "job1", ExpectedVersion = before.VersionNumber,
            StatusDetails = new Dictionary<string, string> { ["reason"] = "e2e" },
        });
        var canceled = await client.DescribeJobExecutionAsync("dev:1", "job1", before.ExecutionNumber);
        Assert.Equal("CANCELED", canceled.Status);
        Assert.Equal("e2e", canceled.StatusDetails!["reason"]);
        Assert.Equal("CANCELED", _host.Store.DescribeJobExecution("dev:1", "job1").Status);

        // Canceling a terminal execution is an error in AWS IoT, not a no-op.
        var again = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "dev:1", JobId = "job1" }));
        Assert.Equal(ErrorCodes.InvalidStateTransitionException, again.ErrorCode);
        Assert.Equal(409, again.StatusCode);
        Assert.Equal(1, again.Attempts);
    }

    [Fact]
    public async Task InProgress_NeedsForce_AndVersionConflictCarriesExtraFields()
    {
        _host.Store.Seed("job2", new[] { "t1", "t2" }, inProgress: new[] { "t1" });
        using var client = Client();
        var noForce = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t1", JobId = "job2" }));
        Assert.Equal(ErrorCodes.InvalidStateTransitionException, noForce.ErrorCode);

        var conflict = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t2", JobId = "job2", ExpectedVersion = 999 }));
        Assert.Equal(ErrorCodes.VersionConflictException, conflict.ErrorCode);
        Assert.Equal(409, conflict.StatusCode);
        Assert.False(string.IsNullOrEmpty(conflict.RequestId));

        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t1", JobId = "job2", Force = true });
        var e = await client.DescribeJobExecutionAsync("t1", "job2");
        Assert.Equal("CANCELED", e.Status);
        Assert.True(e.ForceCanceled);
    }

    [Fact]
    public async Task NotFound_Is404ResourceNotFound()
    {
        using var client = Client();
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("nope"));
        Assert.Equal(ErrorCodes.ResourceNotFoundException, ex.ErrorCode);
        Assert.Equal(404, ex.StatusCode);
        var ex2 = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeThingAsync("nothing:here"));
        Assert.Equal(ErrorCodes.ResourceNotFoundException, ex2.ErrorCode);
    }

    [Fact]
    public async Task WrongSecret_IsRejectedBySignatureVerification()
    {
        using var client = Client(o => o.SecretKey = "not-the-right-secret");
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeThingAsync("x"));
        Assert.Equal(403, ex.StatusCode);
        Assert.Contains(ex.ErrorCode, new[] { ErrorCodes.InvalidSignatureException, ErrorCodes.SignatureDoesNotMatch, ErrorCodes.UnrecognizedClientException });
        Assert.Equal(1, ex.Attempts);
        Assert.DoesNotContain("not-the-right-secret", ex.ToString());
    }

    [Fact]
    public async Task LazyPaging_AgainstEmulator_CountsRequests()
    {
        _host.Store.Seed("bigjob", Enumerable.Range(0, 30).Select(i => $"thing-{i:00}").ToList());
        using var client = Client();
        int n = 0;
        await foreach (var _ in client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "bigjob", PageSize = 10 }))
            if (++n == 5) break;
        Assert.Equal(1, _host.RequestCount("ListJobExecutionsForJob"));
        Assert.Equal(30, (await All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "bigjob", PageSize = 10 }))).Count);
        Assert.Equal(4, _host.RequestCount("ListJobExecutionsForJob"));
    }
}

/// <summary>Throttling by the emulator's rate limiter is retried by the client (standard mode).</summary>
public sealed class IoTJobsClientEmulatorThrottlingTests
{
    [Fact]
    public async Task Throttled_Requests_AreRetried_UntilTheyPass()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Quiet = true, RateLimit = 5, RateLimitBurst = 1 });
        host.Store.Seed("j", new[] { "t" });
        var log = new List<string>();
        using var client = IoTJobsClient.Create(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = host.BaseAddress.ToString(), AccessKey = "test", SecretKey = "test", MaxAttempts = 10,
            RetryPolicy = new RetryPolicy(10, baseDelay: TimeSpan.FromMilliseconds(100)),
            Log = l => { lock (log) log.Add(l); },
        });
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.DescribeJobExecutionAsync("t", "j")));
        Assert.All(results, r => Assert.Equal("QUEUED", r.Status));
        Assert.Contains(log, l => l.Contains("-> 400"));   // some were throttled (ThrottlingException is HTTP 400)...
        Assert.True(host.RequestCount("DescribeJobExecution") > 6); // ...and retried
    }
}
