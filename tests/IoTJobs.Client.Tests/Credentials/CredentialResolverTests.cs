using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Credentials;

/// <summary>Which credentials ClientOptions mean, each precedence step, and the errors naming what is missing. Environment-mutating: not parallel.</summary>
[Collection("Environment")]
public class CredentialResolverTests
{
    private static ClientOptions Explicit() => new() { AccessKey = "AKIDEXPLICIT", SecretKey = "explicit-secret-key-1" , Region = "us-east-1" };

    private static IoTJobsConfigurationException ConfigError(ClientOptions o) => Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(o));

    [Fact]
    public void Credentials_ExplicitObject_WinsOverKeys()
    {
        using var env = new EnvScope();
        var creds = new BasicAWSCredentials("AKIDOBJECT", "object-secret-key-1");
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Credentials = creds, AccessKey = "AKIDX", SecretKey = "y", Region = "us-east-1" });
        Assert.Same(creds, s.Credentials);
        Assert.Equal("explicit credentials object (BasicAWSCredentials)", s.CredentialSource);
    }

    [Fact]
    public void Credentials_AccessKeyAndSecret_WinOverProfileAndEnvironment()
    {
        using var env = new EnvScope().Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret-key-0001")
            .WriteCredentials("[p1]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret-0001\n");
        var o = Explicit();
        o.ProfileName = "p1";
        var s = ClientSettingsResolver.Resolve(o);
        Assert.Equal("AKIDEXPLICIT", s.Credentials.GetCredentials().AccessKey);
        Assert.Equal("explicit access key", s.CredentialSource);
    }

    [Fact]
    public void Credentials_SessionToken_IsKept()
    {
        using var env = new EnvScope();
        var o = Explicit();
        o.SessionToken = "the-session-token-123";
        var s = ClientSettingsResolver.Resolve(o);
        Assert.Equal("the-session-token-123", s.Credentials.GetCredentials().Token);
        Assert.Equal("explicit access key with session token", s.CredentialSource);
    }

    [Fact]
    public void Credentials_SecretWithoutAccessKey_Fails()
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { SecretKey = "only-a-secret-key-123", Region = "us-east-1" });
        Assert.Equal("Credentials", ex.Setting);
        Assert.Contains("-AccessKey", ex.Message);
        Assert.DoesNotContain("only-a-secret-key-123", ex.Message);
    }

    [Fact]
    public void Credentials_AccessKeyWithoutSecret_FailsNamingTheAccessKey()
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { AccessKey = "AKIDLONELY", Region = "us-east-1" });
        Assert.Contains("AKIDLONELY", ex.Message);
        Assert.Contains("-SecretKey", ex.Message);
    }

    [Fact]
    public void Credentials_SessionTokenAlone_Fails()
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { SessionToken = "lonely-token-value-1", Region = "us-east-1" });
        Assert.Contains("session token", ex.Message);
        Assert.DoesNotContain("lonely-token-value-1", ex.Message);
    }

    [Fact]
    public void Credentials_NamedProfile_WinsOverEnvironment()
    {
        using var env = new EnvScope().Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret-key-0001")
            .WriteCredentials("[p1]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret-0001\n");
        var s = ClientSettingsResolver.Resolve(new ClientOptions { ProfileName = "p1", Region = "us-east-1" });
        Assert.Equal("AKIDPROFILE", s.Credentials.GetCredentials().AccessKey);
        Assert.Equal("profile 'p1' (static keys)", s.CredentialSource);
    }

    [Fact]
    public void Credentials_UnknownProfile_FailsNamingIt()
    {
        using var env = new EnvScope().WriteCredentials("[p1]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret-0001\n");
        var ex = ConfigError(new ClientOptions { ProfileName = "nosuchprofile", Region = "us-east-1" });
        Assert.Equal("Credentials", ex.Setting);
        Assert.Contains("'nosuchprofile'", ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void Credentials_DefaultChain_FromEnvironment()
    {
        using var env = new EnvScope().Set("AWS_ACCESS_KEY_ID", "AKIDENVCHAIN").Set("AWS_SECRET_ACCESS_KEY", "env-secret-key-0002");
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1" });
        Assert.Equal("AKIDENVCHAIN", s.Credentials.GetCredentials().AccessKey);
        Assert.Equal("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", s.CredentialSource);
    }

    [Fact]
    public void Credentials_DefaultChain_FromDefaultProfile()
    {
        using var env = new EnvScope().WriteCredentials("[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret-0001\n");
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1" });
        Assert.Equal("AKIDDEFAULTPROFILE", s.Credentials.GetCredentials().AccessKey);
        Assert.Equal("profile 'default' (static keys)", s.CredentialSource);
    }

    [Fact]
    public void Credentials_NoneAnywhere_FailsSayingHow()
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { Region = "us-east-1" });
        Assert.Equal("Credentials", ex.Setting);
        foreach (var hint in new[] { "-AccessKey", "-SecretKey", "-ProfileName", "-Credential", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
            Assert.Contains(hint, ex.Message);
    }
}
