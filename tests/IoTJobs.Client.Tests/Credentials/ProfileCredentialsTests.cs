using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Profiles;

namespace IoTJobs.Client.Tests.Credentials;

/// <summary>Which credentials a profile means (botocore's precedence), the errors for broken profiles, descriptions without secrets. Environment-mutating: not parallel.</summary>
[Collection("Environment")]
public class ProfileCredentialsTests
{
    private static IoTJobsConfigurationException Broken(string profile) =>
        Assert.Throws<IoTJobsConfigurationException>(() => Resolve(profile));

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
