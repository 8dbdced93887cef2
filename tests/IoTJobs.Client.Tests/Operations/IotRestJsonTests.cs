using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>The rest-json calls every operation shares: base paths, signed headers, page-size checks, success bodies, concurrency.</summary>
public class IotRestJsonTests
{
    [Fact]
    public async Task EndpointWithBasePath_IsPrefixed()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server, o => o.EndpointUrl = server.BaseAddress + "prefix");
        await client.DescribeJobAsync("j1");
        Assert.Equal("/prefix/jobs/j1", server.Last.Target);
    }

    [Fact]
    public async Task SignedRequest_HasHostDateAndSha256_AndNoExpectContinue()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.CancelJobAsync(new CancelJobRequest { JobId = "j1" });
        var r = server.Last;
        var auth = SigV4Reference.ParseAuthorization(r.Header("Authorization")!);
        Assert.Equal(TestClients.AccessKey, auth.AccessKey);
        Assert.Equal("us-east-1", auth.Region);
        Assert.Equal("iot", auth.Service);
        Assert.Contains("host", auth.SignedHeaders);
        Assert.Contains("x-amz-date", auth.SignedHeaders);
        Assert.Null(r.Header("X-Amz-Security-Token"));
        Assert.Null(r.Header("Expect"));
    }

    [Fact]
    public async Task SessionToken_IsSentAndSigned()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken);
        await client.DescribeThingAsync("t1");
        var r = server.Last;
        Assert.Equal(TestClients.SessionToken, r.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", SigV4Reference.ParseAuthorization(r.Header("Authorization")!).SignedHeaders);
        Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey), SigV4Reference.ParseAuthorization(r.Header("Authorization")!).Signature);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(251)]
    public async Task PageSizeOutOfRange_IsRejectedBeforeSending(int size)
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => client.ListJobsAsync(new ListJobsRequest { PageSize = size }));
        Assert.Contains("1 to 250", ex.Message);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task ClientIsThreadSafe_ConcurrentCallsAllSucceed()
    {
        await using var server = ScriptedServer.Start((req, _) => Reply.Ok($"{{\"thingName\":\"{req.RawPath.Split('/').Last()}\"}}"));
        using var client = TestClients.For(server);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.DescribeThingAsync("t" + i)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "t" + i), results.Select(t => t.ThingName));
        Assert.All(server.Requests, r => Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey), SigV4Reference.ParseAuthorization(r.Header("Authorization")!).Signature));
    }

    [Theory]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"execution\":")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task SuccessBodyThatIsNotAJsonObject_IsInvalidResponseNamingTheOperation(string body)
    {
        await using var server = ScriptedServer.Start(Reply.Raw(200, "text/html", body));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobExecutionAsync("t", "j"));
        Assert.Equal(ErrorCodes.InvalidResponse, ex.ErrorCode);
        Assert.Contains("DescribeJobExecution", ex.Message);
        Assert.Equal("DescribeJobExecution", ex.Operation);
        Assert.Equal(1, server.Count);
    }
}
