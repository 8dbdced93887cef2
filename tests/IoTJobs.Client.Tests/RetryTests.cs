using System.Diagnostics;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>AWS standard retry mode: what is retried, how often, and cancellation.</summary>
public class RetryTests
{
    private static Task Describe(IoTJobsClient c, CancellationToken ct = default) => c.DescribeJobAsync("j1", ct);

    [Fact]
    public async Task Throttling400_IsRetried_ThenSucceeds()
    {
        await using var server = FakeServer.Start(Reply.Error(400, "ThrottlingException", "Rate exceeded"), Reply.Ok("{\"job\":{\"jobId\":\"j1\"}}"));
        using var client = TestClients.For(server);
        var job = await client.DescribeJobAsync("j1");
        Assert.Equal("j1", job.JobId);
        Assert.Equal(2, server.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task TransientStatuses_AreRetried(int status)
    {
        await using var server = FakeServer.Start(Reply.Raw(status, "text/plain", "x"), Reply.Ok());
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
        await using var server = FakeServer.Start(Reply.Error(status, code, "no"), Reply.Ok());
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(1, server.Count);
        Assert.Equal(1, ex.Attempts);
        Assert.False(ex.PreviousAttemptOutcomeUnknown);
    }

    // PUT is used for dropped connections: .NET's SocketsHttpHandler itself silently resends a body-less GET whose
    // connection died before any response byte, which would blur the count of the client's own attempts.
    private static Task Cancel(IoTJobsClient c, CancellationToken ct = default) =>
        c.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" }, ct);

    [Fact]
    public async Task DroppedConnection_IsRetried_ThenSucceeds()
    {
        var log = new List<string>();
        await using var server = FakeServer.Start(Reply.Drop(), Reply.Ok());
        using var client = TestClients.For(server, log: log);
        await Cancel(client);
        Assert.Equal(2, server.Count);
        Assert.Contains("ConnectionFailure (attempt 1/3", log[0]);
        Assert.Contains("200 OK (attempt 2/3", log[1]);
    }

    [Fact]
    public async Task DroppedConnections_Exhausted_ConnectionFailureWithAttempts()
    {
        await using var server = FakeServer.Start(Reply.Drop());
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Cancel(client));
        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Equal(0, ex.StatusCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, server.Count);
        Assert.True(ex.PreviousAttemptOutcomeUnknown);
        Assert.Contains("CancelJobExecution", ex.Message);
    }

    [Fact]
    public async Task DroppedConnection_Get_IsStillRecoveredAndReported()
    {
        await using var server = FakeServer.Start(Reply.Drop());
        using var client = TestClients.For(server, o => o.MaxAttempts = 2);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
    }

    [Fact]
    public async Task ConnectionRefused_IsConnectionFailure()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        using var client = IoTJobsClient.Create(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = $"http://127.0.0.1:{port}", AccessKey = TestClients.AccessKey, SecretKey = TestClients.SecretKey,
            MaxAttempts = 2, RetryStrategy = new StandardRetryStrategy(2, baseDelay: TimeSpan.FromMilliseconds(1)),
        });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
    }

    [Fact]
    public async Task PerAttemptTimeout_IsRetried_ThenSucceeds()
    {
        // The per-attempt timeout is generous enough that a loaded CI machine does not time out the second attempt
        // too; a third request is tolerated for the same reason (it would only mean the retry itself was slow).
        await using var server = FakeServer.Start(Reply.After(TimeSpan.FromSeconds(10), Reply.Ok()), Reply.Ok());
        using var client = TestClients.For(server, o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        var sw = Stopwatch.StartNew();
        await Describe(client);
        Assert.InRange(server.Count, 2, 3);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(8), sw.Elapsed.ToString());
    }

    [Fact]
    public async Task AllAttemptsTimeOut_RequestTimeoutError()
    {
        await using var server = FakeServer.Start(Reply.After(TimeSpan.FromSeconds(5), Reply.Ok()));
        using var client = TestClients.For(server, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.MaxAttempts = 2; });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(ErrorCodes.RequestTimeout, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
        Assert.True(ex.PreviousAttemptOutcomeUnknown);
        Assert.Contains("0.2 s", ex.Message);
    }

    [Fact]
    public async Task Exhausted_ThrowsLastErrorWithAttemptCount()
    {
        await using var server = FakeServer.Start(Reply.Error(400, "ThrottlingException", "Rate exceeded"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal("ThrottlingException", ex.ErrorCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, server.Count);
        Assert.False(ex.PreviousAttemptOutcomeUnknown); // throttled attempts were certainly not applied
    }

    [Fact]
    public async Task MaxAttemptsOption_IsHonoured()
    {
        await using var server = FakeServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"));
        using var client = TestClients.For(server, o => { o.MaxAttempts = 5; o.RetryStrategy = new StandardRetryStrategy(5, baseDelay: TimeSpan.FromMilliseconds(1)); });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(5, server.Count);
        Assert.Equal(5, ex.Attempts);
    }

    [Fact]
    public async Task MaxAttemptsOne_MeansNoRetry()
    {
        await using var server = FakeServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"), Reply.Ok());
        using var client = TestClients.For(server, o => o.MaxAttempts = 1);
        await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task CancelAfterAmbiguousFailure_ReportsPreviousAttemptOutcomeUnknown()
    {
        // The first cancel was applied but its response was lost (500 from a proxy); the retry meets 409.
        await using var server = FakeServer.Start(Reply.Raw(502, "text/html", "<html>bad gateway</html>"),
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
        await using var server = FakeServer.Start(Reply.Error(400, "ThrottlingException", "slow"), Reply.Error(409, "InvalidStateTransitionException", "in progress"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" }));
        Assert.Equal(2, ex.Attempts);
        Assert.False(ex.PreviousAttemptOutcomeUnknown);
    }

    [Fact]
    public async Task UserCancellation_DuringRequest_ThrowsPromptly_NotRetried()
    {
        await using var server = FakeServer.Start(Reply.After(TimeSpan.FromSeconds(10), Reply.Ok()));
        using var client = TestClients.For(server);
        using var cts = new CancellationTokenSource();
        var task = Describe(client, cts.Token);
        // Cancel once the request is really in flight (on a loaded machine a fixed delay may fire before it is sent).
        var wait = Stopwatch.StartNew();
        while (server.Count == 0 && wait.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        var sw = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), sw.Elapsed.ToString());
        await Task.Delay(100);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task UserCancellation_DuringBackoff_ThrowsPromptly()
    {
        await using var server = FakeServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"), Reply.Ok());
        using var client = TestClients.For(server, o => o.RetryStrategy = new FixedDelayStrategy(TimeSpan.FromSeconds(30)));
        using var cts = new CancellationTokenSource();
        var sw = Stopwatch.StartNew();
        var task = Describe(client, cts.Token);
        while (server.Count == 0 && sw.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(10);
        await Task.Delay(100);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), sw.Elapsed.ToString());
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task AlreadyCanceledToken_SendsNothing()
    {
        await using var server = FakeServer.Start(Reply.Ok());
        using var client = TestClients.For(server);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Describe(client, new CancellationToken(true)));
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public void StandardBackoff_FullJitterCappedExponential()
    {
        var max = new StandardRetryStrategy(10, random: () => 0.999999);
        Assert.InRange(max.ComputeDelay(1).TotalSeconds, 0.99, 1.0);
        Assert.InRange(max.ComputeDelay(2).TotalSeconds, 1.99, 2.0);
        Assert.InRange(max.ComputeDelay(3).TotalSeconds, 3.99, 4.0);
        Assert.Equal(20, max.ComputeDelay(6).TotalSeconds, 3); // 32 s capped at 20 s
        Assert.Equal(20, max.ComputeDelay(9).TotalSeconds, 3);
        var zero = new StandardRetryStrategy(10, random: () => 0);
        Assert.Equal(TimeSpan.Zero, zero.ComputeDelay(5));
        var real = new StandardRetryStrategy(10);
        var samples = Enumerable.Range(0, 200).Select(_ => real.ComputeDelay(2).TotalSeconds).ToList();
        Assert.All(samples, s => Assert.InRange(s, 0, 2));
        Assert.True(samples.Distinct().Count() > 100); // jittered, not constant
    }

    [Fact]
    public void StandardStrategy_GivesUpAtMaxAttempts_AndOnNonRetryable()
    {
        var s = new StandardRetryStrategy(3, random: () => 0.5);
        var throttled = new IoTServiceException("ThrottlingException", 400, "m", null);
        Assert.NotNull(s.GetRetryDelay(throttled, 1));
        Assert.NotNull(s.GetRetryDelay(throttled, 2));
        Assert.Null(s.GetRetryDelay(throttled, 3));
        Assert.Null(s.GetRetryDelay(new IoTServiceException("ResourceNotFoundException", 404, "m", null), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StandardRetryStrategy(0));
    }

    private sealed class FixedDelayStrategy(TimeSpan delay) : IRetryStrategy
    {
        public int MaxAttempts => 3;
        public TimeSpan? GetRetryDelay(IoTServiceException error, int attemptsMade) => delay;
    }
}
