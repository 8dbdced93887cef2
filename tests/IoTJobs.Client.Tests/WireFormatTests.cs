using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>The exact bytes each operation puts on the wire (compare botocore captures in aws-iot-jobs-api.md §1, §5).</summary>
public class WireFormatTests
{
    [Fact]
    public async Task CancelJobExecution_AllMembers_PutWithForceQueryAndJsonBody()
    {
        await using var server = FakeServer.Start(Reply.Ok(""));
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest
        {
            ThingName = "dev3", JobId = "job1", Force = true, ExpectedVersion = 2,
            StatusDetails = new Dictionary<string, string> { ["reason"] = "operator" },
        });
        var r = server.Last;
        Assert.Equal("PUT", r.Method);
        Assert.Equal("/things/dev3/jobs/job1/cancel?force=true", r.Target);
        Assert.Equal("application/json", r.Header("Content-Type"));
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal(2, doc.RootElement.GetProperty("expectedVersion").GetInt64());
        Assert.Equal("operator", doc.RootElement.GetProperty("statusDetails").GetProperty("reason").GetString());
        Assert.Equal(2, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task CancelJobExecution_NoMembers_SendsEmptyObjectAndNoQuery()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "dev3", JobId = "job1" });
        var r = server.Last;
        Assert.Equal("/things/dev3/jobs/job1/cancel", r.Target);
        Assert.Equal("{}", r.BodyText);
        Assert.Equal("2", r.Header("Content-Length"));
        Assert.Equal("application/json", r.Header("Content-Type"));
        Assert.Contains("content-type", SigV4Reference.ParseAuthorization(r.Header("Authorization")!).SignedHeaders);
    }

    [Fact]
    public async Task PathLabels_ArePercentEncoded_ColonBecomes3A()
    {
        await using var server = FakeServer.Start(Reply.Ok());
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "dev:colon_1", JobId = "job-colon" });
        Assert.Equal("/things/dev%3Acolon_1/jobs/job-colon/cancel", server.Last.Target);
    }

    [Fact]
    public async Task DescribeJobExecution_GetWithExecutionNumber_NoBodyNoContentType()
    {
        await using var server = FakeServer.Start(Reply.Ok("{\"execution\":{}}"));
        using var client = TestClients.For(server);
        await client.DescribeJobExecutionAsync("dev:1", "job1", 123);
        var r = server.Last;
        Assert.Equal("GET", r.Method);
        Assert.Equal("/things/dev%3A1/jobs/job1?executionNumber=123", r.Target);
        Assert.Empty(r.Body);
        Assert.Null(r.Header("Content-Type"));
        Assert.DoesNotContain("content-type", SigV4Reference.ParseAuthorization(r.Header("Authorization")!).SignedHeaders);
    }

    [Fact]
    public async Task DescribeJobExecution_WithoutExecutionNumber_HasNoQuery()
    {
        await using var server = FakeServer.Start(Reply.Ok("{\"execution\":{}}"));
        using var client = TestClients.For(server);
        await client.DescribeJobExecutionAsync("dev1", "job1");
        Assert.Equal("/things/dev1/jobs/job1", server.Last.Target);
    }

    [Fact]
    public async Task ListJobExecutionsForJob_StatusAndPageSize()
    {
        await using var server = FakeServer.Start(Reply.Ok("{\"executionSummaries\":[]}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "job1", Status = "IN_PROGRESS", PageSize = 50 })) { }
        var r = server.Last;
        Assert.Equal("GET", r.Method);
        Assert.Equal("/jobs/job1/things", r.RawPath);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "IN_PROGRESS", ["maxResults"] = "50" }, r.QueryParams());
    }

    [Fact]
    public async Task ListJobExecutionsForThing_AllFilters()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListJobExecutionsForThingAsync(new ListJobExecutionsForThingRequest
        { ThingName = "a:b", Status = "QUEUED", NamespaceId = "ns1", JobId = "j1", PageSize = 1 })) { }
        var r = server.Last;
        Assert.Equal("/things/a%3Ab/jobs", r.RawPath);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "QUEUED", ["namespaceId"] = "ns1", ["jobId"] = "j1", ["maxResults"] = "1" }, r.QueryParams());
    }

    [Fact]
    public async Task ListJobs_AllFilters_UnsetOnesLeftOut()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListJobsAsync(new ListJobsRequest { Status = "IN_PROGRESS", TargetSelection = "SNAPSHOT", ThingGroupName = "g1", PageSize = 250 })) { }
        Assert.Equal("/jobs", server.Last.RawPath);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "IN_PROGRESS", ["targetSelection"] = "SNAPSHOT", ["thingGroupName"] = "g1", ["maxResults"] = "250" }, server.Last.QueryParams());

        await foreach (var _ in client.ListJobsAsync(new ListJobsRequest())) { }
        Assert.Equal("/jobs", server.Last.Target);
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public async Task ListThings_BooleanQueryIsLowercase(bool prefix, string expected)
    {
        await using var server = FakeServer.Start(Reply.Ok("{\"things\":[]}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListThingsAsync(new ListThingsRequest { AttributeName = "color", AttributeValue = "r=d/1", ThingTypeName = "t1", UsePrefixAttributeValue = prefix })) { }
        var q = server.Last.QueryParams();
        Assert.Equal(expected, q["usePrefixAttributeValue"]);
        Assert.Equal("r=d/1", q["attributeValue"]);
        Assert.Contains("attributeValue=r%3Dd%2F1", server.Last.RawQuery);
        Assert.Equal("/things", server.Last.RawPath);
    }

    [Fact]
    public async Task CancelJob_ForceReasonAndComment()
    {
        await using var server = FakeServer.Start(Reply.Ok("{\"jobArn\":\"arn:aws:iot:us-east-1:123456789012:job/j1\",\"jobId\":\"j1\",\"description\":\"d\"}"));
        using var client = TestClients.For(server);
        var result = await client.CancelJobAsync(new CancelJobRequest { JobId = "j1", Force = true, ReasonCode = "OPERATOR_STOP", Comment = "no more" });
        var r = server.Last;
        Assert.Equal("PUT", r.Method);
        Assert.Equal("/jobs/j1/cancel?force=true", r.Target);
        Assert.Equal("{\"reasonCode\":\"OPERATOR_STOP\",\"comment\":\"no more\"}", r.BodyText);
        Assert.Equal("j1", result.JobId);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:job/j1", result.JobArn);
        Assert.Equal("d", result.Description);
    }

    [Fact]
    public async Task CancelJob_NoOptionalMembers_SendsEmptyObject()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.CancelJobAsync(new CancelJobRequest { JobId = "j1" });
        Assert.Equal("/jobs/j1/cancel", server.Last.Target);
        Assert.Equal("{}", server.Last.BodyText);
    }

    [Fact]
    public async Task DescribeJob_And_DescribeThing_Paths()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.DescribeJobAsync("job_1");
        Assert.Equal("GET /jobs/job_1", server.Last.Method + " " + server.Last.Target);
        await client.DescribeThingAsync("thing:with:colons");
        Assert.Equal("GET /things/thing%3Awith%3Acolons", server.Last.Method + " " + server.Last.Target);
    }

    [Fact]
    public async Task EndpointWithBasePath_IsPrefixed()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server, o => o.EndpointUrl = server.BaseAddress + "prefix");
        await client.DescribeJobAsync("j1");
        Assert.Equal("/prefix/jobs/j1", server.Last.Target);
    }

    [Fact]
    public async Task SignedRequest_HasHostDateAndSha256_AndNoExpectContinue()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
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
        await using var server = FakeServer.Start(Reply.Ok("{}"));
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
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => client.ListJobsAsync(new ListJobsRequest { PageSize = size }));
        Assert.Contains("1 to 250", ex.Message);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task EmptyLabels_AreRejectedWithTheParameterName()
    {
        await using var server = FakeServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "", JobId = "j" }));
        Assert.Equal("ThingName", ex.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => client.DescribeJobAsync(""));
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task ClientIsThreadSafe_ConcurrentCallsAllSucceed()
    {
        await using var server = FakeServer.Start((req, _) => Reply.Ok($"{{\"thingName\":\"{req.RawPath.Split('/').Last()}\"}}"));
        using var client = TestClients.For(server);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.DescribeThingAsync("t" + i)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "t" + i), results.Select(t => t.ThingName));
        Assert.All(server.Requests, r => Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey), SigV4Reference.ParseAuthorization(r.Header("Authorization")!).Signature));
    }
}
