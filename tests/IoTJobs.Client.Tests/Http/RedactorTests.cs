using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Secrets;

namespace IoTJobs.Client.Tests.Http;

/// <summary>No secret in any message, service message, extra field or exception chain, whatever the service echoes.</summary>
public class RedactorTests
{
    [Fact]
    public async Task ServiceEchoingSecrets_IsRedactedInMessageExtraFieldsAndServiceMessage()
    {
        // A real InvalidSignatureException lists the canonical request, which includes x-amz-security-token's value.
        var body = $"{{\"message\":\"The Canonical String for this request should have been 'GET\\n/jobs/j1\\n\\nx-amz-security-token:{TestClients.SessionToken}\\n' secret {TestClients.SecretKey}\",\"detail\":\"{TestClients.SessionToken}\",\"auth\":\"AWS4-HMAC-SHA256 Credential=X, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}";
        await using var server = ScriptedServer.Start(Reply.Json(403, body, ("x-amzn-ErrorType", "InvalidSignatureException")));
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
        await using var server = ScriptedServer.Start(Reply.Drop());
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
        FakeClock? clock = null;
        await using var server = ScriptedServer.Start((_, _) =>
        {
            clock!.Advance(TimeSpan.FromMilliseconds(150)); // past the timeout, with no answer
            return Reply.After(TimeSpan.FromSeconds(30), Reply.Ok());
        });
        using var client = TestClients.For(server, out clock, o => { o.SessionToken = TestClients.SessionToken; o.MaxAttempts = 1; o.RequestTimeout = TimeSpan.FromMilliseconds(150); });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.Equal(ErrorCodes.RequestTimeout, ex.ErrorCode);
        AssertClean(Chain(ex));
    }
}
