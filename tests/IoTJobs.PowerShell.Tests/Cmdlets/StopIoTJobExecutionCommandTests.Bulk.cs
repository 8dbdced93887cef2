using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Stop-IoTJobExecution in bulk against its own emulator (latency and rate limits are per emulator): progress is
    /// reported, a bad -ThrottleLimit is refused, and Ctrl+C stops dispatching and gives up the requests in flight.
    /// </summary>
    public sealed class StopIoTJobExecutionBulkTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionBulkTests(EmulatorFixture fx) => _fx = fx;

        internal static Task<EmulatorHost> Start(int latencyMs = 0, double? cancelLimit = null, double? describeLimit = null, TimeProvider? clock = null)
        {
            var limits = new Dictionary<string, double>();
            if (cancelLimit != null) limits["CancelJobExecution"] = cancelLimit.Value;
            if (describeLimit != null) limits["DescribeJobExecution"] = describeLimit.Value;
            return EmulatorHost.StartAsync(new EmulatorOptions
            {
                Port = 0, Quiet = true, LatencyMs = latencyMs, OperationRateLimits = limits, TimeProvider = clock ?? TimeProvider.System,
            });
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

        /// <summary>
        /// Cancels <paramref name="items"/> executions behind 60 ms of latency (long enough for progress records) with
        /// <paramref name="script"/> ($args[0] the things, $args[1] the job); returns how many objects it wrote and its progress.
        /// </summary>
        private async Task<(int Output, List<ProgressRecord> Progress)> CancelWithProgress(int items, string script)
        {
            await using var emulator = await Start(latencyMs: 60);
            var (job, things) = Seed(emulator, items);
            using var s = _fx.OpenAt(emulator.Endpoint());
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript(script).AddArgument(things).AddArgument(job);
            var output = ps.Invoke();
            return (output.Count, ps.Streams.Progress.ToList());
        }

        [Fact]
        public async Task Progress_CountsRateAndPercent_WhenTheTotalIsKnown_ThenCompleted()
        {
            // Given by parameter (not piped): the total is known.
            var (output, records) = await CancelWithProgress(24, "Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] -ThrottleLimit 2 -Confirm:$false");

            Assert.Equal(24, output);
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
            var (_, records) = await CancelWithProgress(16, "$args[0] | Stop-IoTJobExecution -JobId $args[1] -ThrottleLimit 1 -Confirm:$false");

            var processing = records.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(processing);
            Assert.All(processing, r => Assert.Equal(-1, r.PercentComplete));
            Assert.All(processing, r => Assert.Matches(@"^\d+ done: \d+ canceled, 0 failed; [\d.]+ items/s$", r.StatusDescription));
        }

        [Fact]
        public async Task CtrlC_StopsDispatching_AndGivesUpTheRequestsInFlight()
        {
            // Every request waits in the emulator for a second of its clock, which stands still: a request is answered only
            // when the test moves the clock, so whatever ends one in flight is the client giving up on it.
            var clock = TestClock.Stopped();
            await using var emulator = await Start(latencyMs: 1000, clock: clock);
            var (job, things) = Seed(emulator, 400);
            using var s = _fx.OpenAt(emulator.Endpoint());
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false").AddArgument(things).AddArgument(job);
            var async = ps.BeginInvoke();
            // The first item runs alone (the credentials probe): its cancel, then its read-back, are let through.
            await Wait.UntilAsync(() => emulator.InFlightRequests == 1, "the probe's cancel reached the emulator");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Wait.UntilAsync(() => emulator.RequestCount("CancelJobExecution") == 1 && emulator.InFlightRequests == 1, "the probe's read-back reached the emulator");
            clock.Advance(TimeSpan.FromSeconds(1));
            // Then as many as the adaptive limit starts with, all held.
            await Wait.UntilAsync(() => emulator.InFlightRequests == AdaptiveConcurrency.Initial, "the bulk run had started");
            Assert.False(async.IsCompleted);

            PowerShellSession.Stop(ps, Wait.Bound);

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            // Every request in flight was given up by the client (the emulator's clock never moved), none was applied, and
            // nothing was sent after them.
            await Wait.UntilAsync(() => emulator.InFlightRequests == 0, "the requests in flight were canceled");
            Assert.Equal(1, emulator.RequestCount("CancelJobExecution"));
            Assert.Equal(new[] { things[0] }, things.Where(t => State(emulator, t, job).Status == "CANCELED"));
        }
    }

    /// <summary>
    /// Stop-IoTJobExecution in bulk through IoTJobsCmdlet's client factory hook (so these run alone): -ThrottleLimit
    /// bounds the cancels in flight, counted exactly by a scripted fleet, and at the service's rate limit the adaptive
    /// limiter keeps throttling away from the user while output keeps input order.
    /// </summary>
    [Collection(nameof(ClientFactoryCollection))]
    public sealed class StopIoTJobExecutionBulkLimitTests : IClassFixture<EmulatorFixture>, IDisposable
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionBulkLimitTests(EmulatorFixture fx) => _fx = fx;

        public void Dispose() => IoTJobsCmdlet.ClientFactoryOverride = null;

        [Theory]
        [InlineData(4, 13)]
        [InlineData(1, 4)]
        public void ThrottleLimit_BoundsTheCancelsInFlight(int throttleLimit, int items)
        {
            // The first item runs alone (the credentials probe), then the rest at most -ThrottleLimit at a time.
            var fleet = new InFlightProbe(throttleLimit, items);
            IoTJobsCmdlet.ClientFactoryOverride = _ => fleet.Client;
            var things = Enumerable.Range(1, items).Select(i => $"t{i}").ToArray();
            using var s = _fx.Open();

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId fw -ThrottleLimit $args[1] -Confirm:$false", things, throttleLimit);

            Assert.Empty(s.Errors);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
            Assert.Equal(items, fleet.Started);
            Assert.Equal(throttleLimit, fleet.MostInFlight); // reached, and never passed
        }

        [Fact]
        public async Task AtTheServersRateLimit_NoItemFails_OutputKeepsInputOrder_TheLimiterSettlesAtTheLimit()
        {
            const double limit = 30;
            await using var emulator = await StopIoTJobExecutionBulkTests.Start(latencyMs: 10, cancelLimit: limit, describeLimit: limit);
            var (job, things) = Seed(emulator, 150);
            IoTJobsClient? client = null;
            IoTJobsCmdlet.ClientFactoryOverride = options => client = IoTJobsClient.Create(options);
            using var s = _fx.OpenAt(emulator.Endpoint());

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false", things, job);

            Assert.Empty(s.Errors);
            Assert.Empty(s.Warnings);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName)); // input order
            Assert.All(output, o => Assert.Equal(JobExecutionStatus.CANCELED, ((JobExecution)o.BaseObject).Status));
            Assert.All(things, t => Assert.Equal("CANCELED", State(emulator, t, job).Status));
            var sent = emulator.RequestCount("CancelJobExecution");
            Assert.True(sent > things.Length, "the limit was reached (some cancels were throttled and retried)");
            // Near the limit, not bouncing far below it: the client's adaptive limiter settles about the server's rate, and
            // throttled attempts stay a small fraction. The throughput itself is measured on fake clocks (Bulk/
            // AdaptiveConcurrencyTests, the client's AdaptiveRateLimiterTests) and end to end in tests/bench.
            var limiter = client!.GetRateLimiter("CancelJobExecution")!;
            Assert.True(limiter.Enabled);
            Assert.InRange(limiter.FillRate, 0.5 * limit, 2 * limit);
            Assert.True(sent < things.Length * 1.3, $"{sent} cancels sent for {things.Length} executions");
            client.Dispose();
        }
    }
}
