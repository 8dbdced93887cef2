using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>rest-json error mapping (botocore RestJSONParser rules, aws-iot-jobs-api.md §2).</summary>
public class RestJsonErrorsTests
{
    private static async Task<(IoTServiceException ex, int requests)> Fail(Reply reply, int maxAttempts = 1)
    {
        await using var server = ScriptedServer.Start(reply);
        using var client = TestClients.For(server, o => o.MaxAttempts = maxAttempts);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" }));
        return (ex, server.Count);
    }

    public static TheoryData<int, string, string, string, string> Cases => new()
    {
        // status, x-amzn-ErrorType header ("" = none), body, expected code, expected message
        { 409, "InvalidStateTransitionException", """{"message":"cannot cancel"}""", "InvalidStateTransitionException", "cannot cancel" },
        { 404, "ResourceNotFoundException:", """{"message":"Not Found","traceId":"abc"}""", "ResourceNotFoundException", "Not Found" },
        { 404, "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/", """{"message":"x"}""", "ResourceNotFoundException", "x" },
        { 400, "", """{"code":"InvalidRequestException","message":"bad"}""", "InvalidRequestException", "bad" },
        { 400, "", """{"Code":"InvalidRequestException","Message":"Bad upper"}""", "InvalidRequestException", "Bad upper" },
        { 409, "", """{"__type":"com.amazonaws.iot#VersionConflictException","message":"v"}""", "VersionConflictException", "v" },
        { 409, "", """{"__type":"aws.protocoltests.restjson#VersionConflictException:http://internal.amazon.com/coral/com.amazon.coral.validate/","message":"v2"}""", "VersionConflictException", "v2" },
        { 403, "InvalidSignatureException", """{"message":"The request signature we calculated does not match"}""", "InvalidSignatureException", "does not match" },
        { 400, "ThrottlingException", """{"__type":"ThrottlingException","message":"Rate exceeded"}""", "ThrottlingException", "Rate exceeded" },
        { 410, "", """{"__type":"LimitExceededException","message":"limit"}""", "LimitExceededException", "limit" },
        { 401, "UnauthorizedException", """{"message":"nope"}""", "UnauthorizedException", "nope" },
        // Header wins over body.
        { 400, "InvalidRequestException", """{"__type":"SomethingElse","message":"m"}""", "InvalidRequestException", "m" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ErrorCode_And_Message(int status, string header, string body, string code, string message)
    {
        var reply = header.Length > 0
            ? Reply.Json(status, body, ("x-amzn-ErrorType", header), ("x-amzn-RequestId", "rid-1"))
            : Reply.Json(status, body, ("x-amzn-RequestId", "rid-1"));
        var (ex, _) = await Fail(reply);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(message, ex.Message);
        Assert.Contains(message, ex.ServiceMessage);
        Assert.Equal("rid-1", ex.RequestId);
        Assert.Equal("CancelJobExecution", ex.Operation);
        Assert.Equal(1, ex.Attempts);
    }

    [Fact]
    public async Task ExtraBodyMembers_AreFlattenedToStrings()
    {
        var (ex, _) = await Fail(Reply.Json(409, """{"message":"version mismatch","executionState":{"status":"IN_PROGRESS","versionNumber":3},"resourceId":"r1","count":5}""",
            ("x-amzn-ErrorType", "VersionConflictException")));
        Assert.Equal(ErrorCodes.VersionConflictException, ex.ErrorCode);
        Assert.Equal("r1", ex.ExtraFields!["resourceId"]);
        Assert.Equal("5", ex.ExtraFields["count"]);
        using var state = JsonDocument.Parse(ex.ExtraFields["executionState"]);
        Assert.Equal(3, state.RootElement.GetProperty("versionNumber").GetInt32());
        Assert.False(ex.ExtraFields.ContainsKey("message"));
    }

    [Fact]
    public async Task NoExtraMembers_ExtraFieldsIsNull()
    {
        var (ex, _) = await Fail(Reply.Error(404, "ResourceNotFoundException", "gone"));
        Assert.Null(ex.ExtraFields);
    }

    [Fact]
    public async Task HtmlBody_503_IsAnIoTServiceExceptionWithStatusCode_AndRetried()
    {
        var (ex, requests) = await Fail(Reply.Raw(503, "text/html", "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"), maxAttempts: 3);
        Assert.Equal("HttpStatus503", ex.ErrorCode);
        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("HTTP 503", ex.Message);
        Assert.Contains("not JSON", ex.Message);
        Assert.Contains("Service Temporarily Unavailable", ex.Message);
        Assert.Equal(3, requests);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("gave up after 3 attempts", ex.Message);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task EmptyBody_404()
    {
        var (ex, _) = await Fail(Reply.Raw(404, "", ""));
        Assert.Equal("HttpStatus404", ex.ErrorCode);
        Assert.Contains("empty body", ex.Message);
        Assert.Null(ex.ServiceMessage);
    }

    [Fact]
    public async Task TruncatedJson_400_UsesHeaderCodeAndNeverThrowsJsonException()
    {
        var (ex, _) = await Fail(Reply.Json(400, "{\"message\":\"trunc", ("x-amzn-ErrorType", "InvalidRequestException")));
        Assert.Equal("InvalidRequestException", ex.ErrorCode);
        Assert.Contains("not JSON", ex.Message);
        Assert.IsNotType<JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task JsonWithoutCodeOrMessage_UsesStatus()
    {
        var (ex, _) = await Fail(Reply.Json(400, "{\"foo\":1}"));
        Assert.Equal("HttpStatus400", ex.ErrorCode);
        Assert.Contains("without a message", ex.Message);
        Assert.Equal("1", ex.ExtraFields!["foo"]);
    }

    [Fact]
    public async Task IsThrottling_Property()
    {
        var (ex, _) = await Fail(Reply.Error(400, "ThrottlingException", "slow down"));
        Assert.True(ex.IsThrottling);
    }
}
