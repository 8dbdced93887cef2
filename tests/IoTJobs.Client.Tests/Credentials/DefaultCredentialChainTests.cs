using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Credentials;

/// <summary>The default chain's order (environment keys, profile, web identity, container) and its errors. Not parallel.</summary>
[Collection("Environment")]
public class DefaultCredentialChainTests
{
    [Fact]
    public void TheDefaultChain_EnvironmentKeys_ThenProfile_ThenWebIdentity_ThenContainer()
    {
        using var env = new EnvScope()
            .Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds")
            .Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/Pod").Set("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token")
            .WriteCredentials("[default]\naws_access_key_id = AKIDDEFAULT000001\naws_secret_access_key = default-secret-00001\n" +
                              "[picked]\naws_access_key_id = AKIDPICKED0000001\naws_secret_access_key = picked-secret-000001\n");
        string Source() => ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1" }).CredentialSource;
        env.Set("AWS_ACCESS_KEY_ID", "AKIDENV0000000001").Set("AWS_SECRET_ACCESS_KEY", "env-secret-000000001");
        Assert.StartsWith("environment variables", Source());
        env.Set("AWS_ACCESS_KEY_ID", null).Set("AWS_SECRET_ACCESS_KEY", null).Set("AWS_PROFILE", "picked");
        Assert.Equal("profile 'picked' (from AWS_PROFILE) (static keys)", Source());
        env.Set("AWS_PROFILE", null);
        Assert.Equal("profile 'default' (static keys)", Source());
        env.WriteCredentials("");
        Assert.StartsWith("web identity from the environment: role arn:aws:iam::1:role/Pod", Source());
        env.Set("AWS_ROLE_ARN", null);
        Assert.StartsWith("container credentials from http://127.0.0.1:1/creds (AWS_CONTAINER_CREDENTIALS_FULL_URI)", Source());
    }

    [Fact]
    public void AwsProfileNamingAMissingProfile_IsAnErrorNamingTheVariable()
    {
        using var env = new EnvScope().Set("AWS_PROFILE", "gone");
        var ex = Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1" }));
        Assert.Contains("'gone'", ex.Message);
        Assert.Contains("AWS_PROFILE", ex.Message);
    }
}
