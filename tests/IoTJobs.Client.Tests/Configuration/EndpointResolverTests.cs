using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Configuration;

/// <summary>
/// Where requests go: the configured endpoints in the SDKs' order, FIPS and dual-stack defaults (checked against botocore's
/// own resolver for iot), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, always https unless told otherwise, and where STS is.
/// Environment-mutating: not parallel.
/// </summary>
[Collection("Environment")]
public class EndpointResolverTests
{
    private static ClientOptions Keys(string region = "us-east-1", string? profile = null) =>
        new() { AccessKey = "AKIDENDPOINT", SecretKey = "endpoint-secret-0001", Region = region, ProfileName = profile };

    private static (string Endpoint, string Source) Resolve(ClientOptions o)
    {
        var s = ClientSettingsResolver.Resolve(o);
        return (s.Endpoint.ToString(), s.EndpointSource);
    }

    private static readonly string[] Regions =
    {
        "us-east-1", "eu-central-1", "ap-southeast-7", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1",
        "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "xy-newplace-7",
    };

    private static IoTJobsConfigurationException ConfigError(ClientOptions o) => Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(o));


    [SkippableFact]
    public void FipsAndDualStack_GiveTheHostsBotocoresEndpointRulesGive_InEveryPartition()
    {
        // botocore's own rule-set evaluator over data/iot/2015-05-28/endpoint-rule-set-1.json and data/partitions.json
        // (the machine's botocore 1.43); nothing is sent anywhere.
        var script = """
import json, sys, botocore.loaders
from botocore.endpoint_provider import EndpointProvider
loader = botocore.loaders.create_loader()
provider = EndpointProvider(loader.load_service_model('iot', 'endpoint-rule-set-1'), loader.load_data('partitions'))
out = {}
for r in sys.argv[1].split(','):
    for fips in (False, True):
        for dual in (False, True):
            out[f'{r}|{fips}|{dual}'] = provider.resolve_endpoint(Region=r, UseFIPS=fips, UseDualStack=dual).url
print(json.dumps(out))
""";
        var botocore = Python.Run(script, null, string.Join(",", Regions));
        Skip.If(botocore == null, "python3 with botocore is not installed");
        var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(botocore!)!;
        Assert.Equal(Regions.Length * 4, expected.Count);
        using var env = new EnvScope();
        foreach (var (key, url) in expected)
        {
            var parts = key.Split('|');
            env.Set("AWS_USE_FIPS_ENDPOINT", parts[1].ToLowerInvariant()).Set("AWS_USE_DUALSTACK_ENDPOINT", parts[2].ToLowerInvariant());
            Assert.Equal((key, url.TrimEnd('/') + "/"), (key, Resolve(Keys(parts[0])).Endpoint));
        }
    }

    [Fact]
    public void Fips_FromTheEnvironmentOrTheProfile_SaysWhereItCameFrom()
    {
        using var env = new EnvScope().WriteConfig("[profile gov]\nuse_fips_endpoint = true\n[profile dual]\nuse_dualstack_endpoint = true\n" +
                                                   "[profile both]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n");
        Assert.Equal(("https://iot-fips.us-gov-west-1.amazonaws.com/", "default for region, FIPS from profile 'gov' use_fips_endpoint"),
            Resolve(Keys("us-gov-west-1", "gov")));
        Assert.Equal(("https://iot.us-east-1.api.aws/", "default for region, dual-stack from profile 'dual' use_dualstack_endpoint"),
            Resolve(Keys("us-east-1", "dual")));
        Assert.Equal("https://iot-fips.us-gov-east-1.api.aws/", Resolve(Keys("us-gov-east-1", "both")).Endpoint);
        // The environment wins over the profile, in both directions.
        env.Set("AWS_USE_FIPS_ENDPOINT", "false");
        Assert.Equal("https://iot.us-gov-west-1.amazonaws.com/", Resolve(Keys("us-gov-west-1", "gov")).Endpoint);
        env.Set("AWS_USE_FIPS_ENDPOINT", "true");
        Assert.Equal(("https://iot-fips.eu-west-1.amazonaws.com/", "default for region, FIPS from environment variable AWS_USE_FIPS_ENDPOINT"),
            Resolve(Keys("eu-west-1")));
    }

    [Theory]
    [InlineData("AWS_USE_FIPS_ENDPOINT", "yes")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "1")]
    [InlineData("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "maybe")]
    public void AFlagThatIsNotTrueOrFalse_IsAnErrorNamingIt(string variable, string value)
    {
        using var env = new EnvScope().Set(variable, value);
        var ex = Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(Keys()));
        Assert.Contains(variable, ex.Message);
        Assert.Contains($"'{value}'", ex.Message);
        Assert.Contains("true or false", ex.Message);
    }

    [Fact]
    public void ConfiguredEndpoints_InTheSdksOrder_ParameterThenEnvironmentThenServicesSectionThenProfile()
    {
        using var env = new EnvScope().WriteConfig(
            "[profile dev]\nendpoint_url = http://127.0.0.1:7001\nservices = local\n" +
            "[services local]\niot =\n  endpoint_url = http://127.0.0.1:7002\nsts =\n  endpoint_url = http://127.0.0.1:7999\n" +
            "[profile plain]\nendpoint_url = http://127.0.0.1:7003/base\n" +
            "[profile otherservice]\nservices = stsonly\nendpoint_url = http://127.0.0.1:7004\n[services stsonly]\nsts =\n  endpoint_url = http://127.0.0.1:7998\n");
        Assert.Equal(("http://127.0.0.1:7002/", "profile 'dev' services section 'local' (iot endpoint_url)"), Resolve(Keys(profile: "dev")));
        Assert.Equal(("http://127.0.0.1:7003/base/", "profile 'plain' endpoint_url"), Resolve(Keys(profile: "plain")));
        // A services section without iot falls through to the profile's own endpoint_url.
        Assert.Equal("http://127.0.0.1:7004/", Resolve(Keys(profile: "otherservice")).Endpoint);
        // AWS_PROFILE picks the profile when -ProfileName is not given.
        env.Set("AWS_PROFILE", "plain");
        Assert.Equal("http://127.0.0.1:7003/base/", Resolve(Keys()).Endpoint);
        env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:7005");
        Assert.Equal(("http://127.0.0.1:7005/", "environment variable AWS_ENDPOINT_URL"), Resolve(Keys(profile: "dev")));
        env.Set("AWS_ENDPOINT_URL_IOT", "http://127.0.0.1:7006");
        Assert.Equal("http://127.0.0.1:7006/", Resolve(Keys(profile: "dev")).Endpoint);
        var explicitUrl = Keys(profile: "dev");
        explicitUrl.EndpointUrl = "http://127.0.0.1:7007";
        Assert.Equal(("http://127.0.0.1:7007/", "parameter"), Resolve(explicitUrl));
    }

    [Fact]
    public void IgnoreConfiguredEndpointUrls_FromTheEnvironmentOrTheProfile_LeavesOnlyTheParameter()
    {
        using var env = new EnvScope().WriteConfig(
            "[profile dev]\nendpoint_url = http://127.0.0.1:7001\nservices = local\n[services local]\niot =\n  endpoint_url = http://127.0.0.1:7002\n" +
            "[profile ignoring]\nendpoint_url = http://127.0.0.1:7001\nignore_configured_endpoint_urls = true\n");
        env.Set("AWS_ENDPOINT_URL_IOT", "http://127.0.0.1:7006");
        Assert.Equal(("https://iot.us-east-1.amazonaws.com/", "default for region"), Resolve(Keys(profile: "ignoring")));
        env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        Assert.Equal("https://iot.us-east-1.amazonaws.com/", Resolve(Keys(profile: "dev")).Endpoint);
        var explicitUrl = Keys(profile: "dev");
        explicitUrl.EndpointUrl = "http://127.0.0.1:7007";
        Assert.Equal("http://127.0.0.1:7007/", Resolve(explicitUrl).Endpoint);
        // The environment variable wins over the profile's entry, also when it says false.
        env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
        Assert.Equal("http://127.0.0.1:7006/", Resolve(Keys(profile: "ignoring")).Endpoint);
    }

    [Fact]
    public void AConfiguredEndpoint_IsUsedAsItIs_WithFips_AsBotocoreDoes()
    {
        using var env = new EnvScope().Set("AWS_USE_FIPS_ENDPOINT", "true").Set("AWS_ENDPOINT_URL_IOT", "http://127.0.0.1:7006");
        var (endpoint, source) = Resolve(Keys());
        Assert.Equal("http://127.0.0.1:7006/", endpoint);
        Assert.Equal("environment variable AWS_ENDPOINT_URL_IOT; FIPS not applied to a configured endpoint, as in botocore", source);
    }

    [Fact]
    public void AProfileNamingAMissingServicesSection_IsAnErrorNamingBoth()
    {
        using var env = new EnvScope().WriteConfig("[profile dev]\nservices = nowhere\n");
        var ex = Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(Keys(profile: "dev")));
        Assert.Equal("EndpointUrl", ex.Setting);
        Assert.Contains("'dev'", ex.Message);
        Assert.Contains("[services nowhere]", ex.Message);
    }

    [Fact]
    public void AMalformedServicesEndpoint_NamesTheSection()
    {
        using var env = new EnvScope().WriteConfig("[profile dev]\nservices = local\n[services local]\niot =\n  endpoint_url = iot.local\n");
        var ex = Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(Keys(profile: "dev")));
        Assert.Contains("[services local]", ex.Message);
        Assert.Contains("'iot.local'", ex.Message);
    }

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

    [Theory]
    [InlineData("us-east-1", "https://iot.us-east-1.amazonaws.com/")]
    [InlineData("eu-west-1", "https://iot.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://iot.cn-north-1.amazonaws.com.cn/")]
    [InlineData("xy-newplace-7", "https://iot.xy-newplace-7.amazonaws.com/")]
    public void The_derived_endpoint_is_always_https(string region, string expected)
    {
        using var env = new EnvScope();
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Region = region, AccessKey = "AKID", SecretKey = "secret-key-0001" });
        Assert.Equal(expected, s.Endpoint.ToString());
        Assert.Equal(Uri.UriSchemeHttps, s.Endpoint.Scheme);
    }

    [Fact]
    public void Plain_http_comes_only_from_an_explicit_endpoint_and_keeps_its_scheme()
    {
        using var env = new EnvScope();
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1", EndpointUrl = "http://127.0.0.1:5000", AccessKey = "AKID", SecretKey = "secret-key-0001" });
        Assert.Equal("http://127.0.0.1:5000/", s.Endpoint.ToString());
        Assert.Equal("parameter", s.EndpointSource);
    }

    // ---------------- where STS is

    private static (string Endpoint, string Source) Sts(ClientOptions o)
    {
        var s = ClientSettingsResolver.Resolve(o);
        return (s.StsEndpoint.ToString(), s.StsEndpointSource);
    }

    [SkippableFact]
    public void StsByDefault_IsBotocoresRegionalEndpoint_InEveryPartition()
    {
        var script = """
import json, sys, botocore.loaders
from botocore.endpoint_provider import EndpointProvider
loader = botocore.loaders.create_loader()
provider = EndpointProvider(loader.load_service_model('sts', 'endpoint-rule-set-1'), loader.load_data('partitions'))
print(json.dumps({r: provider.resolve_endpoint(Region=r, UseFIPS=False, UseDualStack=False, UseGlobalEndpoint=False).url for r in sys.argv[1].split(',')}))
""";
        var botocore = Python.Run(script, null, string.Join(",", Regions.Append("eusc-de-east-1")));
        Skip.If(botocore == null, "python3 with botocore is not installed");
        using var env = new EnvScope();
        foreach (var (region, url) in JsonSerializer.Deserialize<Dictionary<string, string>>(botocore!)!)
            Assert.Equal((region, url.TrimEnd('/') + "/", "default for region"), (region, Sts(Keys(region)).Endpoint, Sts(Keys(region)).Source));
    }

    [Fact]
    public void Sts_ItsVariable_ThenTheGlobalOne_ThenTheServicesSection_ThenTheProfile_ThenTheIoTEndpoint()
    {
        using var env = new EnvScope().WriteConfig(
            "[profile dev]\nservices = local\nendpoint_url = http://127.0.0.1:7001\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:7999\n" +
            "[profile plain]\nendpoint_url = http://127.0.0.1:7003\n[profile iotonly]\nservices = iotlocal\n[services iotlocal]\niot =\n  endpoint_url = http://127.0.0.1:7002\n");
        Assert.Equal(("https://sts.us-east-1.amazonaws.com/", "default for region"), Sts(Keys()));
        Assert.Equal(("http://127.0.0.1:7003/", "profile 'plain' endpoint_url"), Sts(Keys(profile: "plain")));
        Assert.Equal(("http://127.0.0.1:7999/", "profile 'dev' services section 'local' (sts endpoint_url)"), Sts(Keys(profile: "dev")));
        // An IoT endpoint from a services section is no reason to send STS there.
        Assert.Equal(("https://sts.us-east-1.amazonaws.com/", "default for region"), Sts(Keys(profile: "iotonly")));
        var toEmulator = Keys(profile: "iotonly");
        toEmulator.EndpointUrl = "http://127.0.0.1:5000";
        Assert.Equal(("http://127.0.0.1:5000/", "the IoT endpoint (parameter)"), Sts(toEmulator));
        env.Set("AWS_ENDPOINT_URL_IOT", "http://127.0.0.1:5001");
        Assert.Equal(("http://127.0.0.1:5001/", "the IoT endpoint (environment variable AWS_ENDPOINT_URL_IOT)"), Sts(Keys(profile: "iotonly")));
        env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:7005");
        Assert.Equal(("http://127.0.0.1:7005/", "environment variable AWS_ENDPOINT_URL"), Sts(Keys(profile: "dev")));
        env.Set("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:7006");
        Assert.Equal(("http://127.0.0.1:7006/", "environment variable AWS_ENDPOINT_URL_STS"), Sts(toEmulator));
    }

    [Fact]
    public void Sts_IgnoreConfiguredEndpointUrls_LeavesTheIoTParameterOrTheDefault()
    {
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:7006").Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        Assert.Equal(("https://sts.cn-north-1.amazonaws.com.cn/", "default for region"), Sts(Keys("cn-north-1")));
        var toEmulator = Keys();
        toEmulator.EndpointUrl = "http://127.0.0.1:5000";
        Assert.Equal(("http://127.0.0.1:5000/", "the IoT endpoint (parameter)"), Sts(toEmulator));
    }

    [Fact]
    public void Sts_AMalformedEndpoint_IsAnErrorNamingTheVariable()
    {
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_STS", "sts.local");
        var ex = ConfigError(Keys());
        Assert.Equal("EndpointUrl", ex.Setting);
        Assert.Contains("'sts.local' from the AWS_ENDPOINT_URL_STS environment variable", ex.Message);
    }

    [Theory]
    [InlineData("https://iot.us-east-1.amazonaws.com/", "https://sts.us-east-1.amazonaws.com/")]
    [InlineData("https://iot-fips.us-east-1.amazonaws.com/", "https://sts.us-east-1.amazonaws.com/")]
    [InlineData("https://iot.us-east-1.api.aws/", "https://sts.us-east-1.amazonaws.com/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/")]
    public void SettingsMadeByHand_SendStsToAStandIn_OnlyWhenTheEndpointIsNoneOfTheRegionsDefaults(string iot, string sts)
    {
        var s = new ResolvedSettings(new Amazon.Runtime.BasicAWSCredentials("AKID", "secret-key-0001"), "test", "us-east-1", "test", new Uri(iot), "test");
        Assert.Equal(sts, s.StsEndpoint.ToString());
        Assert.Contains($"STS endpoint {sts} from ", s.ToString());
    }
}
