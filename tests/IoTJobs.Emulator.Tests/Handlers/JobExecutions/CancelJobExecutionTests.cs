using System.Net;
using System.Text.Json;

namespace IoTJobs.Emulator.Tests.Handlers.JobExecutions;

/// <summary>CancelJobExecution, every row of the §8 cancel rules, over signed HTTP.</summary>
public sealed class CancelJobExecutionTests : EmulatorTestBase
{
    private async Task Setup(string thing = "dev1", string job = "job1")
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateThing(thing)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateJob(job, thing)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Queued_is_canceled_with_or_without_force(bool? force)
    {
        await Setup();
        var before = await Api.Describe("dev1", "job1");
        Assert.Equal("QUEUED", Status(before));
        var r = await Api.Cancel("dev1", "job1", force);
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var after = await Api.Describe("dev1", "job1");
        Assert.Equal("CANCELED", Status(after));
        Assert.Equal(Version(before) + 1, Version(after));
        Assert.False(after.Body.GetProperty("execution").GetProperty("forceCanceled").GetBoolean());
    }

    [Fact]
    public async Task In_progress_without_force_is_InvalidStateTransition()
    {
        await Setup();
        await Api.StartNext("dev1");
        foreach (bool? force in new bool?[] { null, false })
        {
            var r = await Api.Cancel("dev1", "job1", force);
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("InvalidStateTransitionException", r.ErrorCode);
            Assert.Contains("IN_PROGRESS", r.Message);
        }
        Assert.Equal("IN_PROGRESS", Status(await Api.Describe("dev1", "job1")));
    }

    [Fact]
    public async Task In_progress_with_force_is_canceled_and_marked_forceCanceled()
    {
        await Setup();
        await Api.StartNext("dev1");
        var before = await Api.Describe("dev1", "job1");
        var r = await Api.Cancel("dev1", "job1", true);
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var after = await Api.Describe("dev1", "job1");
        Assert.Equal("CANCELED", Status(after));
        Assert.True(after.Body.GetProperty("execution").GetProperty("forceCanceled").GetBoolean());
        Assert.Equal(Version(before) + 1, Version(after));

        // After a forced cancel the device can no longer update it.
        var upd = await Api.Update("dev1", "job1", new { status = "SUCCEEDED" });
        Assert.Equal("InvalidStateTransitionException", upd.ErrorCode);
    }

    [Theory]
    [InlineData("SUCCEEDED", false)]
    [InlineData("SUCCEEDED", true)]
    [InlineData("FAILED", false)]
    [InlineData("FAILED", true)]
    [InlineData("REJECTED", false)]
    [InlineData("REJECTED", true)]
    [InlineData("TIMED_OUT", false)]
    [InlineData("TIMED_OUT", true)]
    [InlineData("REMOVED", false)]
    [InlineData("REMOVED", true)]
    [InlineData("CANCELED", false)]
    [InlineData("CANCELED", true)]
    public async Task Terminal_states_cannot_be_canceled(string terminal, bool force)
    {
        await Setup();
        Store.SetExecutionStatus("dev1", "job1", terminal);
        var before = await Api.Describe("dev1", "job1");
        var r = await Api.Cancel("dev1", "job1", force);
        Assert.Equal(HttpStatusCode.Conflict, r.Status);
        Assert.Equal("InvalidStateTransitionException", r.ErrorCode);
        Assert.Contains(terminal, r.Message);
        var after = await Api.Describe("dev1", "job1");
        Assert.Equal(terminal, Status(after));
        Assert.Equal(Version(before), Version(after));
    }

    [Fact]
    public async Task Canceling_twice_is_an_error_the_second_time()
    {
        await Setup();
        Assert.Equal(HttpStatusCode.OK, (await Api.Cancel("dev1", "job1")).Status);
        var second = await Api.Cancel("dev1", "job1");
        Assert.Equal("InvalidStateTransitionException", second.ErrorCode);
        Assert.Contains("CANCELED", second.Message);
    }

    [Fact]
    public async Task Expected_version_mismatch_is_VersionConflict_with_only_its_message()
    {
        await Setup();
        await Api.StartNext("dev1"); // version 2
        var r = await Api.Cancel("dev1", "job1", true, new { expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, r.Status);
        Assert.Equal("VersionConflictException", r.ErrorCode);
        // botocore's VersionConflictException has one member, message: the current state is not in the error, as on AWS.
        Assert.Equal(new[] { "message" }, r.Body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.DoesNotContain("IN_PROGRESS", r.Message);
        var current = await Api.Describe("dev1", "job1");
        Assert.Equal("IN_PROGRESS", Status(current));
        Assert.Equal(2, Version(current));

        var ok = await Api.Cancel("dev1", "job1", true, new { expectedVersion = 2 });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(3, Version(await Api.Describe("dev1", "job1")));
    }

    [Fact]
    public async Task Unknown_job_thing_or_execution_is_ResourceNotFound()
    {
        await Setup();
        await Api.CreateThing("other");
        await Api.CreateJob("job2", "other");
        foreach (var (thing, job) in new[] { ("dev1", "nojob"), ("nothing", "job1"), ("dev1", "job2") })
        {
            var r = await Api.Cancel(thing, job);
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("ResourceNotFoundException", r.ErrorCode);
        }
    }

    [Fact]
    public async Task Status_details_are_stored_on_cancel()
    {
        await Setup();
        var details = new Dictionary<string, string> { ["reason"] = "operator request", ["ticket:id"] = "T-1" };
        Assert.Equal(HttpStatusCode.OK, (await Api.Cancel("dev1", "job1", null, new { statusDetails = details })).Status);
        var map = (await Api.Describe("dev1", "job1")).Body.GetProperty("execution").GetProperty("statusDetails").GetProperty("detailsMap");
        Assert.Equal("operator request", map.GetProperty("reason").GetString());
        Assert.Equal("T-1", map.GetProperty("ticket:id").GetString());
    }

    public static TheoryData<string> BadDetails() => new()
    {
        JsonSerializer.Serialize(Enumerable.Range(0, 11).ToDictionary(i => $"k{i}", i => "v")),
        "{\"bad key\":\"v\"}",
        "{\"\":\"v\"}",
        "{\"" + new string('k', 129) + "\":\"v\"}",
        "{\"k\":\"\"}",
        "{\"k\":\"line\\nbreak\"}",
        "{\"k\":\"" + new string('v', 1025) + "\"}",
        "{\"k\":5}",
        "[1,2]",
    };

    [Theory]
    [MemberData(nameof(BadDetails))]
    public async Task Invalid_status_details_are_InvalidRequest(string detailsJson)
    {
        await Setup();
        var r = await Api.Send(HttpMethod.Put, "things/dev1/jobs/job1/cancel", "iot", rawBody: "{\"statusDetails\":" + detailsJson + "}");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
        Assert.Equal("QUEUED", Status(await Api.Describe("dev1", "job1")));
    }

    [Fact]
    public async Task Ten_details_and_1024_char_values_are_allowed()
    {
        await Setup();
        var details = Enumerable.Range(0, 10).ToDictionary(i => $"k{i}", _ => new string('v', 1024));
        Assert.Equal(HttpStatusCode.OK, (await Api.Cancel("dev1", "job1", null, new { statusDetails = details })).Status);
    }

    [Theory]
    [InlineData("force=yes")]
    [InlineData("force=TRUE")]
    [InlineData("force=1")]
    [InlineData("force=")]
    public async Task Force_accepts_only_true_or_false(string query)
    {
        await Setup();
        var r = await Api.Control(HttpMethod.Put, $"things/dev1/jobs/job1/cancel?{query}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
        Assert.Contains("force", r.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("  ")]
    public async Task Body_may_be_empty_or_empty_object(string? body)
    {
        await Setup();
        var r = body == null
            ? await Api.Send(HttpMethod.Put, "things/dev1/jobs/job1/cancel", "iot")
            : await Api.Send(HttpMethod.Put, "things/dev1/jobs/job1/cancel", "iot", rawBody: body);
        Assert.Equal(HttpStatusCode.OK, r.Status);
    }

    [Theory]
    [InlineData("{\"expectedVersion\": ")]
    [InlineData("{\"expectedVersion\": \"two\"}")]
    [InlineData("{\"expectedVersion\": 1.5}")]
    [InlineData("not json")]
    [InlineData("\"string\"")]
    public async Task Malformed_bodies_are_400_not_500(string body)
    {
        await Setup();
        var r = await Api.Send(HttpMethod.Put, "things/dev1/jobs/job1/cancel", "iot", rawBody: body);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
    }

    [Fact]
    public async Task Concurrent_cancels_of_one_execution_succeed_exactly_once()
    {
        await Setup();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api.Cancel("dev1", "job1")));
        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(19, results.Count(r => r.ErrorCode == "InvalidStateTransitionException"));
        Assert.Equal(2, Version(await Api.Describe("dev1", "job1")));
    }
}
