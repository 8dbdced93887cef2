using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using IoTJobs.Emulator;
using Xunit;
using static IoTJobs.PowerShell.Tests.StopTestSupport;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// Stop-IoTJobExecution in bulk: -ThrottleLimit bounds the cancels in flight, output keeps input order, the
    /// adaptive limiter keeps throttling away from the user at the service's limit, progress is reported, and Ctrl+C
    /// stops promptly. Each test runs its own emulator (latency and rate limits are per emulator).
    /// </summary>
    public sealed class StopIoTJobExecutionBulkTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionBulkTests(EmulatorFixture fx) => _fx = fx;

        private PSSession OpenAt(EmulatorHost emulator)
        {
            var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", emulator.BaseAddress.ToString().TrimEnd('/'));
            return s;
        }

        private static Task<EmulatorHost> Start(int latencyMs = 0, double? cancelLimit = null, double? describeLimit = null)
        {
            var limits = new Dictionary<string, double>();
            if (cancelLimit != null) limits["CancelJobExecution"] = cancelLimit.Value;
            if (describeLimit != null) limits["DescribeJobExecution"] = describeLimit.Value;
            return EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Quiet = true, LatencyMs = latencyMs, OperationRateLimits = limits });
        }

        [Fact]
        public async Task AtTheServersRateLimit_NoItemFails_OutputKeepsInputOrder_RateNearTheLimit()
        {
            const double limit = 30;
            await using var emulator = await Start(latencyMs: 10, cancelLimit: limit, describeLimit: limit);
            var (job, things) = Seed(emulator, 150);
            using var s = OpenAt(emulator);

            var clock = Stopwatch.StartNew();
            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false", things, job);
            clock.Stop();

            Assert.Empty(s.Errors);
            Assert.Empty(s.Warnings);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName)); // input order
            Assert.All(output, o => Assert.Equal(JobExecutionStatus.CANCELED, ((JobExecution)o.BaseObject).Status));
            Assert.All(things, t => Assert.Equal("CANCELED", State(emulator, t, job).Status));
            Assert.True(emulator.RequestCount("CancelJobExecution") > things.Length, "the limit was reached (some cancels were throttled and retried)");
            var rate = things.Length / clock.Elapsed.TotalSeconds;
            // The bucket starts full (a 1 s burst), so the average may exceed the limit a little; far below it means bouncing.
            Assert.InRange(rate, 0.8 * limit, 1.4 * limit);
        }

        [Fact]
        public async Task ThrottleLimit_BoundsTheCancelsInFlight()
        {
            // 200 ms per call, two calls per item: 12 items with 4 in flight take >= 3 rounds x 400 ms; one at a time, 12 x 400 ms.
            await using var emulator = await Start(latencyMs: 200);
            var (job, things) = Seed(emulator, 13);
            using var s = OpenAt(emulator);

            var clock = Stopwatch.StartNew();
            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -ThrottleLimit 4 -Confirm:$false", things, job);
            var four = clock.Elapsed;

            Assert.Empty(s.Errors);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
            // The first item runs alone (the credentials probe), then 12 items 4 at a time.
            Assert.True(four >= TimeSpan.FromMilliseconds(400 + 3 * 400 - 100), $"4 in flight took only {four}: more than 4 ran at once");
            Assert.True(four < TimeSpan.FromMilliseconds(400 + 12 * 400), $"4 in flight took {four}: no concurrency");

            var (job2, things2) = Seed(emulator, 4);
            clock.Restart();
            s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -ThrottleLimit 1 -Confirm:$false", things2, job2);
            Assert.Empty(s.Errors);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(4 * 400 - 50), $"-ThrottleLimit 1 took only {clock.Elapsed}: not sequential");
        }

        [Fact]
        public void ThrottleLimit_OutOfRange_IsRefusedClearly()
        {
            using var s = _fx.Open();
            // PowerShell's range validation names the parameter, the value and the bound it crossed.
            foreach (var (bad, bound) in new[] { ("0", "1"), ("257", "256") })
            {
                var output = s.Invoke($"try {{ Stop-IoTJobExecution -ThingName a -JobId b -ThrottleLimit {bad} -ErrorAction Stop; 'accepted' }} catch {{ $_.ToString() }}");
                var message = Assert.Single(output).ToString();
                Assert.Contains("ThrottleLimit", message);
                Assert.Contains(bad, message);
                Assert.Contains(bound, message);
            }
        }

        [Fact]
        public async Task Progress_CountsRateAndPercent_WhenTheTotalIsKnown_ThenCompleted()
        {
            await using var emulator = await Start(latencyMs: 60);
            var (job, things) = Seed(emulator, 24);
            using var s = OpenAt(emulator);
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            // Given by parameter (not piped): the total is known.
            ps.AddScript("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] -ThrottleLimit 2 -Confirm:$false").AddArgument(things).AddArgument(job);

            var output = ps.Invoke();

            Assert.Equal(24, output.Count);
            var records = ps.Streams.Progress.ToList();
            Assert.NotEmpty(records);
            Assert.All(records, r => Assert.Equal("Canceling job executions", r.Activity));
            var processing = records.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(processing);
            Assert.Contains(processing, r => r.PercentComplete > 0 && r.PercentComplete < 100 && r.SecondsRemaining > 0);
            Assert.All(processing, r => Assert.Matches(@"^\d+ of 24 done: \d+ canceled, 0 failed; [\d.]+ items/s$", r.StatusDescription));
            Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
            Assert.Single(records, r => r.RecordType == ProgressRecordType.Completed);
        }

        [Fact]
        public async Task Progress_PipedInput_HasNoPercent()
        {
            await using var emulator = await Start(latencyMs: 60);
            var (job, things) = Seed(emulator, 16);
            using var s = OpenAt(emulator);
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("$args[0] | Stop-IoTJobExecution -JobId $args[1] -ThrottleLimit 1 -Confirm:$false").AddArgument(things).AddArgument(job);

            ps.Invoke();

            var processing = ps.Streams.Progress.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(processing);
            Assert.All(processing, r => Assert.Equal(-1, r.PercentComplete));
            Assert.All(processing, r => Assert.Matches(@"^\d+ done: \d+ canceled, 0 failed; [\d.]+ items/s$", r.StatusDescription));
        }

        [Fact]
        public async Task CtrlC_StopsDispatchingWithinASecond_AndCancelsInFlightWaits()
        {
            // Slow calls and a low rate limit: there are requests in flight AND requests waiting in the limiter.
            await using var emulator = await Start(latencyMs: 150, cancelLimit: 8);
            var (job, things) = Seed(emulator, 400);
            using var s = OpenAt(emulator);
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false").AddArgument(things).AddArgument(job);
            var async = ps.BeginInvoke();
            await Task.Delay(2500); // past the burst: the limiter is pacing, 32 cancels in flight or waiting
            Assert.False(async.IsCompleted);
            Assert.True(emulator.RequestCount("CancelJobExecution") > 1, "the bulk run had started");

            var clock = Stopwatch.StartNew();
            ps.Stop();
            var stopTook = clock.Elapsed;
            // Requests already on the wire land within the emulator's latency; after that, nothing new may arrive.
            await Task.Delay(400);
            var atStop = emulator.RequestCount("CancelJobExecution");
            await Task.Delay(1000);
            var later = emulator.RequestCount("CancelJobExecution");

            Assert.True(stopTook < TimeSpan.FromSeconds(1.2), $"Stop took {stopTook}");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.True(later == atStop, $"{later - atStop} cancels reached the emulator after Stop returned");
            var canceled = things.Count(t => State(emulator, t, job).Status == "CANCELED");
            Assert.InRange(canceled, 1, 200);
        }
    }
}
