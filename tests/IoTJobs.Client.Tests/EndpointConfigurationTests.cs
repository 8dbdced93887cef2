using System.Diagnostics;
using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>
/// FIPS and dual-stack endpoints (checked against botocore's own resolver for iot), profile endpoint_url and services
/// sections, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS. Environment-mutating: not parallel.
/// </summary>
[Collection("Environment")]
public class EndpointConfigurationTests
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
        var botocore = RunPython(script, string.Join(",", Regions));
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

    internal static string? RunPython(string script, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
            psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
            psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(60_000)) { p.Kill(true); return null; }
            if (p.ExitCode != 0)
            {
                // Only a missing botocore means "skip"; any other failure is a failure.
                if (stderr.Result.Contains("No module named")) return null;
                throw new InvalidOperationException("python3 failed: " + stderr.Result);
            }
            return stdout.Result.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3
        }
    }
}
