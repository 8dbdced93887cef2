using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Configuration;

/// <summary>Each precedence step of region and max-attempts resolution, and the errors for bad values. Environment-mutating: not parallel.</summary>
[Collection("Environment")]
public class ClientSettingsResolverTests
{
    private static ClientOptions Explicit() => new() { AccessKey = "AKIDEXPLICIT", SecretKey = "explicit-secret-key-1" , Region = "us-east-1" };

    private static IoTJobsConfigurationException ConfigError(ClientOptions o) => Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(o));

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
        await using var server = ScriptedServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"));
        // No MaxAttempts option and no policy: the environment's value decides.
        using (var client = IoTJobsClient.Create(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(), MaxAttempts = null }))
        {
            Assert.Equal(4, client.MaxAttempts);
        }
        using (var client = IoTJobsClient.Create(new ClientOptions
        {
            AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(),
            RetryPolicy = new RetryPolicy(10), Clock = new FakeClock(),
        }))
        {
            // A policy without an explicit MaxAttempts option: the policy's own limit applies, AWS_MAX_ATTEMPTS does not.
            Assert.Equal(10, client.MaxAttempts);
        }
        using (var client = IoTJobsClient.Create(new ClientOptions
        {
            AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(),
            MaxAttempts = 2, RetryPolicy = new RetryPolicy(10), Clock = new FakeClock(),
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
        await using var server = ScriptedServer.Start(Reply.Error(400, "ThrottlingException", "slow"));
        var clock = new FakeClock();
        using var client = IoTJobsClient.Create(new ClientOptions { AccessKey = "AKID", SecretKey = "some-secret-key-1", Region = "us-east-1", EndpointUrl = server.BaseAddress.ToString(), Clock = clock });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobAsync(new CancelJobRequest { JobId = "j" }));
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(2, server.Count);
        Assert.InRange(Assert.Single(clock.Delays).TotalSeconds, 0, 1); // one backoff of at most 1 s
    }
}
