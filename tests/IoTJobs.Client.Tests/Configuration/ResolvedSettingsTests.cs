using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Secrets;

namespace IoTJobs.Client.Tests.Configuration;

/// <summary>What the resolved settings say of themselves (for -Verbose) holds no secret. Reads the environment: not parallel.</summary>
[Collection("Environment")]
public class ResolvedSettingsTests
{
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
}
