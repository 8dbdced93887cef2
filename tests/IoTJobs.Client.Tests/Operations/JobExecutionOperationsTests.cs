using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>CancelJobExecution, DescribeJobExecution and the two execution lists: the exact bytes sent (compare the botocore captures in
/// aws-iot-jobs-api.md §1, §5) and what is read back.</summary>
public class JobExecutionOperationsTests
{
    [Fact]
    public async Task CancelJobExecution_AllMembers_PutWithForceQueryAndJsonBody()
    {
        await using var server = ScriptedServer.Start(Reply.Ok(""));
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
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
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
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "dev:colon_1", JobId = "job-colon" });
        Assert.Equal("/things/dev%3Acolon_1/jobs/job-colon/cancel", server.Last.Target);
    }

    [Fact]
    public async Task DescribeJobExecution_GetWithExecutionNumber_NoBodyNoContentType()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{\"execution\":{}}"));
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
        await using var server = ScriptedServer.Start(Reply.Ok("{\"execution\":{}}"));
        using var client = TestClients.For(server);
        await client.DescribeJobExecutionAsync("dev1", "job1");
        Assert.Equal("/things/dev1/jobs/job1", server.Last.Target);
    }

    [Fact]
    public async Task ListJobExecutionsForJob_StatusAndPageSize()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{\"executionSummaries\":[]}"));
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
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListJobExecutionsForThingAsync(new ListJobExecutionsForThingRequest
        { ThingName = "a:b", Status = "QUEUED", NamespaceId = "ns1", JobId = "j1", PageSize = 1 })) { }
        var r = server.Last;
        Assert.Equal("/things/a%3Ab/jobs", r.RawPath);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "QUEUED", ["namespaceId"] = "ns1", ["jobId"] = "j1", ["maxResults"] = "1" }, r.QueryParams());
    }

    [Fact]
    public async Task EmptyLabels_AreRejectedWithTheParameterName()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "", JobId = "j" }));
        Assert.Equal("ThingName", ex.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => client.DescribeJobAsync(""));
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task DescribeJobExecution_AwsCliSample()
    {
        // awscli examples/iot/describe-job-execution.rst (real AWS output).
        var e = await TestClients.Answering("""{"execution":{"jobId":"example-job-01","status":"QUEUED","statusDetails":{},"thingArn":"arn:aws:iot:us-west-2:123456789012:thing/MyRaspberryPi","queuedAt":1560787023.636,"lastUpdatedAt":1560787023.636,"executionNumber":1,"versionNumber":1}}""",
            c => c.DescribeJobExecutionAsync("MyRaspberryPi", "example-job-01"));
        Assert.Equal("example-job-01", e.JobId);
        Assert.Equal("QUEUED", e.Status);
        Assert.Equal("arn:aws:iot:us-west-2:123456789012:thing/MyRaspberryPi", e.ThingArn);
        Assert.Equal(new DateTime(2019, 6, 17, 15, 57, 3, 636, DateTimeKind.Utc), e.QueuedAt);
        Assert.Equal(DateTimeKind.Utc, e.QueuedAt!.Value.Kind);
        Assert.Equal(e.QueuedAt, e.LastUpdatedAt);
        Assert.Null(e.StartedAt);
        Assert.Null(e.ForceCanceled);
        Assert.Null(e.ApproximateSecondsBeforeTimedOut);
        Assert.Null(e.StatusDetails); // statusDetails {} has no detailsMap
        Assert.Equal(1, e.ExecutionNumber);
        Assert.Equal(1, e.VersionNumber);
    }

    [Fact]
    public async Task DescribeJobExecution_FullMembers_DetailsMapAndUnknownEnumAndExtraMembers()
    {
        var e = await TestClients.Answering("""{"execution":{"jobId":"j","status":"PAUSED_FOR_NEW_REASON","forceCanceled":true,"statusDetails":{"detailsMap":{"step":"3","note":"x y"}},"startedAt":1700000000,"approximateSecondsBeforeTimedOut":42,"versionNumber":9007199254740993,"executionNumber":5,"brandNewMember":{"deep":[1,2]}},"alsoNew":1}""",
            c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Equal("PAUSED_FOR_NEW_REASON", e.Status);
        Assert.True(e.ForceCanceled);
        Assert.Equal(new Dictionary<string, string> { ["step"] = "3", ["note"] = "x y" }, e.StatusDetails);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), e.StartedAt);
        Assert.Equal(42, e.ApproximateSecondsBeforeTimedOut);
        Assert.Equal(9007199254740993L, e.VersionNumber);
        Assert.Equal(5, e.ExecutionNumber);
    }

    [Fact]
    public async Task DescribeJobExecution_EmptyObjects_AllNull()
    {
        var e = await TestClients.Answering("{}", c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Null(e.JobId);
        Assert.Null(e.Status);
        Assert.Null(e.QueuedAt);
    }

    [Fact]
    public async Task ListJobExecutionsForJob_And_ForThing_Summaries()
    {
        await using var server = ScriptedServer.Start((req, _) => req.RawPath.StartsWith("/jobs")
            ? Reply.Ok("""{"executionSummaries":[{"thingArn":"arn:aws:iot:us-east-1:123456789012:thing/a","jobExecutionSummary":{"status":"IN_PROGRESS","queuedAt":1,"startedAt":2,"lastUpdatedAt":3,"executionNumber":4,"retryAttempt":1}}]}""")
            : Reply.Ok("""{"executionSummaries":[{"jobId":"j9","jobExecutionSummary":{"status":"NEW_STATE"}}],"nextToken":""}"""));
        using var client = TestClients.For(server);
        var forJob = await Items.All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" }));
        var s = Assert.Single(forJob);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:thing/a", s.ThingArn);
        Assert.Null(s.JobId);
        Assert.Equal("IN_PROGRESS", s.Status);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 2, DateTimeKind.Utc), s.StartedAt);
        Assert.Equal(4, s.ExecutionNumber);
        Assert.Equal(1, s.RetryAttempt);

        var forThing = await Items.All(client.ListJobExecutionsForThingAsync(new ListJobExecutionsForThingRequest { ThingName = "a" }));
        var t = Assert.Single(forThing);
        Assert.Equal("j9", t.JobId);
        Assert.Null(t.ThingArn);
        Assert.Equal("NEW_STATE", t.Status);
        Assert.Equal(2, server.Count); // empty nextToken ended the listing
    }

    [Fact]
    public async Task CancelJobExecution_AcceptsEmptyOrObjectBody()
    {
        await using var server = ScriptedServer.Start(Reply.Raw(200, "", ""), Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" });
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" });
        Assert.Equal(2, server.Count);
    }
}
