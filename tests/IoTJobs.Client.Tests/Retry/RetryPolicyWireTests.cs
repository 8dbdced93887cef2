using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Retry;

/// <summary>AWS standard retry mode as a scripted server sees it: what is retried, how often, and the backoff between.</summary>
public class RetryPolicyWireTests
{
    private static Task Describe(IoTJobsClient c, CancellationToken ct = default) => c.DescribeJobAsync("j1", ct);

    [Fact]
    public async Task Throttling400_IsRetried_ThenSucceeds()
    {
        await using var server = ScriptedServer.Start(Reply.Error(400, "ThrottlingException", "Rate exceeded"), Reply.Ok("{\"job\":{\"jobId\":\"j1\"}}"));
        using var client = TestClients.For(server, out var clock);
        var job = await client.DescribeJobAsync("j1");
        Assert.Equal("j1", job.JobId);
        Assert.Equal(2, server.Count);
        Assert.Single(clock.Delays); // one backoff before the retry
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task TransientStatuses_AreRetried(int status)
    {
        await using var server = ScriptedServer.Start(Reply.Raw(status, "text/plain", "x"), Reply.Ok());
        using var client = TestClients.For(server);
        await Describe(client);
        Assert.Equal(2, server.Count);
    }

    [Theory]
    [InlineData(404, "ResourceNotFoundException")]
    [InlineData(409, "InvalidStateTransitionException")]
    [InlineData(400, "InvalidRequestException")]
    [InlineData(403, "InvalidSignatureException")]
    [InlineData(409, "VersionConflictException")]
    public async Task ClientErrors_AreNotRetried(int status, string code)
    {
        await using var server = ScriptedServer.Start(Reply.Error(status, code, "no"), Reply.Ok());
        using var client = TestClients.For(server, out var clock);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(1, server.Count);
        Assert.Equal(1, ex.Attempts);
        Assert.False(ex.PreviousAttemptOutcomeUnknown);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Exhausted_ThrowsLastErrorWithAttemptCount()
    {
        await using var server = ScriptedServer.Start(Reply.Error(400, "ThrottlingException", "Rate exceeded"));
        using var client = TestClients.For(server, out var clock);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal("ThrottlingException", ex.ErrorCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, server.Count);
        Assert.False(ex.PreviousAttemptOutcomeUnknown); // throttled attempts were certainly not applied
        // Full jitter: each delay is at most 2^(n-1) s.
        Assert.Equal(2, clock.Delays.Count);
        Assert.InRange(clock.Delays[0].TotalSeconds, 0, 1);
        Assert.InRange(clock.Delays[1].TotalSeconds, 0, 2);
    }

    [Fact]
    public async Task MaxAttemptsOption_IsHonoured()
    {
        await using var server = ScriptedServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"));
        using var client = TestClients.For(server, o => o.MaxAttempts = 5);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(5, server.Count);
        Assert.Equal(5, ex.Attempts);
    }

    [Fact]
    public async Task MaxAttemptsOne_MeansNoRetry()
    {
        await using var server = ScriptedServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"), Reply.Ok());
        using var client = TestClients.For(server, o => o.MaxAttempts = 1);
        await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task CancelAfterAmbiguousFailure_ReportsPreviousAttemptOutcomeUnknown()
    {
        // The first cancel was applied but its response was lost (500 from a proxy); the retry meets 409.
        await using var server = ScriptedServer.Start(Reply.Raw(502, "text/html", "<html>bad gateway</html>"),
            Reply.Error(409, "InvalidStateTransitionException", "execution is CANCELED"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" }));
        Assert.Equal("InvalidStateTransitionException", ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
        Assert.True(ex.PreviousAttemptOutcomeUnknown);
        Assert.Contains("earlier attempts failed with HttpStatus502", ex.Message);
    }

    [Fact]
    public async Task ThrottledThenConflict_OutcomeIsKnown()
    {
        await using var server = ScriptedServer.Start(Reply.Error(400, "ThrottlingException", "slow"), Reply.Error(409, "InvalidStateTransitionException", "in progress"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" }));
        Assert.Equal(2, ex.Attempts);
        Assert.False(ex.PreviousAttemptOutcomeUnknown);
    }

    [Fact]
    public async Task UserCancellation_DuringBackoff_EndsTheWait_AndSendsNothingMore()
    {
        await using var server = ScriptedServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"), Reply.Ok());
        // A clock that never moves by itself: the backoff waits until the test cancels it.
        using var client = TestClients.For(server, out var clock, o => o.RetryPolicy = new RetryPolicy(3, random: () => 0.999));
        clock.AutoAdvance = false;
        using var cts = new CancellationTokenSource();
        var task = Describe(client, cts.Token);
        await clock.DelayRequested();
        Assert.False(task.IsCompleted, "the call is waiting in its backoff");
        Assert.Equal(0.999, Assert.Single(clock.Delays).TotalSeconds, 3);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(1, server.Count);
    }
}
