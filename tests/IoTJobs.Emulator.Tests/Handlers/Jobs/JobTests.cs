using System.Net;
using System.Text.Json;

namespace IoTJobs.Emulator.Tests.Handlers.Jobs;

/// <summary>CreateJob, CancelJob, ListJobs and a SNAPSHOT job completing.</summary>
public sealed class JobTests : EmulatorTestBase
{
    [Fact]
    public async Task CreateJob_creates_one_queued_execution_per_target()
    {
        foreach (var t in new[] { "a", "b", "c" }) await Api.CreateThing(t);
        var r = await Api.Control(HttpMethod.Put, "jobs/j-1", new
        {
            targets = new[] { ApiClient.Arn("a"), ApiClient.Arn("b"), ApiClient.Arn("c") },
            document = "{}", description = "update fw", targetSelection = "CONTINUOUS",
        });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:job/j-1", r.Body.GetProperty("jobArn").GetString());
        Assert.Equal("update fw", r.Body.GetProperty("description").GetString());
        var job = (await Api.Control(HttpMethod.Get, "jobs/j-1")).Body.GetProperty("job");
        Assert.Equal("IN_PROGRESS", job.GetProperty("status").GetString());
        Assert.Equal("CONTINUOUS", job.GetProperty("targetSelection").GetString());
        Assert.Equal(3, job.GetProperty("jobProcessDetails").GetProperty("numberOfQueuedThings").GetInt32());
        Assert.Equal(3, job.GetProperty("targets").GetArrayLength());
        foreach (var t in new[] { "a", "b", "c" })
        {
            var e = (await Api.Describe(t, "j-1")).Body.GetProperty("execution");
            Assert.Equal("QUEUED", e.GetProperty("status").GetString());
            Assert.Equal(1, e.GetProperty("versionNumber").GetInt64());
            Assert.Equal(1, e.GetProperty("executionNumber").GetInt64());
            Assert.Equal(ApiClient.Arn(t), e.GetProperty("thingArn").GetString());
            Assert.False(e.TryGetProperty("startedAt", out _));
        }
    }

    [Fact]
    public async Task CreateJob_errors()
    {
        await Api.CreateThing("a");
        var unknown = await Api.CreateJob("j1", "a", "ghost");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("ResourceNotFoundException", unknown.ErrorCode);
        Assert.Contains("ghost", unknown.Message);
        Assert.Equal(0, Store.JobCount);

        Assert.Equal(HttpStatusCode.OK, (await Api.CreateJob("j1", "a")).Status);
        var dup = await Api.CreateJob("j1", "a");
        Assert.Equal("ResourceAlreadyExistsException", dup.ErrorCode);
        Assert.Equal("j1", dup.Body.GetProperty("resourceId").GetString());

        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "jobs/j2", new { targets = new[] { ApiClient.Arn("a") } })).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "jobs/j2", new { targets = Array.Empty<string>(), document = "{}" })).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "jobs/j2", new { targets = new[] { "arn:aws:iot:eu-west-1:123456789012:thing/a" }, document = "{}" })).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "jobs/j2", new { targets = new[] { ApiClient.Arn("a") }, document = "{}", targetSelection = "ONCE" })).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "jobs/j2", new { targets = "a", document = "{}" })).ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Put, "jobs/j3", new { targets = new[] { ApiClient.Arn("a") }, documentSource = "https://example.com/doc.json" })).Status);
        Assert.Equal("https://example.com/doc.json", (await Api.Control(HttpMethod.Get, "jobs/j3")).Body.GetProperty("documentSource").GetString());
    }

    [Fact]
    public async Task CancelJob_cancels_queued_keeps_in_progress_without_force_and_leaves_terminal_alone()
    {
        foreach (var t in new[] { "q", "p", "s" }) await Api.CreateThing(t);
        await Api.CreateJob("j", "q", "p", "s");
        await Api.StartNext("p");
        await Api.Update("s", "j", new { status = "SUCCEEDED" });

        var r = await Api.Control(HttpMethod.Put, "jobs/j/cancel", new { reasonCode = "OPERATOR_ABORT", comment = "stop the rollout" });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("j", r.Body.GetProperty("jobId").GetString());
        Assert.Equal("CANCELED", Store.DescribeJobExecution("q", "j").Status);
        Assert.Equal("IN_PROGRESS", Store.DescribeJobExecution("p", "j").Status);
        Assert.Equal("SUCCEEDED", Store.DescribeJobExecution("s", "j").Status);
        var job = (await Api.Control(HttpMethod.Get, "jobs/j")).Body.GetProperty("job");
        Assert.Equal("CANCELED", job.GetProperty("status").GetString());
        Assert.Equal("OPERATOR_ABORT", job.GetProperty("reasonCode").GetString());
        Assert.Equal("stop the rollout", job.GetProperty("comment").GetString());
        Assert.False(job.GetProperty("forceCanceled").GetBoolean());
        var details = job.GetProperty("jobProcessDetails");
        Assert.Equal(1, details.GetProperty("numberOfCanceledThings").GetInt32());
        Assert.Equal(1, details.GetProperty("numberOfInProgressThings").GetInt32());
        Assert.Equal(1, details.GetProperty("numberOfSucceededThings").GetInt32());

        var forced = await Api.Control(HttpMethod.Put, "jobs/j/cancel?force=true", new { });
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        var p = Store.DescribeJobExecution("p", "j");
        Assert.Equal("CANCELED", p.Status);
        Assert.True(p.ForceCanceled);
        Assert.Equal("SUCCEEDED", Store.DescribeJobExecution("s", "j").Status);
        Assert.True((await Api.Control(HttpMethod.Get, "jobs/j")).Body.GetProperty("job").GetProperty("forceCanceled").GetBoolean());
    }

    [Theory]
    [InlineData("{\"reasonCode\":\"lower_case\"}")]
    [InlineData("{\"reasonCode\":\"HAS SPACE\"}")]
    [InlineData("{\"comment\":\"bell\\u0007\"}")]
    [InlineData("{\"comment\":\"\"}")]
    public async Task CancelJob_validates_reason_code_and_comment(string body)
    {
        await Api.CreateThing("a");
        await Api.CreateJob("j", "a");
        var r = await Api.Send(HttpMethod.Put, "jobs/j/cancel", "iot", rawBody: body);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
        Assert.Equal("IN_PROGRESS", Store.DescribeJob("j").Status);
    }

    [Fact]
    public async Task Snapshot_job_completes_when_all_executions_are_terminal()
    {
        await Api.CreateThing("a");
        await Api.CreateThing("b");
        await Api.CreateJob("j", "a", "b");
        await Api.Update("a", "j", new { status = "SUCCEEDED" });
        Assert.Equal("IN_PROGRESS", Store.DescribeJob("j").Status);
        await Api.Update("b", "j", new { status = "FAILED" });
        var job = (await Api.Control(HttpMethod.Get, "jobs/j")).Body.GetProperty("job");
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, job.GetProperty("completedAt").ValueKind);
    }

    [Fact]
    public async Task ListJobs_filters_by_status_and_target_selection()
    {
        await Api.CreateThing("a");
        await Api.CreateJob("j1", "a");
        await Api.Control(HttpMethod.Put, "jobs/j2", new { targets = new[] { ApiClient.Arn("a") }, document = "{}", targetSelection = "CONTINUOUS" });
        await Api.CreateJob("j3", "a");
        await Api.Control(HttpMethod.Put, "jobs/j3/cancel", new { });
        static string[] Ids(ApiResponse r) => r.Body.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()!).ToArray();
        Assert.Equal(new[] { "j1", "j2", "j3" }, Ids(await Api.Control(HttpMethod.Get, "jobs")));
        Assert.Equal(new[] { "j3" }, Ids(await Api.Control(HttpMethod.Get, "jobs?status=CANCELED")));
        Assert.Equal(new[] { "j1", "j2" }, Ids(await Api.Control(HttpMethod.Get, "jobs?status=IN_PROGRESS")));
        Assert.Equal(new[] { "j2" }, Ids(await Api.Control(HttpMethod.Get, "jobs?targetSelection=CONTINUOUS")));
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Get, "jobs?status=RUNNING")).ErrorCode);
    }
}
