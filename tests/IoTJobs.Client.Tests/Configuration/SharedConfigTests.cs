using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Configuration;

/// <summary>The shared config and credentials files read as the AWS CLI reads them. Environment-mutating: not parallel.</summary>
[Collection("Environment")]
public class SharedConfigTests
{
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
}
