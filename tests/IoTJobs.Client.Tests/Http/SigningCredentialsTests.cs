using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Http;

/// <summary>Credentials resolved at request time: a provider that fails is one CredentialsUnavailable error, and nothing is sent.</summary>
public class SigningCredentialsTests
{
    [Fact]
    public async Task FailingCredentialProvider_IsCredentialsUnavailable_NotRetried()
    {
        await using var server = ScriptedServer.Start(Reply.Ok());
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
