using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Profiles;

namespace IoTJobs.Client.Tests.Credentials;

/// <summary>
/// Role profiles against a fake STS on loopback (AWS_ENDPOINT_URL_STS): the MFA hook, the session cache, and the
/// errors naming profile and device. The end-to-end rows with moto are tests/pester/Credentials.Tests.ps1. Not parallel.
/// </summary>
[Collection("Environment")]
public class AssumeRoleProfilesTests
{
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
}
