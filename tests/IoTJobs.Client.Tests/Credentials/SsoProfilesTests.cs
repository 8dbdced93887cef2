using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Profiles;

namespace IoTJobs.Client.Tests.Credentials;

/// <summary>IAM Identity Center profiles: the AWS CLI's token cache file names, and a missing or expired sign-in as one error. Not parallel.</summary>
[Collection("Environment")]
public class SsoProfilesTests
{
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
            Assert.Contains(Path.Combine(home, ".aws", "sso", "cache", SsoProfiles.Sha1Hex("corp") + ".json"), a.Message);
            Assert.Contains("Run 'aws sso login --profile a'", a.Message);
            var b = Assert.Throws<IoTJobsConfigurationException>(() => Resolve("b"));
            Assert.Contains(SsoProfiles.Sha1Hex("https://legacy/start") + ".json", b.Message);
            // The cache file names are the AWS CLI's: the SHA-1 of the session name / start URL.
            Assert.Equal("ee0bfd2552fbd840c02cc48b6e823320543c450f", SsoProfiles.Sha1Hex("corp"));

            // An expired token with an SSO-OIDC refresh token (sso-session form) is left to AWSSDK.SSOOIDC to renew.
            File.WriteAllText(Path.Combine(home, ".aws", "sso", "cache", SsoProfiles.Sha1Hex("corp") + ".json"),
                "{\"startUrl\":\"https://corp/start\",\"region\":\"eu-west-1\",\"accessToken\":\"t\",\"expiresAt\":\"2020-01-01T00:00:00Z\"," +
                "\"refreshToken\":\"r\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"registrationExpiresAt\":\"2099-01-01T00:00:00Z\"}");
            Assert.IsType<SSOAWSCredentials>(Resolve("a").Credentials);
            // Without one, it is the clear "expired" error.
            File.WriteAllText(Path.Combine(home, ".aws", "sso", "cache", SsoProfiles.Sha1Hex("https://legacy/start") + ".json"),
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
}
