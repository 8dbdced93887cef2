using System.Globalization;
using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Secrets;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>STS GetCallerIdentity over the query protocol: the exact form post, the XML read back, errors, and the shared pipeline.</summary>
public class StsOperationsTests
{
    private const string Identity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:sts::111122223333:assumed-role/Ops/carol</Arn>
            <UserId>AROAEXAMPLE:carol</UserId>
            <Account>111122223333</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """;

    private static Reply Xml(int status, string body, params (string, string)[] headers) => Reply.Raw(status, "text/xml", body, headers);

    private static Reply StsError(int status, string code, string message, string type = "Sender") => Xml(status,
        $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error>" +
        "<RequestId>req-sts-1</RequestId></ErrorResponse>");

    [Fact]
    public async Task TheRequest_IsASignedFormPost_ToTheStsEndpoint()
    {
        await using var server = ScriptedServer.Start(Xml(200, Identity));
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken);
        var identity = await client.GetCallerIdentityAsync();
        var r = server.Last;
        Assert.Equal("POST /", r.Method + " " + r.Target);
        Assert.Equal("Action=GetCallerIdentity&Version=2011-06-15", r.BodyText);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", r.Header("Content-Type"));
        var auth = SigV4Reference.ParseAuthorization(r.Header("Authorization")!);
        Assert.Equal(("us-east-1", "sts"), (auth.Region, auth.Service));
        Assert.Contains("content-type", auth.SignedHeaders);
        Assert.Equal(TestClients.SessionToken, r.Header("X-Amz-Security-Token"));
        Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey), auth.Signature);
        Assert.Equal(("111122223333", "arn:aws:sts::111122223333:assumed-role/Ops/carol", "AROAEXAMPLE:carol"), (identity.Account, identity.Arn, identity.UserId));
    }

    [SkippableFact]
    public async Task TheBody_IsWhatBotocoreSerializes()
    {
        Skip.IfNot(Python.Has("botocore"), "python3 with botocore is not installed");
        var botocore = Python.Run("""
import json, botocore.session
from botocore.awsrequest import prepare_request_dict, create_request_object
model = botocore.session.get_session().get_service_model('sts')
op = model.operation_model('GetCallerIdentity')
d = botocore.serialize.create_serializer('query').serialize_to_request({}, op)
prepare_request_dict(d, endpoint_url='https://sts.us-east-1.amazonaws.com')
r = create_request_object(d).prepare()
print(json.dumps({'method': r.method, 'url': r.url, 'body': r.body if isinstance(r.body, str) else r.body.decode(), 'ct': r.headers['Content-Type']}))
""".Replace("import json, botocore.session", "import json, botocore.session, botocore.serialize"));
        var expected = JsonDocument.Parse(botocore!).RootElement;
        await using var server = ScriptedServer.Start(Xml(200, Identity));
        using var client = TestClients.For(server);
        await client.GetCallerIdentityAsync();
        Assert.Equal(expected.GetProperty("method").GetString(), server.Last.Method);
        Assert.Equal("https://sts.us-east-1.amazonaws.com/", expected.GetProperty("url").GetString());
        Assert.Equal(expected.GetProperty("body").GetString(), server.Last.BodyText);
        Assert.Equal(expected.GetProperty("ct").GetString(), server.Last.Header("Content-Type"));
    }

    [Fact]
    public async Task AnErrorResponse_IsAnIoTServiceException_WithCodeMessageAndRequestId_NotRetried()
    {
        await using var server = ScriptedServer.Start(StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid."));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.GetCallerIdentityAsync());
        Assert.Equal(("InvalidClientTokenId", 403, "req-sts-1", "GetCallerIdentity", 1), (ex.ErrorCode, ex.StatusCode, ex.RequestId, ex.Operation, ex.Attempts));
        Assert.Equal("GetCallerIdentity failed: InvalidClientTokenId: The security token included in the request is invalid.", ex.Message);
        Assert.Equal("The security token included in the request is invalid.", ex.ServiceMessage);
        Assert.Equal("Sender", ex.ExtraFields!["Type"]);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task Throttling_AndAnHtml503_AreRetried()
    {
        await using var server = ScriptedServer.Start(StsError(400, "Throttling", "Rate exceeded"), Reply.Raw(503, "text/html", "<html>unavailable</html>"), Xml(200, Identity));
        using var client = TestClients.For(server, out var clock);
        Assert.Equal("111122223333", (await client.GetCallerIdentityAsync()).Account);
        Assert.Equal(3, server.Count);
        Assert.Equal(2, clock.Delays.Count);
    }

    [Fact]
    public async Task ABodyThatIsNotXml_IsDescribedByItsStatus()
    {
        await using var server = ScriptedServer.Start(Reply.Raw(502, "text/html", "<html><body>Bad Gateway</body></html>"));
        using var client = TestClients.For(server, o => o.MaxAttempts = 1);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.GetCallerIdentityAsync());
        Assert.Equal("HttpStatus502", ex.ErrorCode);
        Assert.Contains("The service returned HTTP 502 Bad Gateway with a body that is not XML (text/html, ", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"Account\":\"111122223333\"}")]
    [InlineData("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>")]
    public async Task ASuccessWithoutAnAccount_IsInvalidResponse_NamingTheEndpoint(string body)
    {
        await using var server = ScriptedServer.Start(Xml(200, body));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.GetCallerIdentityAsync());
        Assert.Equal((ErrorCodes.InvalidResponse, "GetCallerIdentity"), (ex.ErrorCode, ex.Operation));
        Assert.Contains($"is {server.BaseAddress.GetLeftPart(UriPartial.Authority)} an AWS STS endpoint?", ex.Message);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task ARefusalOnTime_IsCorrectedAndRetried_LikeAnyOtherCall()
    {
        var serviceNow = DateTime.UtcNow.AddMinutes(25);
        await using var server = ScriptedServer.Start(
            Xml(403, $"<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: 20261201T100000Z is now earlier than 20261201T100500Z</Message></Error></ErrorResponse>",
                ("Date", serviceNow.ToString("r", CultureInfo.InvariantCulture))),
            Xml(200, Identity));
        using var client = TestClients.For(server);
        Assert.Equal("111122223333", (await client.GetCallerIdentityAsync()).Account);
        Assert.Equal(2, server.Count);
        var signedAt = SigV4Reference.SignedAt(server.Requests[1]);
        Assert.InRange((signedAt - serviceNow).TotalSeconds, -5, 5);
    }

    [Fact]
    public async Task AdaptiveMode_PacesStsApartFromEveryIoTOperation()
    {
        await using var server = ScriptedServer.Start(StsError(400, "Throttling", "Rate exceeded"), Xml(200, Identity));
        using var client = TestClients.For(server, o => o.RetryMode = RetryModes.Adaptive);
        await client.GetCallerIdentityAsync();
        Assert.Equal(1, client.GetRateLimiter("sts:GetCallerIdentity")!.ThrottleCount);
        Assert.False(client.GetRateLimiter("GetCallerIdentity")!.Enabled);
    }

    [Fact]
    public async Task AnErrorEchoingTheSecret_IsRedacted()
    {
        await using var server = ScriptedServer.Start(StsError(403, "SignatureDoesNotMatch", $"canonical request had {TestClients.SessionToken} and {TestClients.SecretKey}"));
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.GetCallerIdentityAsync());
        AssertClean(Chain(ex));
        AssertClean(ex.ServiceMessage!);
        Assert.Contains("***", ex.Message);
    }
}
