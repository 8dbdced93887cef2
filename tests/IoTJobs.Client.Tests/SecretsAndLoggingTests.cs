using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>One log line per request sent; no secret in any log line, message or exception chain.</summary>
public class SecretsAndLoggingTests
{
    private static void AssertClean(string text)
    {
        Assert.DoesNotContain(TestClients.SecretKey, text);
        Assert.DoesNotContain(Uri.EscapeDataString(TestClients.SecretKey), text);
        Assert.DoesNotContain(TestClients.SessionToken, text);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("Signature=[0-9a-f]{64}", text);
    }

    private static string Chain(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e != null; e = e.InnerException) parts.Add(e.ToString());
        return string.Join("\n", parts);
    }

    [Fact]
    public async Task Log_OneLinePerAttempt_WithMethodPathStatusAttemptElapsed()
    {
        var log = new List<string>();
        await using var server = FakeServer.Start(Reply.Error(400, "ThrottlingException", "Rate exceeded"), Reply.Ok());
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken, log);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "a:b", JobId = "j1", Force = true });
        Assert.Equal(2, log.Count);
        Assert.Matches(@"^PUT /things/a%3Ab/jobs/j1/cancel\?force=true -> 400 Bad Request \(attempt 1/3, \d+ ms\)$", log[0]);
        Assert.Matches(@"^PUT /things/a%3Ab/jobs/j1/cancel\?force=true -> 200 OK \(attempt 2/3, \d+ ms\)$", log[1]);
        foreach (var line in log) AssertClean(line);
    }

    [Fact]
    public async Task ServiceEchoingSecrets_IsRedactedInMessageExtraFieldsAndServiceMessage()
    {
        // A real InvalidSignatureException lists the canonical request, which includes x-amz-security-token's value.
        var body = $"{{\"message\":\"The Canonical String for this request should have been 'GET\\n/jobs/j1\\n\\nx-amz-security-token:{TestClients.SessionToken}\\n' secret {TestClients.SecretKey}\",\"detail\":\"{TestClients.SessionToken}\",\"auth\":\"AWS4-HMAC-SHA256 Credential=X, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}";
        await using var server = FakeServer.Start(Reply.Json(403, body, ("x-amzn-ErrorType", "InvalidSignatureException")));
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.Equal("InvalidSignatureException", ex.ErrorCode);
        Assert.Contains("***", ex.Message);
        AssertClean(Chain(ex));
        AssertClean(ex.ServiceMessage!);
        Assert.Equal("***", ex.ExtraFields!["detail"]);
        Assert.DoesNotMatch("Signature=[0-9a-f]{64}", ex.ExtraFields["auth"]);
    }

    [Fact]
    public async Task TransportFailures_HaveNoSecretAndNoRawInnerException()
    {
        var log = new List<string>();
        await using var server = FakeServer.Start(Reply.Drop());
        using var client = TestClients.For(server, o => { o.SessionToken = TestClients.SessionToken; o.MaxAttempts = 2; }, log);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobAsync(new CancelJobRequest { JobId = "j1" }));
        Assert.Null(ex.InnerException);
        AssertClean(Chain(ex));
        foreach (var line in log) AssertClean(line);
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task Timeouts_HaveNoSecret()
    {
        await using var server = FakeServer.Start(Reply.After(TimeSpan.FromSeconds(5), Reply.Ok()));
        using var client = TestClients.For(server, o => { o.SessionToken = TestClients.SessionToken; o.MaxAttempts = 1; o.RequestTimeout = TimeSpan.FromMilliseconds(150); });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        AssertClean(Chain(ex));
    }

    [Fact]
    public void ResolvedSettings_ToString_HasNoSecret()
    {
        var s = ClientSettingsResolver.Resolve(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", AccessKey = TestClients.AccessKey, SecretKey = TestClients.SecretKey, SessionToken = TestClients.SessionToken, MaxAttempts = 2,
        });
        AssertClean(s.ToString());
        AssertClean(s.CredentialSource);
        Assert.Equal("explicit access key with session token", s.CredentialSource);
    }

    [Fact]
    public async Task ThrowingLogSink_DoesNotFailTheRequest()
    {
        await using var server = FakeServer.Start(Reply.Ok());
        using var client = TestClients.For(server, o => o.Log = _ => throw new InvalidOperationException("sink broken"));
        await client.DescribeJobAsync("j1");
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task FailingCredentialProvider_IsCredentialsUnavailable_NotRetried()
    {
        await using var server = FakeServer.Start(Reply.Ok());
        using var client = TestClients.For(server, o => { o.AccessKey = null; o.SecretKey = null; o.Credentials = new BrokenCredentials(); });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.Equal(ErrorCodes.CredentialsUnavailable, ex.ErrorCode);
        Assert.Contains("sso session expired", ex.Message);
        Assert.Equal(0, server.Count);
    }

    private sealed class BrokenCredentials : Amazon.Runtime.AWSCredentials
    {
        public override Amazon.Runtime.ImmutableCredentials GetCredentials() => throw new InvalidOperationException("sso session expired");
    }
}
