using System.Text;
using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>
/// Which credentials a profile means (botocore's precedence), the errors for broken profiles, the MFA hook and the
/// session cache, with a fake STS on loopback (AWS_ENDPOINT_URL_STS). The end-to-end rows with moto and the stand-ins
/// are tests/pester/Credentials.Tests.ps1. Environment-mutating: not parallel.
/// </summary>
[Collection("Environment")]
public class ProfileCredentialsTests
{
    private const string Base = "[base]\naws_access_key_id = AKIDBASE00000001\naws_secret_access_key = base-secret-key-000000001\n";

    private static ResolvedSettings Resolve(string profile, Func<MfaCodeRequest, string?>? mfa = null) =>
        ClientSettingsResolver.Resolve(new ClientOptions { ProfileName = profile, Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", MfaCodeProvider = mfa });

    private static IoTJobsConfigurationException Broken(string profile) =>
        Assert.Throws<IoTJobsConfigurationException>(() => Resolve(profile));

    /// <summary>A fake STS: every AssumeRole gets fresh keys for DurationSeconds (default 3600); the form of each call is kept.</summary>
    private static FakeServer FakeSts(List<Dictionary<string, string>> calls) => FakeServer.Start((req, i) =>
    {
        var form = req.BodyText.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));
        lock (calls) calls.Add(form);
        var xml = $"<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>" +
                  $"<AccessKeyId>ASIAFAKESTS{i:D8}</AccessKeyId><SecretAccessKey>fake-sts-secret-{i:D8}-0000000000000</SecretAccessKey>" +
                  $"<SessionToken>fake-sts-token-{i:D8}</SessionToken><Expiration>{DateTime.UtcNow.AddSeconds(form.TryGetValue("DurationSeconds", out var d) ? int.Parse(d) : 3600):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>" +
                  "<AssumedRoleUser><AssumedRoleId>AROAFAKE:s</AssumedRoleId><Arn>arn:aws:sts::111111111111:assumed-role/R/s</Arn></AssumedRoleUser>" +
                  "</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>";
        return Reply.Raw(200, "text/xml", xml);
    });

    [Fact]
    public void SharedConfig_MergesBothFiles_CredentialsFileWinning_AndReadsSectionsAsTheCliDoes()
    {
        using var env = new EnvScope()
            .WriteConfig("# comment\n[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-2\naws_access_key_id = AKIDFROMCONFIG\n" +
                         "[sso-session corp]\nsso_region = us-east-1\n[services local]\niot =\n  endpoint_url = http://127.0.0.1:9\n  ; note\nsts =\n  endpoint_url = x\n" +
                         "[dev]\nregion = not-a-profile-in-config\n")
            .WriteCredentials("[dev]\naws_access_key_id = AKIDFROMCREDENTIALS\naws_secret_access_key = a#b;c\n[profile x]\nk = v\n");
        var c = SharedConfig.Load();
        Assert.Equal("us-east-2", c.Profile("dev")!["region"]);
        Assert.Equal("AKIDFROMCREDENTIALS", c.Profile("dev")!["aws_access_key_id"]);
        Assert.Equal("a#b;c", c.Profile("dev")!["aws_secret_access_key"]);
        Assert.Equal("eu-west-1", c.Profile("default")!["region"]);
        Assert.Equal("us-east-1", c.SsoSession("corp")!["sso_region"]);
        Assert.Equal("http://127.0.0.1:9", c.ServiceSettings("local", "iot")!["endpoint_url"]);
        Assert.Null(c.ServiceSettings("local", "s3"));
        // In the credentials file "[profile x]" is a profile named "profile x", as in botocore.
        Assert.True(c.HasProfile("profile x"));
        Assert.False(c.HasProfile("x"));
    }

    [Theory]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\ncredential_source = Environment\n", "both source_profile and credential_source")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\n", "none of source_profile, credential_source or web_identity_token_file")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = nowhere\n", "source_profile 'nowhere' was not found")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = q\n[profile q]\nrole_arn = arn:aws:iam::1:role/Q\nsource_profile = p\n", "a cycle")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\nduration_seconds = 60\n", "duration_seconds '60' is not a whole number of seconds from 900 to 43200")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Laptop\n", "credential_source 'Laptop' is not one of Environment, Ec2InstanceMetadata, EcsContainer")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Environment\n", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Ec2InstanceMetadata\n", "AWS_EC2_METADATA_DISABLED=true")]
    [InlineData("[profile p]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = EcsContainer\n", "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI")]
    [InlineData("[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n", "no [sso-session corp] section")]
    [InlineData("[profile p]\nsso_start_url = https://x/start\nsso_role_name = R\n", "without sso_region, sso_account_id")]
    [InlineData("[profile p]\naws_access_key_id = AKIDONLY\n", "aws_access_key_id but no aws_secret_access_key")]
    public void ABrokenProfile_IsOneErrorNamingTheProfileAndWhatIsWrong(string config, string why)
    {
        using var env = new EnvScope().WriteConfig(config).WriteCredentials(Base);
        var ex = Broken("p");
        Assert.Equal("Credentials", ex.Setting);
        Assert.StartsWith("The profile 'p' cannot be used: ", ex.Message);
        Assert.Contains(why, ex.Message);
    }

    [Fact]
    public void ASourceProfileWithKeys_IsUsedForItsKeysEvenIfItHasARole_AsBotocoreDoes()
    {
        using var env = new EnvScope().WriteConfig("[profile p]\nrole_arn = arn:aws:iam::1:role/Top\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::1:role/Mid\nsource_profile = base\n")
            .WriteCredentials(Base + "[mid]\naws_access_key_id = AKIDMID000000001\naws_secret_access_key = mid-secret-key-0000001\n");
        var s = Resolve("p");
        var role = Assert.IsType<AssumeRoleAWSCredentials>(s.Credentials);
        Assert.Equal("arn:aws:iam::1:role/Top", role.RoleArn);
        Assert.Equal("AKIDMID000000001", role.SourceCredentials.GetCredentials().AccessKey);
        Assert.EndsWith("source: profile 'mid' (static keys)", s.CredentialSource);
    }

    [Fact]
    public async Task Mfa_IsAskedOnceThroughTheProvider_TheCodeReachesSts_AndTheRoleIsKeptForTheSession()
    {
        var calls = new List<Dictionary<string, string>>();
        await using var sts = FakeSts(calls);
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_STS", sts.BaseAddress.ToString())
            .WriteConfig("[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/Guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/carol\n" +
                         "external_id = ext-9\nduration_seconds = 3600\nrole_session_name = carol-1\n")
            .WriteCredentials(Base);
        var asked = new List<MfaCodeRequest>();
        string? Provider(MfaCodeRequest r) { asked.Add(r); return "424242"; }

        var first = Resolve("mfa", Provider);
        Assert.True(first.NeedsMfaCode);
        Assert.Empty(asked); // resolving asks nothing: the caller decides when (PrepareCredentials)
        ClientSettingsResolver.PrepareCredentials(first);
        var second = Resolve("mfa", Provider);
        ClientSettingsResolver.PrepareCredentials(second);

        Assert.Same(first.Credentials, second.Credentials);
        var request = Assert.Single(asked);
        Assert.Equal(("mfa", "arn:aws:iam::123456789012:mfa/carol", "arn:aws:iam::111111111111:role/Guarded"), (request.ProfileName, request.MfaSerial, request.RoleArn));
        var call = Assert.Single(calls);
        Assert.Equal("AssumeRole", call["Action"]);
        Assert.Equal("424242", call["TokenCode"]);
        Assert.Equal("arn:aws:iam::123456789012:mfa/carol", call["SerialNumber"]);
        Assert.Equal("ext-9", call["ExternalId"]);
        Assert.Equal("3600", call["DurationSeconds"]);
        Assert.Equal("carol-1", call["RoleSessionName"]);
        Assert.StartsWith("ASIAFAKESTS", second.Credentials.GetCredentials().AccessKey);

        // An edited profile is a new definition: it is read anew (and asks again).
        env.WriteConfig("[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/Guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/carol\nrole_session_name = carol-2\n");
        var edited = Resolve("mfa", Provider);
        Assert.NotSame(first.Credentials, edited.Credentials);
        ClientSettingsResolver.PrepareCredentials(edited);
        Assert.Equal(2, asked.Count);
    }

    [Fact]
    public async Task AShortRoleSession_IsNotRenewedOnEveryRequest()
    {
        var calls = new List<Dictionary<string, string>>();
        await using var sts = FakeSts(calls);
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_STS", sts.BaseAddress.ToString())
            .WriteConfig("[profile short]\nrole_arn = arn:aws:iam::111111111111:role/Short\nsource_profile = base\nduration_seconds = 900\n")
            .WriteCredentials(Base);
        var s = Resolve("short");
        // The keys last 900 s, less than AWSSDK.Core's 15-minute early renewal: it must still not renew them on every
        // call (an MFA role would ask for a code each time).
        for (int i = 0; i < 5; i++) await s.Credentials.GetCredentialsAsync();
        Assert.Single(calls);
    }

    [Fact]
    public async Task Mfa_WithoutAProviderOrAnswer_IsAConfigurationErrorNamingProfileAndDevice_AndStsIsNotCalled()
    {
        var calls = new List<Dictionary<string, string>>();
        await using var sts = FakeSts(calls);
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_STS", sts.BaseAddress.ToString())
            .WriteConfig("[profile mfa-none]\nrole_arn = arn:aws:iam::111111111111:role/Guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/dave\n")
            .WriteCredentials(Base);
        var ex = Assert.Throws<IoTJobsConfigurationException>(() =>
            ClientSettingsResolver.PrepareCredentials(Resolve("mfa-none", r => { r.UnavailableReason = "this host cannot prompt (test)"; return null; })));
        Assert.Contains("The profile 'mfa-none' assumes role arn:aws:iam::111111111111:role/Guarded with MFA (mfa_serial arn:aws:iam::123456789012:mfa/dave)", ex.Message);
        Assert.Contains("this host cannot prompt (test)", ex.Message);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Mfa_AskedInTheMiddleOfACommand_FailsTheRequestWithTheSameMessage_NotAHang()
    {
        var calls = new List<Dictionary<string, string>>();
        await using var sts = FakeSts(calls);
        using var env = new EnvScope().Set("AWS_ENDPOINT_URL_STS", sts.BaseAddress.ToString())
            .WriteConfig("[profile mfa-late]\nrole_arn = arn:aws:iam::111111111111:role/Guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/erin\n")
            .WriteCredentials(Base);
        // No PrepareCredentials: the first request needs the code, and the provider refuses (as the module's does then).
        var s = Resolve("mfa-late", r => { r.UnavailableReason = "a code is only asked for when a command starts"; return null; });
        using var client = new IoTJobsClient(s, new ClientOptions { MaxAttempts = 1 });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j"));
        Assert.Equal(ErrorCodes.CredentialsUnavailable, ex.ErrorCode);
        Assert.Contains("mfa_serial arn:aws:iam::123456789012:mfa/erin", ex.Message);
        Assert.Contains("Run the command again to be asked for a new MFA code for profile 'mfa-late'", ex.Message);
        Assert.Empty(calls);
    }

    [Fact]
    public void Sso_TokenCacheFile_IsNamedAfterTheSessionOrTheStartUrl_AndAMissingOneSaysToLogIn()
    {
        var home = Path.Combine(Path.GetTempPath(), "iotjobs-sso-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(home, ".aws", "sso", "cache"));
        try
        {
            using var env = new EnvScope().Set("HOME", home).WriteConfig(
                "[profile a]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp/start\nsso_region = eu-west-1\n" +
                "[profile b]\nsso_start_url = https://legacy/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n");
            var a = Assert.Throws<IoTJobsConfigurationException>(() => Resolve("a"));
            Assert.Contains(Path.Combine(home, ".aws", "sso", "cache", CredentialSources.Sha1Hex("corp") + ".json"), a.Message);
            Assert.Contains("Run 'aws sso login --profile a'", a.Message);
            var b = Assert.Throws<IoTJobsConfigurationException>(() => Resolve("b"));
            Assert.Contains(CredentialSources.Sha1Hex("https://legacy/start") + ".json", b.Message);
            // The cache file names are the AWS CLI's: the SHA-1 of the session name / start URL.
            Assert.Equal("ee0bfd2552fbd840c02cc48b6e823320543c450f", CredentialSources.Sha1Hex("corp"));

            // An expired token with an SSO-OIDC refresh token (sso-session form) is left to AWSSDK.SSOOIDC to renew.
            File.WriteAllText(Path.Combine(home, ".aws", "sso", "cache", CredentialSources.Sha1Hex("corp") + ".json"),
                "{\"startUrl\":\"https://corp/start\",\"region\":\"eu-west-1\",\"accessToken\":\"t\",\"expiresAt\":\"2020-01-01T00:00:00Z\"," +
                "\"refreshToken\":\"r\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"registrationExpiresAt\":\"2099-01-01T00:00:00Z\"}");
            Assert.IsType<SSOAWSCredentials>(Resolve("a").Credentials);
            // Without one, it is the clear "expired" error.
            File.WriteAllText(Path.Combine(home, ".aws", "sso", "cache", CredentialSources.Sha1Hex("https://legacy/start") + ".json"),
                "{\"startUrl\":\"https://legacy/start\",\"region\":\"eu-west-1\",\"accessToken\":\"t\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
            var expired = Assert.Throws<IoTJobsConfigurationException>(() => Resolve("b"));
            Assert.Contains("expired at 2020-01-01 00:00:00 UTC", expired.Message);
            Assert.Contains("Run 'aws sso login --profile b'", expired.Message);
        }
        finally
        {
            Directory.Delete(home, true);
        }
    }

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

    [Fact]
    public void Descriptions_NeverContainASecret()
    {
        using var env = new EnvScope()
            .WriteConfig("[profile proc]\ncredential_process = /usr/bin/get-creds --token super-secret-argument-1\n" +
                         "[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\nexternal_id = external-secret-id-1\n")
            .WriteCredentials(Base);
        foreach (var p in new[] { "proc", "role" })
        {
            var d = Resolve(p).CredentialSource;
            Assert.DoesNotContain("super-secret-argument-1", d);
            Assert.DoesNotContain("external-secret-id-1", d);
            Assert.DoesNotContain("base-secret-key-000000001", d);
        }
        Assert.Equal("profile 'proc' (credential_process /usr/bin/get-creds)", Resolve("proc").CredentialSource);
    }
}
