using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>Response parsing: epoch-second timestamps, optional members, unknown enums and members.</summary>
public class ParsingTests
{
    private static async Task<T> With<T>(string body, Func<IoTJobsClient, Task<T>> call)
    {
        await using var server = FakeServer.Start(Reply.Ok(body));
        using var client = TestClients.For(server);
        return await call(client);
    }

    [Fact]
    public async Task DescribeJobExecution_AwsCliSample()
    {
        // awscli examples/iot/describe-job-execution.rst (real AWS output).
        var e = await With("""{"execution":{"jobId":"example-job-01","status":"QUEUED","statusDetails":{},"thingArn":"arn:aws:iot:us-west-2:123456789012:thing/MyRaspberryPi","queuedAt":1560787023.636,"lastUpdatedAt":1560787023.636,"executionNumber":1,"versionNumber":1}}""",
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
        var e = await With("""{"execution":{"jobId":"j","status":"PAUSED_FOR_NEW_REASON","forceCanceled":true,"statusDetails":{"detailsMap":{"step":"3","note":"x y"}},"startedAt":1700000000,"approximateSecondsBeforeTimedOut":42,"versionNumber":9007199254740993,"executionNumber":5,"brandNewMember":{"deep":[1,2]}},"alsoNew":1}""",
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
        var e = await With("{}", c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Null(e.JobId);
        Assert.Null(e.Status);
        Assert.Null(e.QueuedAt);
    }

    [Theory]
    [InlineData("1560787023.636", 2019, 6, 17, 15, 57, 3, 636)]
    [InlineData("0", 1970, 1, 1, 0, 0, 0, 0)]
    [InlineData("1.5", 1970, 1, 1, 0, 0, 1, 500)]
    [InlineData("\"2024-02-03T04:05:06.789Z\"", 2024, 2, 3, 4, 5, 6, 789)]
    public async Task Timestamps_EpochSecondsOrIso(string raw, int y, int mo, int d, int h, int mi, int s, int ms)
    {
        var e = await With($"{{\"execution\":{{\"queuedAt\":{raw}}}}}", c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, ms, DateTimeKind.Utc), e.QueuedAt);
    }

    [Fact]
    public async Task WrongTypedMembers_AreTreatedAsAbsent()
    {
        var e = await With("""{"execution":{"queuedAt":{"x":1},"executionNumber":"12","versionNumber":[1],"forceCanceled":"true","status":null}}""",
            c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Null(e.QueuedAt);
        Assert.Equal(12, e.ExecutionNumber);
        Assert.Null(e.VersionNumber);
        Assert.True(e.ForceCanceled);
        Assert.Null(e.Status);
    }

    [Fact]
    public async Task DescribeJob_JobWithProcessDetails()
    {
        var j = await With("""
            {"documentSource":"https://x","job":{"jobArn":"arn:aws:iot:us-east-1:123456789012:job/j1","jobId":"j1","targetSelection":"SNAPSHOT","status":"IN_PROGRESS",
             "forceCanceled":false,"reasonCode":"R1","comment":"c","targets":["arn:aws:iot:us-east-1:123456789012:thing/a","arn:aws:iot:us-east-1:123456789012:thing/b"],
             "description":"desc","namespaceId":"ns","isConcurrent":true,"createdAt":1700000000.25,"lastUpdatedAt":1700000001,"completedAt":1700000002,
             "jobProcessDetails":{"processingTargets":[],"numberOfCanceledThings":1,"numberOfSucceededThings":2,"numberOfFailedThings":3,"numberOfRejectedThings":4,
               "numberOfQueuedThings":5,"numberOfInProgressThings":6,"numberOfRemovedThings":7,"numberOfTimedOutThings":8},
             "timeoutConfig":{"inProgressTimeoutInMinutes":10},"scheduledJobRollouts":[]}}
            """, c => c.DescribeJobAsync("j1"));
        Assert.Equal("j1", j.JobId);
        Assert.Equal("SNAPSHOT", j.TargetSelection);
        Assert.Equal("IN_PROGRESS", j.Status);
        Assert.False(j.ForceCanceled);
        Assert.Equal("R1", j.ReasonCode);
        Assert.Equal("c", j.Comment);
        Assert.Equal(2, j.Targets!.Count);
        Assert.Equal("desc", j.Description);
        Assert.Equal("ns", j.NamespaceId);
        Assert.True(j.IsConcurrent);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, 250, DateTimeKind.Utc), j.CreatedAt);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 22, DateTimeKind.Utc), j.CompletedAt);
        var p = j.ProcessDetails!;
        Assert.Equal(new int?[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new[] { p.NumberOfCanceledThings, p.NumberOfSucceededThings, p.NumberOfFailedThings, p.NumberOfRejectedThings,
            p.NumberOfQueuedThings, p.NumberOfInProgressThings, p.NumberOfRemovedThings, p.NumberOfTimedOutThings });
    }

    [Fact]
    public async Task DescribeThing_AttributesAndVersion()
    {
        var t = await With("""{"defaultClientId":"dev:1","thingName":"dev:1","thingId":"id-1","thingArn":"arn:aws:iot:us-east-1:123456789012:thing/dev:1","thingTypeName":"sensor","attributes":{"color":"red","n":"1"},"version":3,"billingGroupName":"bg"}""",
            c => c.DescribeThingAsync("dev:1"));
        Assert.Equal("dev:1", t.ThingName);
        Assert.Equal("id-1", t.ThingId);
        Assert.Equal("sensor", t.ThingTypeName);
        Assert.Equal("red", t.Attributes!["color"]);
        Assert.Equal(3, t.Version);
        Assert.Equal("dev:1", t.DefaultClientId);
        Assert.Equal("bg", t.BillingGroupName);
    }

    [Fact]
    public async Task ListJobExecutionsForJob_And_ForThing_Summaries()
    {
        await using var server = FakeServer.Start((req, _) => req.RawPath.StartsWith("/jobs")
            ? Reply.Ok("""{"executionSummaries":[{"thingArn":"arn:aws:iot:us-east-1:123456789012:thing/a","jobExecutionSummary":{"status":"IN_PROGRESS","queuedAt":1,"startedAt":2,"lastUpdatedAt":3,"executionNumber":4,"retryAttempt":1}}]}""")
            : Reply.Ok("""{"executionSummaries":[{"jobId":"j9","jobExecutionSummary":{"status":"NEW_STATE"}}],"nextToken":""}"""));
        using var client = TestClients.For(server);
        var forJob = await ToList(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" }));
        var s = Assert.Single(forJob);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:thing/a", s.ThingArn);
        Assert.Null(s.JobId);
        Assert.Equal("IN_PROGRESS", s.Status);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 2, DateTimeKind.Utc), s.StartedAt);
        Assert.Equal(4, s.ExecutionNumber);
        Assert.Equal(1, s.RetryAttempt);

        var forThing = await ToList(client.ListJobExecutionsForThingAsync(new ListJobExecutionsForThingRequest { ThingName = "a" }));
        var t = Assert.Single(forThing);
        Assert.Equal("j9", t.JobId);
        Assert.Null(t.ThingArn);
        Assert.Equal("NEW_STATE", t.Status);
        Assert.Equal(2, server.Count); // empty nextToken ended the listing
    }

    [Fact]
    public async Task ListJobs_And_ListThings_Items()
    {
        await using var server = FakeServer.Start((req, _) => req.RawPath == "/jobs"
            ? Reply.Ok("""{"jobs":[{"jobArn":"arn:aws:iot:us-east-1:123456789012:job/j1","jobId":"j1","thingGroupId":"g","targetSelection":"CONTINUOUS","status":"COMPLETED","createdAt":10,"isConcurrent":false}]}""")
            : Reply.Ok("""{"things":[{"thingName":"a","thingTypeName":"tt","thingArn":"arn:aws:iot:us-east-1:123456789012:thing/a","attributes":{},"version":1},{"thingName":"b"}]}"""));
        using var client = TestClients.For(server);
        var job = Assert.Single(await ToList(client.ListJobsAsync(new ListJobsRequest())));
        Assert.Equal("j1", job.JobId);
        Assert.Equal("g", job.ThingGroupId);
        Assert.Equal("COMPLETED", job.Status);
        Assert.Null(job.ProcessDetails);
        var things = await ToList(client.ListThingsAsync(new ListThingsRequest()));
        Assert.Equal(new[] { "a", "b" }, things.Select(t => t.ThingName));
        Assert.Empty(things[0].Attributes!);
        Assert.Null(things[1].Attributes);
    }

    [Theory]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"execution\":")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task SuccessBodyThatIsNotAJsonObject_IsInvalidResponseNamingTheOperation(string body)
    {
        await using var server = FakeServer.Start(Reply.Raw(200, "text/html", body));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobExecutionAsync("t", "j"));
        Assert.Equal(ErrorCodes.InvalidResponse, ex.ErrorCode);
        Assert.Contains("DescribeJobExecution", ex.Message);
        Assert.Equal("DescribeJobExecution", ex.Operation);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task CancelJobExecution_AcceptsEmptyOrObjectBody()
    {
        await using var server = FakeServer.Start(Reply.Raw(200, "", ""), Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" });
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" });
        Assert.Equal(2, server.Count);
    }

    internal static async Task<List<T>> ToList<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }
}
