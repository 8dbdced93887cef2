using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>Lists are lazy: a page is requested only when the consumer moves past the previous one.</summary>
public class PaginatorTests
{
    private static string Page(int from, int count, string? next) =>
        "{\"executionSummaries\":[" + string.Join(",", Enumerable.Range(from, count).Select(i =>
            $"{{\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/t{i}\",\"jobExecutionSummary\":{{\"status\":\"QUEUED\",\"executionNumber\":{i}}}}}")) +
        "]" + (next == null ? "" : $",\"nextToken\":\"{next}\"") + "}";

    private static ScriptedServer ThreePages() => ScriptedServer.Start((req, _) => req.QueryParams().GetValueOrDefault("nextToken") switch
    {
        null => Reply.Ok(Page(0, 10, "p2")),
        "p2" => Reply.Ok(Page(10, 10, "p3")),
        "p3" => Reply.Ok(Page(20, 3, null)),
        var t => Reply.Error(400, "InvalidRequestException", "bad token " + t),
    });

    [Fact]
    public async Task TakingFiveOfPageOne_SendsNoSecondRequest()
    {
        await using var server = ThreePages();
        using var client = TestClients.For(server);
        var taken = new List<JobExecutionSummaryData>();
        await foreach (var s in client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1", PageSize = 10 }))
        {
            taken.Add(s);
            if (taken.Count == 5) break;
        }
        Assert.Equal(5, taken.Count);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task NextPage_IsRequestedOnlyWhenMovingPastTheLastItem()
    {
        await using var server = ThreePages();
        using var client = TestClients.For(server);
        await using var e = client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" }).GetAsyncEnumerator();
        for (int i = 0; i < 10; i++) Assert.True(await e.MoveNextAsync());
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:thing/t9", e.Current.ThingArn);
        Assert.Equal(1, server.Count);
        Assert.True(await e.MoveNextAsync());
        Assert.Equal(2, server.Count);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:thing/t10", e.Current.ThingArn);
    }

    [Fact]
    public async Task AllPages_InOrder_TokensSentBack_FiltersKeptOnEveryPage()
    {
        await using var server = ThreePages();
        using var client = TestClients.For(server);
        var all = await Items.All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1", Status = "QUEUED", PageSize = 10 }));
        Assert.Equal(Enumerable.Range(0, 23).Select(i => (long?)i), all.Select(s => s.ExecutionNumber));
        Assert.Equal(3, server.Count);
        Assert.Equal(new string?[] { null, "p2", "p3" }, server.Requests.Select(r => r.QueryParams().GetValueOrDefault("nextToken")));
        Assert.All(server.Requests, r => Assert.Equal("QUEUED", r.QueryParams()["status"]));
        Assert.All(server.Requests, r => Assert.Equal("10", r.QueryParams()["maxResults"]));
    }

    [Fact]
    public async Task EmptyNextToken_EndsTheListing()
    {
        await using var server = ScriptedServer.Start(Reply.Ok(Page(0, 2, "")));
        using var client = TestClients.For(server);
        Assert.Equal(2, (await Items.All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" }))).Count);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task RepeatedNextToken_StopsWithInvalidResponse()
    {
        await using var server = ScriptedServer.Start(Reply.Ok(Page(0, 1, "same")));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Items.All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" })));
        Assert.Equal(ErrorCodes.InvalidResponse, ex.ErrorCode);
        Assert.Equal(2, server.Count); // page 1 gave "same"; page 2 gave "same" again -> stop instead of looping
    }

    [Fact]
    public async Task ErrorOnSecondPage_SurfacesAfterFirstPageItems()
    {
        await using var server = ScriptedServer.Start((req, i) => i == 0 ? Reply.Ok(Page(0, 2, "p2")) : Reply.Error(404, "ResourceNotFoundException", "job deleted"));
        using var client = TestClients.For(server);
        var seen = new List<JobExecutionSummaryData>();
        var ex = await Assert.ThrowsAsync<IoTServiceException>(async () => { await foreach (var s in client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" })) seen.Add(s); });
        Assert.Equal(2, seen.Count);
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }

    [Fact]
    public async Task EnumeratorCancellation_StopsBeforeNextPage()
    {
        await using var server = ThreePages();
        using var client = TestClients.For(server);
        using var cts = new CancellationTokenSource();
        int n = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "j1" }).WithCancellation(cts.Token))
                if (++n == 10) cts.Cancel();
        });
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task ListJobs_ListThings_ListForThing_AllPage()
    {
        await using var server = ScriptedServer.Start((req, _) =>
        {
            bool first = !req.QueryParams().ContainsKey("nextToken");
            return req.RawPath switch
            {
                "/jobs" => Reply.Ok(first ? "{\"jobs\":[{\"jobId\":\"a\"}],\"nextToken\":\"n\"}" : "{\"jobs\":[{\"jobId\":\"b\"}]}"),
                "/things" => Reply.Ok(first ? "{\"things\":[{\"thingName\":\"a\"}],\"nextToken\":\"n\"}" : "{\"things\":[{\"thingName\":\"b\"}]}"),
                _ => Reply.Ok(first ? "{\"executionSummaries\":[{\"jobId\":\"a\"}],\"nextToken\":\"n\"}" : "{\"executionSummaries\":[{\"jobId\":\"b\"}]}"),
            };
        });
        using var client = TestClients.For(server);
        Assert.Equal(new[] { "a", "b" }, (await Items.All(client.ListJobsAsync(new ListJobsRequest()))).Select(j => j.JobId));
        Assert.Equal(new[] { "a", "b" }, (await Items.All(client.ListThingsAsync(new ListThingsRequest()))).Select(j => j.ThingName));
        Assert.Equal(new[] { "a", "b" }, (await Items.All(client.ListJobExecutionsForThingAsync(new ListJobExecutionsForThingRequest { ThingName = "t" }))).Select(j => j.JobId));
        Assert.Equal(6, server.Count);
    }
}
