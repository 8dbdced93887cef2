using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Handlers.JobExecutions;

/// <summary>DeleteJobExecution, and DescribeJobExecution by number with its wire timestamps.</summary>
public sealed class JobExecutionTests : EmulatorTestBase
{
    // The emulator's clock stands at a whole second and 123 ms, so timestamps can be compared exactly.
    private readonly FakeTimeProvider _clock = TestClock.Stopped(123);

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    [Fact]
    public async Task DeleteJobExecution_rules()
    {
        await Api.CreateThing("a");
        await Api.CreateJob("j", "a");
        await Api.StartNext("a");
        var noForce = await Api.Control(HttpMethod.Delete, "things/a/jobs/j/executionNumber/1");
        Assert.Equal("InvalidStateTransitionException", noForce.ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Delete, "things/a/jobs/j/executionNumber/2?force=true")).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Delete, "things/a/jobs/j/executionNumber/one")).ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Delete, "things/a/jobs/j/executionNumber/1?force=true")).Status);
        Assert.Equal("ResourceNotFoundException", (await Api.Describe("a", "j")).ErrorCode);
        Assert.Equal(0, Store.DescribeJob("j").StatusCounts.Values.Sum());
    }

    [Fact]
    public async Task Describe_execution_by_number_and_timestamps_are_fractional_epoch_seconds()
    {
        await Api.CreateThing("a");
        await Api.CreateJob("j", "a");
        await Api.StartNext("a");
        var r = await Api.Control(HttpMethod.Get, "things/a/jobs/j?executionNumber=1");
        var e = r.Body.GetProperty("execution");
        double queued = e.GetProperty("queuedAt").GetDouble();
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds() + 0.123, queued, 3);
        var snap = Store.DescribeJobExecution("a", "j");
        Assert.Equal(snap.QueuedAt.ToUnixTimeMilliseconds() / 1000.0, queued, 3);
        Assert.Equal(JsonValueKind.Number, e.GetProperty("startedAt").ValueKind);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "things/a/jobs/j?executionNumber=5")).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Get, "things/a/jobs/j?executionNumber=x")).ErrorCode);
    }
}
