using System.Net;
using IoTJobs.Emulator.Hosting;
using IoTJobs.Emulator.Http;
using IoTJobs.Emulator.Store;

namespace IoTJobs.Emulator.Tests.Store;

/// <summary>
/// What the service does over time, on a clock the test moves: CancelJob canceling executions at a pace while the job
/// shows isConcurrent, and in-progress and step timers turning executions TIMED_OUT. Each event happens at the time
/// it was due, whenever the store is next asked.
/// </summary>
public sealed class EmulatorStoreTimersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed class Clock
    {
        public DateTimeOffset Now = T0;
        // Whole ticks, rounded: AddSeconds truncates (2.6 s would be one tick short).
        public void Advance(double seconds) => Now = Now.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    private static (EmulatorStore Store, Clock Clock, string[] Things) Fleet(int n, double cancelRate = 0, double timeScale = 1)
    {
        var clock = new Clock();
        var store = new EmulatorStore(clock: () => clock.Now) { JobCancelRate = cancelRate, TimeScale = timeScale };
        var things = Enumerable.Range(1, n).Select(i => $"d{i}").ToArray();
        foreach (var t in things) store.CreateThing(t);
        return (store, clock, things);
    }

    private static int Count(EmulatorStore s, string job, string status) => s.DescribeJob(job).StatusCounts.TryGetValue(status, out int n) ? n : 0;

    [Fact]
    public void Paced_CancelJob_cancels_one_execution_per_interval_while_the_job_is_canceled_and_concurrent()
    {
        var (store, clock, things) = Fleet(10, cancelRate: 2); // one every 0.5 s
        store.CreateJob("fw", things.Select(store.ThingArn).ToList(), "{}");

        var canceled = store.CancelJob("fw", reasonCode: "BAD_FIRMWARE");
        Assert.Equal("CANCELED", canceled.Status);
        Assert.True(canceled.IsConcurrent);
        Assert.Equal(0, Count(store, "fw", "CANCELED"));

        clock.Advance(2.4);
        Assert.Equal(4, Count(store, "fw", "CANCELED")); // at 0.5, 1.0, 1.5, 2.0
        Assert.Equal(6, Count(store, "fw", "QUEUED"));
        Assert.True(store.DescribeJob("fw").IsConcurrent);
        // Each was canceled at the time it was due, in job order.
        Assert.Equal(T0.AddSeconds(0.5), store.DescribeJobExecution("d1", "fw").LastUpdatedAt);
        Assert.Equal(T0.AddSeconds(2.0), store.DescribeJobExecution("d4", "fw").LastUpdatedAt);
        Assert.Equal("QUEUED", store.DescribeJobExecution("d5", "fw").Status);

        clock.Advance(2.6); // t = 5.0: the tenth is due now
        var done = store.DescribeJob("fw");
        Assert.Equal(10, done.StatusCounts["CANCELED"]);
        Assert.False(done.IsConcurrent);
        Assert.Equal(T0.AddSeconds(5.0), store.DescribeJobExecution("d10", "fw").LastUpdatedAt);
    }

    [Fact]
    public void An_execution_that_moves_on_while_waiting_is_looked_at_again_and_a_forced_repeat_joins_the_cancel()
    {
        var (store, clock, things) = Fleet(4, cancelRate: 1);
        store.CreateJob("fw", things.Select(store.ThingArn).ToList(), "{}");
        store.CancelJob("fw");

        // d2 was already on its way when the cancel arrived: the device started it.
        store.UpdateJobExecution("d2", "fw", "IN_PROGRESS");
        // A device is not handed a QUEUED execution of a job being canceled.
        Assert.Null(store.StartNextPendingJobExecution("d3"));
        Assert.Empty(store.GetPendingJobExecutions("d3").Queued);

        clock.Advance(2.0);
        // d1 at 1 s; d2 is IN_PROGRESS without force: skipped without using a turn, so d3 went at 2 s.
        Assert.Equal("CANCELED", store.DescribeJobExecution("d1", "fw").Status);
        Assert.Equal("IN_PROGRESS", store.DescribeJobExecution("d2", "fw").Status);
        Assert.Equal(T0.AddSeconds(2), store.DescribeJobExecution("d3", "fw").LastUpdatedAt);
        Assert.Equal("QUEUED", store.DescribeJobExecution("d4", "fw").Status);

        // CancelJob again with force while the first is still working: d2 joins the queue, nothing is done twice.
        store.CancelJob("fw", force: true);
        clock.Advance(1.0);
        Assert.Equal("CANCELED", store.DescribeJobExecution("d2", "fw").Status); // job order: d2 before d4
        Assert.True(store.DescribeJobExecution("d2", "fw").ForceCanceled);
        Assert.Equal("QUEUED", store.DescribeJobExecution("d4", "fw").Status);
        clock.Advance(1.0);
        var job = store.DescribeJob("fw");
        Assert.Equal(4, job.StatusCounts["CANCELED"]);
        Assert.False(job.IsConcurrent);
        Assert.True(job.ForceCanceled);
        Assert.Equal(2, store.DescribeJobExecution("d3", "fw").VersionNumber); // canceled once
    }

    [Fact]
    public void Rate_zero_cancels_everything_inside_the_call_and_a_deleted_job_stops_its_cancel()
    {
        var (store, clock, things) = Fleet(3);
        store.CreateJob("now", things.Select(store.ThingArn).ToList(), "{}");
        var job = store.CancelJob("now");
        Assert.Equal(3, job.StatusCounts["CANCELED"]);
        Assert.False(job.IsConcurrent);

        store.JobCancelRate = 1;
        store.CreateJob("slow", things.Select(store.ThingArn).ToList(), "{}");
        store.CancelJob("slow");
        store.DeleteJob("slow", force: true);
        clock.Advance(10);
        Assert.Equal(1, store.JobCount); // only "now" is left
        Assert.All(things, t => Assert.Equal("CANCELED", store.DescribeJobExecution(t, "now").Status));
    }

    [Fact]
    public void CancelJob_on_a_finished_job_is_a_400_InvalidRequestException_and_changes_nothing()
    {
        var (store, _, things) = Fleet(1);
        store.CreateJob("done", new[] { store.ThingArn(things[0]) }, "{}");
        store.UpdateJobExecution(things[0], "done", "SUCCEEDED");
        Assert.Equal("COMPLETED", store.DescribeJob("done").Status);
        var ex = Assert.Throws<EmulatorApiException>(() => store.CancelJob("done", force: true));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("InvalidRequestException", ex.ErrorCode);
        Assert.Contains("COMPLETED", ex.Message);
        var after = store.DescribeJob("done");
        Assert.Equal("COMPLETED", after.Status);
        Assert.False(after.ForceCanceled);
    }

    [Fact]
    public void The_in_progress_timer_runs_from_IN_PROGRESS_on_the_time_scale_and_ends_in_TIMED_OUT()
    {
        var (store, clock, things) = Fleet(2, timeScale: 60); // a service minute lasts a second
        store.CreateJob("t", things.Select(store.ThingArn).ToList(), "{}", inProgressTimeoutInMinutes: 2);
        Assert.Null(store.DescribeJobExecution("d1", "t").ApproximateSecondsBeforeTimedOut); // QUEUED: no timer yet
        clock.Advance(30);
        var started = store.StartNextPendingJobExecution("d1")!;
        Assert.Equal(120, started.ApproximateSecondsBeforeTimedOut);
        clock.Advance(0.5);
        Assert.Equal(90, store.DescribeJobExecution("d1", "t").ApproximateSecondsBeforeTimedOut);
        clock.Advance(1.49);
        Assert.Equal("IN_PROGRESS", store.DescribeJobExecution("d1", "t").Status);
        clock.Advance(0.02);
        var timedOut = store.DescribeJobExecution("d1", "t");
        Assert.Equal("TIMED_OUT", timedOut.Status);
        Assert.Equal(T0.AddSeconds(32), timedOut.LastUpdatedAt);
        Assert.Null(timedOut.ApproximateSecondsBeforeTimedOut);
        Assert.Equal(3, timedOut.VersionNumber);
        // A timed-out execution cannot be updated any more.
        Assert.Equal("InvalidStateTransitionException", Assert.Throws<EmulatorApiException>(() => store.UpdateJobExecution("d1", "t", "SUCCEEDED")).ErrorCode);
        // The other execution finishes in time; with every execution terminal the SNAPSHOT job completes.
        store.StartNextPendingJobExecution("d2");
        store.UpdateJobExecution("d2", "t", "SUCCEEDED");
        Assert.Equal("COMPLETED", store.DescribeJob("t").Status);
        Assert.Equal(1, store.DescribeJob("t").StatusCounts["TIMED_OUT"]);
    }

    [Fact]
    public void Step_timers_are_set_reset_and_removed_by_the_device_within_the_in_progress_bound()
    {
        var (store, clock, things) = Fleet(3, timeScale: 60);
        store.CreateJob("t", things.Select(store.ThingArn).ToList(), "{}", inProgressTimeoutInMinutes: 3);
        store.StartNextPendingJobExecution("d1", stepTimeoutInMinutes: 1);
        store.StartNextPendingJobExecution("d2", stepTimeoutInMinutes: 1);
        store.StartNextPendingJobExecution("d3", stepTimeoutInMinutes: 1);
        Assert.Equal(60, store.DescribeJobExecution("d1", "t").ApproximateSecondsBeforeTimedOut);
        clock.Advance(0.5);
        store.UpdateJobExecution("d2", "t", "IN_PROGRESS", stepTimeoutInMinutes: 2);   // a new step timer replaces the old
        store.UpdateJobExecution("d3", "t", "IN_PROGRESS", stepTimeoutInMinutes: -1);  // -1 removes it
        Assert.Equal(120, store.DescribeJobExecution("d2", "t").ApproximateSecondsBeforeTimedOut);
        Assert.Equal(150, store.DescribeJobExecution("d3", "t").ApproximateSecondsBeforeTimedOut); // the in-progress bound
        clock.Advance(0.6);
        Assert.Equal("TIMED_OUT", store.DescribeJobExecution("d1", "t").Status);
        Assert.Equal(T0.AddSeconds(1), store.DescribeJobExecution("d1", "t").LastUpdatedAt);
        Assert.Equal("IN_PROGRESS", store.DescribeJobExecution("d2", "t").Status);
        clock.Advance(1.5); // 2.6 s: d2's step timer fired at 2.5
        Assert.Equal("TIMED_OUT", store.DescribeJobExecution("d2", "t").Status);
        Assert.Equal("IN_PROGRESS", store.DescribeJobExecution("d3", "t").Status);
        clock.Advance(0.5); // 3.1 s: the in-progress timer (3 minutes) fired at 3.0
        Assert.Equal("TIMED_OUT", store.DescribeJobExecution("d3", "t").Status);
        Assert.Equal(T0.AddSeconds(3), store.DescribeJobExecution("d3", "t").LastUpdatedAt);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(10081L)]
    [InlineData(-1L)]
    public void Timeouts_outside_one_minute_to_seven_days_are_refused(long minutes)
    {
        var (store, _, things) = Fleet(1);
        if (minutes != -1)
            Assert.Equal("InvalidRequestException", Assert.Throws<EmulatorApiException>(() =>
                store.CreateJob("bad", new[] { store.ThingArn(things[0]) }, "{}", inProgressTimeoutInMinutes: minutes)).ErrorCode);
        store.CreateJob("ok", new[] { store.ThingArn(things[0]) }, "{}");
        // -1 only cancels a step timer on UpdateJobExecution; it is not a timeout to start with.
        Assert.Equal("InvalidRequestException", Assert.Throws<EmulatorApiException>(() =>
            store.StartNextPendingJobExecution(things[0], stepTimeoutInMinutes: minutes)).ErrorCode);
        Assert.Equal("QUEUED", store.DescribeJobExecution(things[0], "ok").Status);
    }

    [Fact]
    public void Events_happen_in_time_order_a_timeout_before_the_forced_cancel_reaches_it_wins()
    {
        var (store, clock, things) = Fleet(3, cancelRate: 0.5, timeScale: 60); // one cancel every 2 s; a minute = 1 s
        store.CreateJob("t", things.Select(store.ThingArn).ToList(), "{}", inProgressTimeoutInMinutes: 3);
        foreach (var t in things) store.StartNextPendingJobExecution(t);
        store.CancelJob("t", force: true); // d1 at 2 s, d2 at 4 s, d3 would be at 6 s, but all time out at 3 s
        clock.Advance(10);
        Assert.Equal("CANCELED", store.DescribeJobExecution("d1", "t").Status);
        Assert.Equal("TIMED_OUT", store.DescribeJobExecution("d2", "t").Status);
        Assert.Equal("TIMED_OUT", store.DescribeJobExecution("d3", "t").Status);
        Assert.False(store.DescribeJob("t").IsConcurrent);
    }

    [Fact]
    public async Task Over_HTTP_isConcurrent_and_approximateSecondsBeforeTimedOut_are_on_the_wire()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 1, TimeScale = 60 });
        using var api = new ApiClient(host.BaseAddress);
        foreach (var t in new[] { "a", "b" }) await api.CreateThing(t);
        await api.Control(HttpMethod.Put, "jobs/j", new { targets = new[] { ApiClient.Arn("a"), ApiClient.Arn("b") }, document = "{}", timeoutConfig = new { inProgressTimeoutInMinutes = 5 } });
        var started = await api.StartNext("a");
        Assert.InRange(started.Body.GetProperty("execution").GetProperty("approximateSecondsBeforeTimedOut").GetInt64(), 290, 300);
        var control = (await api.Describe("a", "j")).Body.GetProperty("execution");
        Assert.InRange(control.GetProperty("approximateSecondsBeforeTimedOut").GetInt64(), 250, 300);
        Assert.False((await api.Describe("b", "j")).Body.GetProperty("execution").TryGetProperty("approximateSecondsBeforeTimedOut", out _));

        Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Put, "jobs/j/cancel", new { })).Status);
        var job = (await api.Control(HttpMethod.Get, "jobs/j")).Body.GetProperty("job");
        Assert.Equal("CANCELED", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("isConcurrent").GetBoolean());
        Assert.True((await api.Control(HttpMethod.Get, "jobs")).Body.GetProperty("jobs")[0].GetProperty("isConcurrent").GetBoolean());
        Assert.Equal(5, job.GetProperty("timeoutConfig").GetProperty("inProgressTimeoutInMinutes").GetInt64());

        // A job being canceled can be deleted; its cancel stops with it.
        await api.CreateThing("c");
        await api.CreateJob("other", "c");
        Assert.Equal("InvalidStateTransitionException", (await api.Control(HttpMethod.Delete, "jobs/other")).ErrorCode); // IN_PROGRESS needs force
        Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Delete, "jobs/j")).Status);
        Assert.Equal("ResourceNotFoundException", (await api.Control(HttpMethod.Get, "jobs/j")).ErrorCode);
        Assert.Equal(new[] { "other" }, (await api.Control(HttpMethod.Get, "jobs")).Body.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()).ToArray());
    }

    [Fact]
    public void A_cancel_shows_in_a_describe_only_after_the_consistency_lag()
    {
        var (store, clock, things) = Fleet(2);
        store.ConsistencyLag = TimeSpan.FromSeconds(2);
        store.CreateJob("fw", things.Select(store.ThingArn).ToList(), "{}");

        Assert.Equal("CANCELED", store.CancelJobExecution("d1", "fw").Status);
        var soon = store.DescribeJobExecution("d1", "fw");
        Assert.Equal(("QUEUED", 1L), (soon.Status, soon.VersionNumber));
        clock.Advance(1.999);
        Assert.Equal("QUEUED", store.DescribeJobExecution("d1", "fw").Status);
        clock.Advance(0.001);
        var later = store.DescribeJobExecution("d1", "fw");
        Assert.Equal(("CANCELED", 2L), (later.Status, later.VersionNumber));
        // Without a lag the cancel shows at once; the cancel itself is applied either way.
        store.ConsistencyLag = TimeSpan.Zero;
        store.CancelJobExecution("d2", "fw");
        Assert.Equal("CANCELED", store.DescribeJobExecution("d2", "fw").Status);
    }
}
