using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>DescribeJob, ListJobs and CancelJob: the bytes sent and what is read back.</summary>
public class JobOperationsTests
{
    [Fact]
    public async Task ListJobs_AllFilters_UnsetOnesLeftOut()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListJobsAsync(new ListJobsRequest { Status = "IN_PROGRESS", TargetSelection = "SNAPSHOT", ThingGroupName = "g1", PageSize = 250 })) { }
        Assert.Equal("/jobs", server.Last.RawPath);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "IN_PROGRESS", ["targetSelection"] = "SNAPSHOT", ["thingGroupName"] = "g1", ["maxResults"] = "250" }, server.Last.QueryParams());

        await foreach (var _ in client.ListJobsAsync(new ListJobsRequest())) { }
        Assert.Equal("/jobs", server.Last.Target);
    }

    [Fact]
    public async Task CancelJob_ForceReasonAndComment()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{\"jobArn\":\"arn:aws:iot:us-east-1:123456789012:job/j1\",\"jobId\":\"j1\",\"description\":\"d\"}"));
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
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.CancelJobAsync(new CancelJobRequest { JobId = "j1" });
        Assert.Equal("/jobs/j1/cancel", server.Last.Target);
        Assert.Equal("{}", server.Last.BodyText);
    }

    [Fact]
    public async Task DescribeJob_And_DescribeThing_Paths()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        await client.DescribeJobAsync("job_1");
        Assert.Equal("GET /jobs/job_1", server.Last.Method + " " + server.Last.Target);
        await client.DescribeThingAsync("thing:with:colons");
        Assert.Equal("GET /things/thing%3Awith%3Acolons", server.Last.Method + " " + server.Last.Target);
    }

    [Fact]
    public async Task DescribeJob_JobWithProcessDetails()
    {
        var j = await TestClients.Answering("""
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
    public async Task ListJobs_And_ListThings_Items()
    {
        await using var server = ScriptedServer.Start((req, _) => req.RawPath == "/jobs"
            ? Reply.Ok("""{"jobs":[{"jobArn":"arn:aws:iot:us-east-1:123456789012:job/j1","jobId":"j1","thingGroupId":"g","targetSelection":"CONTINUOUS","status":"COMPLETED","createdAt":10,"isConcurrent":false}]}""")
            : Reply.Ok("""{"things":[{"thingName":"a","thingTypeName":"tt","thingArn":"arn:aws:iot:us-east-1:123456789012:thing/a","attributes":{},"version":1},{"thingName":"b"}]}"""));
        using var client = TestClients.For(server);
        var job = Assert.Single(await Items.All(client.ListJobsAsync(new ListJobsRequest())));
        Assert.Equal("j1", job.JobId);
        Assert.Equal("g", job.ThingGroupId);
        Assert.Equal("COMPLETED", job.Status);
        Assert.Null(job.ProcessDetails);
        var things = await Items.All(client.ListThingsAsync(new ListThingsRequest()));
        Assert.Equal(new[] { "a", "b" }, things.Select(t => t.ThingName));
        Assert.Empty(things[0].Attributes!);
        Assert.Null(things[1].Attributes);
    }
}
