namespace IoTJobs.PowerShell.Tests.Bulk
{
    /// <summary>
    /// The adaptive limit on requests in flight, against a simulated service on a fake clock: items of two calls at a
    /// given latency (their time with the service), behind a rate limit of R items per second (a FIFO gate, as the
    /// client-side token bucket is; the time in it is waiting). The real thing, against the emulator at the same
    /// points, is tests/bench/Invoke-CancelBenchmark.ps1.
    /// </summary>
    public sealed class AdaptiveConcurrencyTests
    {
        private sealed record Run(double Throughput, int FinalLimit, int MaxLimit, double SecondsToFirstQueueing);

        /// <summary>Runs <paramref name="items"/> items through the simulation; throughput is over the second half.</summary>
        private static Run Simulate(double rate, double callLatency, int items)
        {
            double now = 0;
            var ac = new AdaptiveConcurrency(() => TimeSpan.FromSeconds(now));
            var completions = new SortedList<double, List<double>>(); // completion time -> start times
            double gate = 0;
            int inFlight = 0, started = 0, done = 0, maxLimit = 0;
            double halfAt = double.NaN;
            int halfDone = 0;
            double firstQueueing = double.NaN;
            while (done < items)
            {
                while (inFlight < ac.Limit && started < items)
                {
                    inFlight++;
                    started++;
                    ac.Started(inFlight);
                    gate = Math.Max(now, gate + 1 / rate);
                    var end = gate + 2 * callLatency;
                    if (!completions.TryGetValue(end, out var list)) completions[end] = list = new List<double>();
                    list.Add(now);
                    maxLimit = Math.Max(maxLimit, ac.Limit);
                }
                var next = completions.Keys[0];
                var starts = completions.Values[0];
                completions.RemoveAt(0);
                now = next;
                foreach (var s in starts)
                {
                    inFlight--;
                    done++;
                    if (double.IsNaN(firstQueueing) && now - s > 2 * callLatency * (1 + AdaptiveConcurrency.WaitTolerance)) firstQueueing = now;
                    ac.Completed(TimeSpan.FromSeconds(now - s), TimeSpan.FromSeconds(2 * callLatency));
                    if (done == items / 2) { halfAt = now; halfDone = done; }
                }
            }
            return new Run((done - halfDone) / (now - halfAt), ac.Limit, maxLimit, firstQueueing);
        }

        [Theory]
        [InlineData(10, 0.040)]
        [InlineData(200, 0.040)]
        [InlineData(1000, 0.040)]
        [InlineData(100, 0.200)]
        [InlineData(10, 0.300)]
        public void ReachesTheRateLimit_AtEveryLimitAndLatency(double rate, double latency)
        {
            var run = Simulate(rate, latency, (int)(20 * rate));
            Assert.True(run.Throughput >= 0.97 * rate, $"{run.Throughput:F1} items/s at R={rate}, latency {latency * 1000} ms (limit {run.FinalLimit}, max {run.MaxLimit})");
            Assert.InRange(run.FinalLimit, 1, AdaptiveConcurrency.Ceiling);
        }

        [Fact]
        public void SettlesLowWhereTheRateLimitIsLow()
        {
            // R = 10 at 40 ms needs 10 x 0.08 = 0.8 in flight: the limit must come down from its start, not queue 8 or more.
            var run = Simulate(10, 0.040, 400);
            Assert.InRange(run.FinalLimit, 1, 5);
        }

        [Fact]
        public void GrowsQuicklyWhereTheRateLimitIsHigh()
        {
            // R = 1000 at 40 ms needs 80 in flight: slow start gets there within a couple of seconds of simulated time.
            var run = Simulate(1000, 0.040, 20000);
            Assert.True(run.SecondsToFirstQueueing < 2.0, $"took {run.SecondsToFirstQueueing:F2} s to reach the rate limit");
            Assert.InRange(run.FinalLimit, 80, AdaptiveConcurrency.Ceiling);
        }

        [Fact]
        public void GrowsWhenTheServiceItselfGetsSlower()
        {
            // A far region: every round trip is slower, nothing waits on the limiter: more in flight is the only way on.
            double now = 0;
            var ac = new AdaptiveConcurrency(() => TimeSpan.FromSeconds(now));
            for (int i = 0; i < 100; i++) { ac.Started(ac.Limit); now += 0.02; ac.Completed(TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(590)); }
            Assert.Equal(AdaptiveConcurrency.Ceiling, ac.Limit);
        }

        [Fact]
        public void NeverGrowsALimitThatIsNotUsed()
        {
            double now = 0;
            var ac = new AdaptiveConcurrency(() => TimeSpan.FromSeconds(now));
            for (int i = 0; i < 200; i++)
            {
                ac.Started(1); // one item at a time: input arrives slowly
                now += 0.05;
                ac.Completed(TimeSpan.FromMilliseconds(50));
            }
            Assert.Equal(AdaptiveConcurrency.Initial, ac.Limit);
        }

        [Fact]
        public void ShrinksWhenLatencyRisesWithoutGain()
        {
            double now = 0;
            var ac = new AdaptiveConcurrency(() => TimeSpan.FromSeconds(now));
            // Fast at first: grows.
            for (int i = 0; i < 100; i++) { ac.Started(ac.Limit); now += 0.01; ac.Completed(TimeSpan.FromMilliseconds(80)); }
            var grown = ac.Limit;
            Assert.True(grown > AdaptiveConcurrency.Initial);
            // Then every item takes ten times as long at the same completion rate, all of it waiting: nothing gained.
            for (int i = 0; i < 200; i++) { ac.Started(ac.Limit); now += 0.01; ac.Completed(TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(80)); }
            Assert.True(ac.Limit < grown / 2, $"{ac.Limit} after {grown}");
        }
    }
}
