using System.Net;
using System.Text;
using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Handlers.Sts;

/// <summary>STS GetCallerIdentity: the Query protocol, the account of --account (or of the signing key), STS's XML errors.</summary>
public sealed class GetCallerIdentityTests
{
    [Fact]
    public async Task Answers_the_account_and_an_IAM_user_ARN_as_AWS_does()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var r = await StsClient.Send(host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("text/xml", r.ContentType);
        Assert.Equal("GetCallerIdentityResponse", r.Body.Name.LocalName);
        Assert.Equal("https://sts.amazonaws.com/doc/2011-06-15/", r.Body.Name.NamespaceName);
        Assert.Equal("123456789012", r.Result("Account"));
        Assert.Equal("arn:aws:iam::123456789012:user/emulator", r.Result("Arn"));
        Assert.Matches("^AIDA[A-Z2-7]{17}$", r.Result("UserId"));
        Assert.Equal(r.RequestId, r.BodyRequestId);
        Assert.Equal(1, host.RequestCount(Operations.GetCallerIdentity));
        // The same key is the same user every time.
        Assert.Equal(r.Result("UserId"), (await StsClient.Send(host.BaseAddress)).Result("UserId"));
    }

    [Fact]
    public async Task The_account_is_accounts_and_the_partition_is_the_regions()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Account = "210987654321", Region = "cn-north-1" });
        var r = await StsClient.Send(host.BaseAddress, region: "cn-north-1");
        Assert.Equal("210987654321", r.Result("Account"));
        Assert.Equal("arn:aws-cn:iam::210987654321:user/emulator", r.Result("Arn"));
        Assert.Equal("210987654321", EmulatorOptions.Parse(new[] { "--account", "210987654321" }).Account);
    }

    [Fact]
    public async Task A_key_added_with_an_account_acts_in_that_account()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var add = await http.PostAsync("_emulator/credentials", new StringContent(
            """{"accessKey":"AKIDOTHER0000001","secretKey":"other-secret","account":"555555555555","userName":"deployer"}""", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Contains("\"account\":\"555555555555\"", await add.Content.ReadAsStringAsync());
        var other = await StsClient.Send(host.BaseAddress, accessKey: "AKIDOTHER0000001", secretKey: "other-secret");
        Assert.Equal("555555555555", other.Result("Account"));
        Assert.Equal("arn:aws:iam::555555555555:user/deployer", other.Result("Arn"));
        Assert.NotEqual((await StsClient.Send(host.BaseAddress)).Result("UserId"), other.Result("UserId"));
        // A key added without an account acts in --account; a bad account or user name is refused, naming it.
        await http.PostAsync("_emulator/credentials", new StringContent("""{"accessKey":"AKIDPLAIN0000001","secretKey":"s"}""", Encoding.UTF8));
        Assert.Equal("123456789012", (await StsClient.Send(host.BaseAddress, accessKey: "AKIDPLAIN0000001", secretKey: "s")).Result("Account"));
        var bad = await http.PostAsync("_emulator/credentials", new StringContent("""{"accessKey":"K","secretKey":"s","account":"12345"}""", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'12345' is not a 12-digit AWS account id",
            System.Text.Json.JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
        var badUser = await http.PostAsync("_emulator/credentials", new StringContent("""{"accessKey":"K","secretKey":"s","userName":"a b"}""", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.BadRequest, badUser.StatusCode);
    }

    [Theory]
    [InlineData("AKIDUNKNOWN", "test", 403, "InvalidClientTokenId")]
    [InlineData("test", "wrong-secret", 403, "SignatureDoesNotMatch")]
    public async Task Credential_errors_are_STS_XML_errors(string key, string secret, int status, string code)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var r = await StsClient.Send(host.BaseAddress, accessKey: key, secretKey: secret);
        Assert.Equal(status, (int)r.Status);
        Assert.Equal("ErrorResponse", r.Body.Name.LocalName);
        Assert.Equal(code, r.ErrorCode);
        Assert.Equal("Sender", r.ErrorType);
        Assert.False(string.IsNullOrEmpty(r.ErrorMessage));
        Assert.Equal(r.RequestId, r.BodyRequestId);
        Assert.Equal("text/xml", r.ContentType);
    }

    [Fact]
    public async Task Unsigned_unknown_action_wrong_version_and_wrong_scope_are_refused()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var unsigned = await StsClient.Send(host.BaseAddress, service: null);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.Status);
        Assert.Equal("MissingAuthenticationToken", unsigned.ErrorCode);

        var unknown = await StsClient.Send(host.BaseAddress, "Action=AssumeRole&Version=2011-06-15");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("InvalidAction", unknown.ErrorCode);
        Assert.Contains("AssumeRole", unknown.ErrorMessage);
        Assert.Equal("MissingAction", (await StsClient.Send(host.BaseAddress, "Version=2011-06-15")).ErrorCode);
        var version = await StsClient.Send(host.BaseAddress, "Action=GetCallerIdentity&Version=2010-01-01");
        Assert.Equal("InvalidAction", version.ErrorCode);
        Assert.Contains("2010-01-01", version.ErrorMessage);

        // Signed for IoT, POST / is no IoT operation: a rest-json 404.
        using var api = new ApiClient(host.BaseAddress);
        var iot = await api.Send(HttpMethod.Post, "/", "iot", new { });
        Assert.Equal(HttpStatusCode.NotFound, iot.Status);
        Assert.Equal("UnknownOperationException", iot.ErrorCode);
        // Only the request with another Version reached the operation (which answers InvalidAction itself).
        Assert.Equal(1, host.RequestCount(Operations.GetCallerIdentity));
    }

    [Fact]
    public async Task GetCallerIdentity_cannot_be_denied_and_answers_a_key_that_is_denied_everything_else()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        Assert.Contains("cannot be denied", Assert.Throws<ArgumentException>(() => host.Deny("test", Operations.GetCallerIdentity)).Message);
        Assert.Contains("GetCallerIdentity cannot be denied",
            Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--deny", "test:GetCallerIdentity" })).Message);
        host.Deny("test", Operations.All.Where(o => o != Operations.GetCallerIdentity).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await StsClient.Send(host.BaseAddress)).Status);
    }

    [Fact]
    public async Task Scripted_faults_reach_STS_in_its_error_shape()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        host.ScriptFaults(Operations.GetCallerIdentity, 1, FaultKind.ExpiredToken, FaultKind.ServiceUnavailable);
        var expired = await StsClient.Send(host.BaseAddress);
        Assert.Equal(HttpStatusCode.Forbidden, expired.Status);
        Assert.Equal("ExpiredToken", expired.ErrorCode);
        Assert.Equal("The security token included in the request is expired", expired.ErrorMessage);
        var down = await StsClient.Send(host.BaseAddress);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("ServiceUnavailable", down.ErrorCode);
        Assert.Equal("Receiver", down.ErrorType);
        Assert.Equal(HttpStatusCode.OK, (await StsClient.Send(host.BaseAddress)).Status);
    }
}
