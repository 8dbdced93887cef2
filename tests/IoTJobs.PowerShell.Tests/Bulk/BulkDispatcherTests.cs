using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Bulk
{
    /// <summary>
    /// The dispatcher alone (its two bounds, input order, the probe, Ctrl+C), then the adaptive number in flight through
    /// the cmdlets against an emulator with latency: it grows beyond its start when concurrency is the bottleneck,
    /// -ThrottleLimit caps it, and -Detailed describes concurrently in list order. How fast it all goes is the
    /// benchmark's to measure (tests/bench/Invoke-CancelBenchmark.ps1).
    /// </summary>
    public sealed class BulkDispatcherTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public BulkDispatcherTests(EmulatorFixture fx) => _fx = fx;

        [Fact]
        public void AThrottleLimit_BoundsTheItemsInFlight_AndTheItemsNotYetTaken_AndOutcomesLeaveInInputOrder()
        {
            using var dispatcher = new BulkDispatcher<string, int>(3, CancellationToken.None);
            var work = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>()).ToArray();
            for (int i = 0; i < 3; i++)
            {
                Assert.True(dispatcher.HasRoom);
                dispatcher.Add($"item-{i}", work[i].Task);
            }
            Assert.False(dispatcher.HasRoom);
            Assert.Equal(3, dispatcher.InFlight);

            // The second finishes first: it waits behind the first, so it still takes a place in the window.
            work[1].SetResult(1);
            Assert.Equal(2, dispatcher.InFlight);
            Assert.False(dispatcher.TryTakeFinished(out _));
            Assert.False(dispatcher.HasRoom);

            work[0].SetResult(0);
            Assert.True(dispatcher.TryTakeFinished(out var first));
            Assert.True(dispatcher.TryTakeFinished(out var second));
            Assert.False(dispatcher.TryTakeFinished(out _));
            Assert.Equal(new[] { "item-0", "item-1" }, new[] { first.Target, second.Target });
            Assert.True(dispatcher.HasRoom);
            Assert.Equal("at most 3 in flight (-ThrottleLimit 3)", dispatcher.Summary());
            work[2].SetResult(2);
        }

        [Fact]
        public void ThrottleLimit1_IsSequential_AndWithoutOne_TheLimitAdaptsFromItsStartUnderTheCeiling()
        {
            using var one = new BulkDispatcher<string, int>(1, CancellationToken.None);
            Assert.True(one.Sequential);
            Assert.Equal(1, one.Window);
            using var adaptive = new BulkDispatcher<string, int>(null, CancellationToken.None);
            Assert.False(adaptive.Sequential);
            Assert.Equal(AdaptiveConcurrency.Ceiling, adaptive.Window);
            Assert.Equal(AdaptiveConcurrency.Initial, adaptive.Limit);
            Assert.Equal("nothing sent", adaptive.Summary());
            Assert.Throws<ArgumentOutOfRangeException>(() => new BulkDispatcher<string, int>(0, CancellationToken.None));
        }

        [Fact]
        public void TheFirstRequestThroughEachClient_IsAProbe_AndAbandon_CancelsWhatIsInFlight()
        {
            using var ctrlC = new CancellationTokenSource();
            using var dispatcher = new BulkDispatcher<string, int>(4, ctrlC.Token);
            var east = new FakeIoTJobsClient("us-east-1");
            var west = new FakeIoTJobsClient("eu-west-1");
            Assert.False(dispatcher.IsProven(east));
            dispatcher.MarkProven(east);
            Assert.True(dispatcher.IsProven(east));
            Assert.False(dispatcher.IsProven(west));

            Assert.False(dispatcher.Token.IsCancellationRequested);
            dispatcher.Abandon();
            Assert.True(dispatcher.Token.IsCancellationRequested);
            Assert.False(ctrlC.IsCancellationRequested); // the command's own Ctrl+C token is the caller's, not the dispatcher's

            using var second = new BulkDispatcher<string, int>(4, ctrlC.Token);
            ctrlC.Cancel();
            Assert.True(second.Token.IsCancellationRequested); // Ctrl+C reaches every task
            Assert.Throws<OperationCanceledException>(() => second.WaitForAny(TimeSpan.FromMinutes(1)));
        }

        private static int AtMost(PowerShellSession s, string script, params object[] args)
        {
            var output = s.Invoke(script + " -InformationVariable concurrency | Out-Null; $concurrency | Where-Object Tags -Contains Concurrency | ForEach-Object { \"$($_.MessageData)\" }", args);
            var line = Assert.Single(output).BaseObject.ToString()!;
            var m = System.Text.RegularExpressions.Regex.Match(line, @"(\d+) at most");
            if (m.Success) return int.Parse(m.Groups[1].Value);
            m = System.Text.RegularExpressions.Regex.Match(line, @"at most (\d+) in flight");
            Assert.True(m.Success, line);
            return int.Parse(m.Groups[1].Value);
        }

        [Fact]
        public async Task WithoutThrottleLimit_TheNumberInFlightGrowsWhileConcurrencyIsTheBottleneck()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 30 });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Names(400);
            emulator.Store.Seed(job, things);

            var atMost = AtMost(s, "Get-IoTJobExecution -JobId $args[0] | Stop-IoTJobExecution", job);

            Assert.Empty(s.Errors);
            Assert.True(atMost > AdaptiveConcurrency.Initial, $"the limit stayed at {atMost}");
            Assert.Equal(400, emulator.Store.DescribeJob(job).StatusCounts["CANCELED"]);
        }

        [Fact]
        public async Task ThrottleLimit_IsAHardCap()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 10 });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Names(60);
            emulator.Store.Seed(job, things);

            Assert.Equal(3, AtMost(s, "Get-IoTJobExecution -JobId $args[0] | Stop-IoTJobExecution -ThrottleLimit 3", job));
            Assert.Equal(60, emulator.Store.DescribeJob(job).StatusCounts["CANCELED"]);
        }

        [Fact]
        public async Task Detailed_DescribesConcurrently_AndKeepsListOrder()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 20 });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Names(120);
            emulator.Store.Seed(job, things, things.Where((_, i) => i % 7 == 0).ToList());

            var listed = s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 50", job).Select(o => ((JobExecution)o.BaseObject).ThingName).ToList();
            var detailed = s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 50 -Detailed", job).Select(o => (JobExecution)o.BaseObject).ToList();

            Assert.Empty(s.Errors);
            Assert.Equal(listed, detailed.Select(e => e.ThingName));
            Assert.All(detailed, e => Assert.NotNull(e.VersionNumber));
            Assert.Equal(2L, detailed.Single(e => e.ThingName == things[7]).VersionNumber); // IN_PROGRESS: version 2
            Assert.True(AtMost(s, "Get-IoTJobExecution -JobId $args[0] -Detailed", job) > 1);

            // A cap on -Detailed, and -ThrottleLimit without -Detailed is refused.
            Assert.Equal(2, AtMost(s, "Get-IoTJobExecution -JobId $args[0] -Detailed -ThrottleLimit 2", job));
            var refused = s.Invoke("try { Get-IoTJobExecution -JobId $args[0] -ThrottleLimit 2 } catch { $_ }", job);
            Assert.StartsWith("ThrottleLimitNeedsDetailed,", Assert.IsType<ErrorRecord>(Assert.Single(refused).BaseObject).FullyQualifiedErrorId);
        }
    }
}
