using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Handlers.DataPlane;

/// <summary>Jobs data plane (scope iot-jobs-data): StartNext, UpdateJobExecution transitions, Describe shape, GetPending.</summary>
public sealed class DataPlaneTests : EmulatorTestBase
{
    // The emulator's clock stands at a whole second and 789 ms: data-plane timestamps are its whole seconds.
    private readonly FakeTimeProvider _clock = TestClock.Stopped(789);

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    [Fact]
    public async Task StartNext_starts_the_oldest_queued_and_then_keeps_returning_the_running_one()
    {
        await Api.CreateThing("d");
        await Api.CreateJob("first", "d");
        await Api.CreateJob("second", "d");

        var r = await Api.StartNext("d");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var e = r.Body.GetProperty("execution");
        Assert.Equal("first", e.GetProperty("jobId").GetString());
        Assert.Equal("IN_PROGRESS", e.GetProperty("status").GetString());
        Assert.Equal(2, e.GetProperty("versionNumber").GetInt64());
        Assert.Equal(JsonValueKind.Number, e.GetProperty("startedAt").ValueKind);
        Assert.True(e.GetProperty("startedAt").TryGetInt64(out _)); // data plane: whole seconds
        Assert.Equal("{\"op\":\"x\"}", e.GetProperty("jobDocument").GetString());

        // "pending" = IN_PROGRESS or QUEUED: the running execution comes back unchanged.
        var again = (await Api.StartNext("d")).Body.GetProperty("execution");
        Assert.Equal("first", again.GetProperty("jobId").GetString());
        Assert.Equal(2, again.GetProperty("versionNumber").GetInt64());

        await Api.Update("d", "first", new { status = "SUCCEEDED" });
        var next = (await Api.StartNext("d")).Body.GetProperty("execution");
        Assert.Equal("second", next.GetProperty("jobId").GetString());
        Assert.Equal("IN_PROGRESS", Store.DescribeJobExecution("d", "second").Status);
    }

    [Fact]
    public async Task StartNext_with_nothing_pending_returns_no_execution_and_unknown_thing_is_404()
    {
        await Api.CreateThing("d");
        var r = await Api.StartNext("d");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.False(r.Body.TryGetProperty("execution", out _));
        Assert.Equal("ResourceNotFoundException", (await Api.StartNext("ghost")).ErrorCode);
    }

    [Fact]
    public async Task StartNext_stores_status_details()
    {
        await Api.CreateThing("d");
        await Api.CreateJob("j", "d");
        await Api.StartNext("d", new { statusDetails = new Dictionary<string, string> { ["step"] = "download" } });
        Assert.Equal("download", Store.DescribeJobExecution("d", "j").StatusDetails["step"]);
    }

    [Theory]
    [InlineData("QUEUED", "IN_PROGRESS")]
    [InlineData("QUEUED", "SUCCEEDED")]
    [InlineData("QUEUED", "FAILED")]
    [InlineData("QUEUED", "REJECTED")]
    [InlineData("IN_PROGRESS", "IN_PROGRESS")]
    [InlineData("IN_PROGRESS", "SUCCEEDED")]
    [InlineData("IN_PROGRESS", "FAILED")]
    [InlineData("IN_PROGRESS", "REJECTED")]
    public async Task Device_transitions_that_are_allowed(string from, string to)
    {
        await Api.CreateThing("d");
        await Api.CreateJob("j", "d");
        if (from == "IN_PROGRESS") await Api.StartNext("d");
        long v = Store.DescribeJobExecution("d", "j").VersionNumber;
        var r = await Api.Update("d", "j", new { status = to, includeJobExecutionState = true, includeJobDocument = true });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var state = r.Body.GetProperty("executionState");
        Assert.Equal(to, state.GetProperty("status").GetString());
        Assert.Equal(v + 1, state.GetProperty("versionNumber").GetInt64());
        Assert.Equal("{\"op\":\"x\"}", r.Body.GetProperty("jobDocument").GetString());
        Assert.Equal(to, Store.DescribeJobExecution("d", "j").Status);
    }

    [Theory]
    [InlineData("SUCCEEDED")]
    [InlineData("FAILED")]
    [InlineData("REJECTED")]
    [InlineData("TIMED_OUT")]
    [InlineData("REMOVED")]
    [InlineData("CANCELED")]
    public async Task Terminal_executions_cannot_be_updated(string terminal)
    {
        await Api.CreateThing("d");
        await Api.CreateJob("j", "d");
        Store.SetExecutionStatus("d", "j", terminal);
        var r = await Api.Update("d", "j", new { status = "IN_PROGRESS" });
        Assert.Equal(HttpStatusCode.Conflict, r.Status);
        Assert.Equal("InvalidStateTransitionException", r.ErrorCode);
        Assert.Contains(terminal, r.Message);
    }

    [Theory]
    [InlineData("CANCELED")]
    [InlineData("QUEUED")]
    [InlineData("TIMED_OUT")]
    [InlineData("REMOVED")]
    public async Task Device_cannot_set_service_owned_states(string to)
    {
        await Api.CreateThing("d");
        await Api.CreateJob("j", "d");
        await Api.StartNext("d");
        var r = await Api.Update("d", "j", new { status = to });
        Assert.Equal("InvalidStateTransitionException", r.ErrorCode);
        Assert.Equal("IN_PROGRESS", Store.DescribeJobExecution("d", "j").Status);
    }

    [Fact]
    public async Task Update_validates_status_version_and_details()
    {
        await Api.CreateThing("d");
        await Api.CreateJob("j", "d");
        Assert.Equal("InvalidRequestException", (await Api.Update("d", "j", new { status = "DONE" })).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Update("d", "j", new { })).ErrorCode);
        // The data plane's model has no VersionConflictException: a version mismatch is its 409, with only a message.
        var conflict = await Api.Update("d", "j", new { status = "IN_PROGRESS", expectedVersion = 7 });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("InvalidStateTransitionException", conflict.ErrorCode);
        Assert.Contains("expected version 7", conflict.Message);
        Assert.Equal(new[] { "message" }, conflict.Body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("QUEUED", Store.DescribeJobExecution("d", "j").Status);
        var badDetails = await Api.Update("d", "j", new { status = "IN_PROGRESS", statusDetails = new Dictionary<string, string> { ["k"] = "" } });
        Assert.Equal("InvalidRequestException", badDetails.ErrorCode);
        var ok = await Api.Update("d", "j", new { status = "IN_PROGRESS", expectedVersion = 1, statusDetails = new Dictionary<string, string> { ["pct"] = "50" } });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal("50", Store.DescribeJobExecution("d", "j").StatusDetails["pct"]);
        Assert.Equal("ResourceNotFoundException", (await Api.Update("d", "j", new { status = "IN_PROGRESS", executionNumber = 99 })).ErrorCode);
    }

    [Fact]
    public async Task Data_plane_describe_has_the_device_shape()
    {
        await Api.CreateThing("d:1");
        await Api.CreateJob("j", "d:1");
        await Api.Update("d:1", "j", new { status = "IN_PROGRESS", statusDetails = new Dictionary<string, string> { ["a"] = "b" } });
        var r = await Api.Data(HttpMethod.Get, "things/d%3A1/jobs/j?includeJobDocument=true");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var e = r.Body.GetProperty("execution");
        Assert.Equal("d:1", e.GetProperty("thingName").GetString());
        Assert.Equal("b", e.GetProperty("statusDetails").GetProperty("a").GetString()); // bare map
        Assert.True(e.GetProperty("queuedAt").TryGetInt64(out long q));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), q);
        Assert.Equal("{\"op\":\"x\"}", e.GetProperty("jobDocument").GetString());
        Assert.Equal(1, Host.RequestCount(Operations.JobsDataDescribeJobExecution));
        Assert.Equal(0, Host.RequestCount(Operations.DescribeJobExecution));

        var next = await Api.Data(HttpMethod.Get, "things/d%3A1/jobs/%24next");
        Assert.Equal("j", next.Body.GetProperty("execution").GetProperty("jobId").GetString());
        Assert.True(next.Body.GetProperty("execution").TryGetProperty("jobDocument", out _)); // default: included
        var noDoc = await Api.Data(HttpMethod.Get, "things/d%3A1/jobs/j?includeJobDocument=false");
        Assert.False(noDoc.Body.GetProperty("execution").TryGetProperty("jobDocument", out _));
    }

    [Fact]
    public async Task GetPending_lists_in_progress_and_queued()
    {
        await Api.CreateThing("d");
        await Api.CreateJob("a", "d");
        await Api.CreateJob("b", "d");
        await Api.CreateJob("c", "d");
        await Api.StartNext("d");
        await Api.Update("d", "c", new { status = "SUCCEEDED" });
        var r = await Api.Data(HttpMethod.Get, "things/d/jobs");
        Assert.Equal(new[] { "a" }, r.Body.GetProperty("inProgressJobs").EnumerateArray().Select(x => x.GetProperty("jobId").GetString()));
        Assert.Equal(new[] { "b" }, r.Body.GetProperty("queuedJobs").EnumerateArray().Select(x => x.GetProperty("jobId").GetString()));
        Assert.Equal(1, r.Body.GetProperty("queuedJobs")[0].GetProperty("versionNumber").GetInt64());
    }

    [Fact]
    public async Task Control_plane_paths_are_not_served_on_the_data_plane()
    {
        var r = await Api.Data(HttpMethod.Get, "jobs");
        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        Assert.Equal("UnknownOperationException", r.ErrorCode);
    }
}
