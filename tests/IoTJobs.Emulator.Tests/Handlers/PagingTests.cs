using System.Net;

namespace IoTJobs.Emulator.Tests.Handlers;

/// <summary>maxResults, opaque nextToken and list filters.</summary>
public sealed class PagingTests : EmulatorTestBase
{
    private async Task<List<string>> PageAll(string path, string arrayName, Func<System.Text.Json.JsonElement, string> key, int pageSize, List<int>? sizes = null)
    {
        var all = new List<string>();
        string? token = null;
        string sep = path.Contains('?') ? "&" : "?";
        do
        {
            var r = await Api.Control(HttpMethod.Get, $"{path}{sep}maxResults={pageSize}" + (token == null ? "" : $"&nextToken={Uri.EscapeDataString(token)}"));
            Assert.Equal(HttpStatusCode.OK, r.Status);
            var items = r.Body.GetProperty(arrayName).EnumerateArray().Select(key).ToList();
            sizes?.Add(items.Count);
            all.AddRange(items);
            token = r.Body.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
        } while (token != null);
        return all;
    }

    private void Seed(int n, string job = "j", IReadOnlyList<string>? inProgress = null) =>
        Store.Seed(job, Enumerable.Range(1, n).Select(i => $"t{i:D3}").ToList(), inProgress);

    [Fact]
    public async Task ListJobExecutionsForJob_pages_without_gaps_or_repeats()
    {
        Seed(25);
        var sizes = new List<int>();
        var all = await PageAll("jobs/j/things", "executionSummaries", e => e.GetProperty("thingArn").GetString()!, 10, sizes);
        Assert.Equal(new[] { 10, 10, 5 }, sizes);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => ApiClient.Arn($"t{i:D3}")), all);
    }

    [Fact]
    public async Task Status_filter_pages_and_is_stable_while_items_are_canceled()
    {
        Seed(30, inProgress: Enumerable.Range(1, 30).Where(i => i % 3 == 0).Select(i => $"t{i:D3}").ToList());
        var queued = new List<string>();
        string? token = null;
        do
        {
            var r = await Api.Control(HttpMethod.Get, "jobs/j/things?status=QUEUED&maxResults=4" + (token == null ? "" : $"&nextToken={Uri.EscapeDataString(token)}"));
            var page = r.Body.GetProperty("executionSummaries").EnumerateArray().ToList();
            Assert.All(page, e => Assert.Equal("QUEUED", e.GetProperty("jobExecutionSummary").GetProperty("status").GetString()));
            foreach (var e in page)
            {
                string thing = e.GetProperty("thingArn").GetString()!.Split('/')[1];
                queued.Add(thing);
                // Canceling what we just read must not make the next page skip anything.
                Assert.Equal(HttpStatusCode.OK, (await Api.Cancel(thing, "j")).Status);
            }
            token = r.Body.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
        } while (token != null);
        Assert.Equal(20, queued.Count);
        Assert.Equal(20, queued.Distinct().Count());
        Assert.Equal(20, Store.DescribeJob("j").StatusCounts["CANCELED"]);
    }

    [Fact]
    public async Task ListJobExecutionsForThing_filters_by_status_job_and_namespace()
    {
        await Api.CreateThing("d");
        for (int i = 1; i <= 7; i++) await Api.CreateJob($"job{i}", "d");
        await Api.Control(HttpMethod.Put, "jobs/nsjob", new { targets = new[] { ApiClient.Arn("d") }, document = "{}", namespaceId = "aws" });
        await Api.StartNext("d");
        var all = await PageAll("things/d/jobs", "executionSummaries", e => e.GetProperty("jobId").GetString()!, 3);
        Assert.Equal(new[] { "job1", "job2", "job3", "job4", "job5", "job6", "job7", "nsjob" }, all);
        Assert.Equal(new[] { "job1" }, await PageAll("things/d/jobs?status=IN_PROGRESS", "executionSummaries", e => e.GetProperty("jobId").GetString()!, 2));
        Assert.Equal(new[] { "job5" }, await PageAll("things/d/jobs?jobId=job5", "executionSummaries", e => e.GetProperty("jobId").GetString()!, 2));
        Assert.Equal(new[] { "nsjob" }, await PageAll("things/d/jobs?namespaceId=aws", "executionSummaries", e => e.GetProperty("jobId").GetString()!, 250));
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "things/ghost/jobs")).ErrorCode);
    }

    [Fact]
    public async Task ListThings_and_ListJobs_page()
    {
        Seed(7);
        Store.CreateJob("k", new[] { ApiClient.Arn("t001") }, "{}");
        Store.CreateJob("m", new[] { ApiClient.Arn("t001") }, "{}");
        Assert.Equal(7, (await PageAll("things", "things", t => t.GetProperty("thingName").GetString()!, 2)).Distinct().Count());
        Assert.Equal(new[] { "j", "k", "m" }, await PageAll("jobs", "jobs", j => j.GetProperty("jobId").GetString()!, 1));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("251")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task MaxResults_outside_1_to_250_is_InvalidRequest(string max)
    {
        Seed(1);
        foreach (string path in new[] { "jobs/j/things", "things/t001/jobs", "jobs", "things" })
        {
            var r = await Api.Control(HttpMethod.Get, $"{path}?maxResults={max}");
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("InvalidRequestException", r.ErrorCode);
            Assert.Contains("maxResults", r.Message);
        }
    }

    [Fact]
    public async Task MaxResults_1_and_250_are_accepted()
    {
        Seed(300);
        var one = await Api.Control(HttpMethod.Get, "jobs/j/things?maxResults=1");
        Assert.Equal(1, one.Body.GetProperty("executionSummaries").GetArrayLength());
        var max = await Api.Control(HttpMethod.Get, "jobs/j/things?maxResults=250");
        Assert.Equal(250, max.Body.GetProperty("executionSummaries").GetArrayLength());
        Assert.True(max.Body.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task Bad_or_foreign_next_tokens_are_InvalidRequest()
    {
        Seed(5);
        var first = await Api.Control(HttpMethod.Get, "jobs/j/things?maxResults=2");
        string token = first.Body.GetProperty("nextToken").GetString()!;
        string tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        foreach (string path in new[]
                 {
                     "jobs/j/things?nextToken=garbage!!",
                     $"jobs/j/things?nextToken={Uri.EscapeDataString(tampered)}",
                     $"jobs/j/things?status=QUEUED&nextToken={Uri.EscapeDataString(token)}", // other filters
                     $"things/t001/jobs?nextToken={Uri.EscapeDataString(token)}",           // other operation
                     $"jobs?nextToken={Convert.ToBase64String("ListJobs|0|x|y"u8.ToArray())}",
                 })
        {
            var r = await Api.Control(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("InvalidRequestException", r.ErrorCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, $"jobs/j/things?maxResults=2&nextToken={Uri.EscapeDataString(token)}")).Status);
    }

    [Fact]
    public async Task Store_holds_100000_executions_and_pages_them_quickly()
    {
        var names = Enumerable.Range(0, 100_000).Select(i => $"bulk{i}").ToList();
        Store.Seed("big", names, names.Take(1000).ToList());
        Assert.Equal(100_000, Store.ExecutionCount);
        long scanned = Store.ScannedItems;
        var r = await Api.Control(HttpMethod.Get, "jobs/big/things?status=QUEUED&maxResults=250");
        Assert.Equal(250, r.Body.GetProperty("executionSummaries").GetArrayLength());
        var job = (await Api.Control(HttpMethod.Get, "jobs/big")).Body.GetProperty("job").GetProperty("jobProcessDetails");
        Assert.Equal(99_000, job.GetProperty("numberOfQueuedThings").GetInt32());
        Assert.Equal(1000, job.GetProperty("numberOfInProgressThings").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Api.Cancel("bulk99999", "big")).Status);
        // Quick by construction, not by a stopwatch: the page looked at the 1,000 IN_PROGRESS executions before the
        // first QUEUED one, its 250 and the one that says more follow; the counts and the cancel looked at no list.
        Assert.Equal(1000 + 250 + 1, Store.ScannedItems - scanned);
        var next = await Api.Control(HttpMethod.Get, $"jobs/big/things?status=QUEUED&maxResults=250&nextToken={Uri.EscapeDataString(r.Body.GetProperty("nextToken").GetString()!)}");
        Assert.Equal(250, next.Body.GetProperty("executionSummaries").GetArrayLength());
        Assert.Equal(1000 + 250 + 1 + 251, Store.ScannedItems - scanned); // the next page starts where the last ended
        Assert.Equal(100_000, Store.ExecutionCount);
    }
}
