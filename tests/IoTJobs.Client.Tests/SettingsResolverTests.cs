using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>Each precedence step of credential, region, endpoint and max-attempts resolution. Environment-mutating: not parallel.</summary>
[Collection("Environment")]
public class SettingsResolverTests
{
    private static ClientOptions Explicit() => new() { AccessKey = "AKIDEXPLICIT", SecretKey = "explicit-secret-key-1" , Region = "us-east-1" };

    private static IoTJobsConfigurationException ConfigError(ClientOptions o) => Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(o));

    // ---------------- credentials

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

    // ---------------- region

    [Fact]
    public void Region_Precedence_ExplicitThenAwsRegionThenDefaultRegionThenProfile()
    {
        using var env = new EnvScope().WriteConfig("[default]\nregion = ap-south-1\n[profile p2]\nregion = sa-east-1\n")
            .WriteCredentials("[p2]\naws_access_key_id = AKIDP2\naws_secret_access_key = p2-secret-key-0001\n");
        ClientOptions O(string? region = null, string? profile = null) => new() { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = region, ProfileName = profile };

        Assert.Equal(("ap-south-1", "profile 'default'"), Pick(ClientSettingsResolver.Resolve(O())));
        Assert.Equal(("sa-east-1", "profile 'p2'"), Pick(ClientSettingsResolver.Resolve(O(profile: "p2"))));
        env.Set("AWS_PROFILE", "p2");
        Assert.Equal(("sa-east-1", "profile 'p2'"), Pick(ClientSettingsResolver.Resolve(O())));
        env.Set("AWS_DEFAULT_REGION", "eu-north-1");
        Assert.Equal(("eu-north-1", "environment variable AWS_DEFAULT_REGION"), Pick(ClientSettingsResolver.Resolve(O())));
        env.Set("AWS_REGION", "eu-west-3");
        Assert.Equal(("eu-west-3", "environment variable AWS_REGION"), Pick(ClientSettingsResolver.Resolve(O())));
        Assert.Equal(("us-west-1", "parameter"), Pick(ClientSettingsResolver.Resolve(O(region: "us-west-1"))));

        static (string, string) Pick(ResolvedSettings s) => (s.Region, s.RegionSource);
    }

    [Fact]
    public void Region_Missing_FailsSayingHow()
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1" });
        Assert.Equal("Region", ex.Setting);
        Assert.Contains("-Region", ex.Message);
        Assert.Contains("AWS_REGION", ex.Message);
        Assert.Contains("profile", ex.Message);
    }

    [Theory]
    [InlineData("US-EAST-1")]
    [InlineData("useast1")]
    [InlineData("us-east")]
    [InlineData("us_east_1")]
    [InlineData("https://iot.us-east-1.amazonaws.com")]
    public void Region_Invalid_FailsNamingIt(string region)
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = region });
        Assert.Equal("Region", ex.Setting);
        Assert.Contains($"'{region}'", ex.Message);
        Assert.Contains("us-east-1", ex.Message);
    }

    [Fact]
    public void Region_InvalidFromEnvironment_NamesTheVariable()
    {
        using var env = new EnvScope().Set("AWS_REGION", "Mars");
        var ex = ConfigError(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1" });
        Assert.Contains("'Mars'", ex.Message);
        Assert.Contains("AWS_REGION", ex.Message);
    }

    [Theory]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-north-1")]
    [InlineData("xy-newplace-7")]
    [InlineData("eu-isoe-west-1")]
    public void Region_WellFormedIncludingUnknown_IsAccepted(string region)
    {
        using var env = new EnvScope();
        Assert.Equal(region, ClientSettingsResolver.Resolve(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = region }).Region);
    }

    // ---------------- endpoint

    [Fact]
    public void Endpoint_Precedence_ExplicitThenIotVariableThenGlobalVariableThenDefault()
    {
        using var env = new EnvScope();
        ClientOptions O(string? url = null) => new() { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = url };
        Assert.Equal(("https://iot.us-east-1.amazonaws.com/", "default for region"), Pick(ClientSettingsResolver.Resolve(O())));
        env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:4000");
        Assert.Equal(("http://127.0.0.1:4000/", "environment variable AWS_ENDPOINT_URL"), Pick(ClientSettingsResolver.Resolve(O())));
        env.Set("AWS_ENDPOINT_URL_IOT", "http://127.0.0.1:5000/");
        Assert.Equal(("http://127.0.0.1:5000/", "environment variable AWS_ENDPOINT_URL_IOT"), Pick(ClientSettingsResolver.Resolve(O())));
        Assert.Equal(("http://localhost:6000/", "parameter"), Pick(ClientSettingsResolver.Resolve(O("http://localhost:6000"))));
        env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        Assert.Equal(("https://iot.us-east-1.amazonaws.com/", "default for region"), Pick(ClientSettingsResolver.Resolve(O())));

        static (string, string) Pick(ResolvedSettings s) => (s.Endpoint.ToString(), s.EndpointSource);
    }

    [Theory]
    [InlineData("cn-north-1", "https://iot.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", "https://iot.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://iot.us-gov-west-1.amazonaws.com/")]
    [InlineData("eu-central-1", "https://iot.eu-central-1.amazonaws.com/")]
    [InlineData("xy-newplace-7", "https://iot.xy-newplace-7.amazonaws.com/")]
    public void Endpoint_DefaultPerPartition(string region, string expected)
    {
        using var env = new EnvScope();
        Assert.Equal(expected, ClientSettingsResolver.Resolve(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = region }).Endpoint.ToString());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative/path")]
    [InlineData("http://127.0.0.1:5000/?x=1")]
    public void Endpoint_Malformed_FailsNamingIt(string url)
    {
        using var env = new EnvScope();
        var ex = ConfigError(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = url });
        Assert.Equal("EndpointUrl", ex.Setting);
        Assert.Contains($"'{url}'", ex.Message);
        Assert.Contains("http://", ex.Message);
    }

    [Fact]
    public void Endpoint_MalformedFromEnvironment_NamesTheVariable()
    {
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_IOT", "iot.local");
        var ex = ConfigError(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1" });
        Assert.Contains("AWS_ENDPOINT_URL_IOT", ex.Message);
    }

    // ---------------- max attempts

    [Fact]
    public void MaxAttempts_DefaultThenEnvironmentThenOption()
    {
        using var env = new EnvScope();
        var o = Explicit();
        Assert.Equal((3, "default"), (ClientSettingsResolver.Resolve(o).MaxAttempts, ClientSettingsResolver.Resolve(o).MaxAttemptsSource));
        env.Set("AWS_MAX_ATTEMPTS", "7");
        Assert.Equal(7, ClientSettingsResolver.Resolve(o).MaxAttempts);
        o.MaxAttempts = 2;
        Assert.Equal((2, "parameter"), (ClientSettingsResolver.Resolve(o).MaxAttempts, ClientSettingsResolver.Resolve(o).MaxAttemptsSource));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("three")]
    [InlineData("2.5")]
    public void MaxAttempts_InvalidEnvironment_FailsNamingIt(string value)
    {
        using var env = new EnvScope().Set("AWS_MAX_ATTEMPTS", value);
        var ex = ConfigError(Explicit());
        Assert.Equal("MaxAttempts", ex.Setting);
        Assert.Contains("AWS_MAX_ATTEMPTS", ex.Message);
        Assert.Contains($"'{value}'", ex.Message);
    }

    [Fact]
    public void MaxAttempts_InvalidOption_Fails()
    {
        using var env = new EnvScope();
        var o = Explicit();
        o.MaxAttempts = 0;
        Assert.Equal("MaxAttempts", ConfigError(o).Setting);
    }

    [Fact]
    public void RequestTimeout_NonPositive_Fails()
    {
        using var env = new EnvScope();
        var o = Explicit();
        o.RequestTimeout = TimeSpan.Zero;
        Assert.Equal("RequestTimeout", ConfigError(o).Setting);
    }

    [Fact]
    public async Task AwsMaxAttempts_IsHonouredByTheClient_AndOptionOverridesIt()
    {
        using var env = new EnvScope().Set("AWS_MAX_ATTEMPTS", "4");
        await using var server = FakeServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"));
        // No MaxAttempts option and no strategy: the env value decides (backoff is real, so keep it to 4 attempts: < 1+2+4 s worst case).
        using (var client = IoTJobsClient.Create(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(), MaxAttempts = null }))
        {
            Assert.Equal(4, client.MaxAttempts);
        }
        using (var client = IoTJobsClient.Create(new ClientOptions
        {
            AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(),
            RetryStrategy = new StandardRetryStrategy(10, baseDelay: TimeSpan.FromMilliseconds(1)),
        }))
        {
            // A strategy without an explicit MaxAttempts option: the strategy's own limit applies, AWS_MAX_ATTEMPTS does not.
            Assert.Equal(10, client.MaxAttempts);
        }
        using (var client = IoTJobsClient.Create(new ClientOptions
        {
            AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(),
            MaxAttempts = 2, RetryStrategy = new StandardRetryStrategy(10, baseDelay: TimeSpan.FromMilliseconds(1)),
        }))
        {
            var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobAsync(new CancelJobRequest { JobId = "j" }));
            Assert.Equal(2, ex.Attempts);
        }
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task AwsMaxAttempts_Env_DrivesTheRealRetryLoop()
    {
        using var env = new EnvScope().Set("AWS_MAX_ATTEMPTS", "2");
        await using var server = FakeServer.Start(Reply.Error(400, "ThrottlingException", "slow"));
        using var client = IoTJobsClient.Create(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString() });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobAsync(new CancelJobRequest { JobId = "j" }));
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(2, server.Count); // one real backoff of at most 1 s
    }
}
