using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Http;

/// <summary>
/// The adaptive limiter on a fake clock: off until the first throttle, one cut per congestion event, CUBIC recovery,
/// pacing to the fill rate, FIFO waiting that observes cancellation, and a simulated server whose limit it must find.
/// </summary>
public class AdaptiveRateLimiterTests
{
    private static (AdaptiveRateLimiter, FakeClock) Make()
    {
        var clock = new FakeClock();
        return (new AdaptiveRateLimiter("CancelJobExecution", () => clock.Seconds, clock.Delay), clock);
    }

    [Fact]
    public async Task NotEnabled_UntilTheFirstThrottle_NoWaiting()
    {
        var (limiter, clock) = Make();
        for (int i = 0; i < 1000; i++)
        {
            var sent = await limiter.AcquireAsync(CancellationToken.None);
            limiter.OnResponse(sent, throttled: false);
        }
        Assert.False(limiter.Enabled);
        Assert.Equal(0, clock.Seconds); // never slept
    }

    [Fact]
    public async Task FirstThrottle_CutsToBetaTimesTheMeasuredSendRate()
    {
        var (limiter, clock) = Make();
        // 100 requests over one second: a measured send rate of 100/s.
        for (int i = 0; i < 100; i++)
        {
            var sent = await limiter.AcquireAsync(CancellationToken.None);
            limiter.OnResponse(sent, false);
            clock.Advance(0.01);
        }
        var s = await limiter.AcquireAsync(CancellationToken.None);
        limiter.OnResponse(s, throttled: true);

        Assert.True(limiter.Enabled);
        Assert.InRange(limiter.FillRate, 0.7 * 95, 0.7 * 105);
    }

    [Fact]
    public async Task ThrottlesForRequestsSentBeforeTheCut_DoNotCutAgain()
    {
        var (limiter, clock) = Make();
        var sentTimes = new List<double>();
        for (int i = 0; i < 50; i++)
        {
            sentTimes.Add(await limiter.AcquireAsync(CancellationToken.None));
            clock.Advance(0.02);
        }
        // All 50 come back throttled after the fact (one burst answered by one burst of throttles).
        foreach (var t in sentTimes) limiter.OnResponse(t, throttled: true);

        Assert.Equal(50, limiter.ThrottleCount);
        Assert.Equal(1, limiter.CutCount);
        Assert.InRange(limiter.FillRate, 0.7 * 45, 0.7 * 55); // one cut from ~50/s, not 0.7^50

        // A throttle for a request sent after the cut is a new congestion event: it cuts again.
        clock.Advance(0.5);
        var later = await limiter.AcquireAsync(CancellationToken.None);
        var before = limiter.FillRate;
        limiter.OnResponse(later, throttled: true);
        Assert.Equal(2, limiter.CutCount);
        Assert.True(limiter.FillRate < before);
    }

    [Fact]
    public async Task Enabled_PacesRequestsToTheFillRate()
    {
        var (limiter, clock) = Make();
        for (int i = 0; i < 40; i++) { await limiter.AcquireAsync(CancellationToken.None); clock.Advance(0.025); } // 40/s
        limiter.OnResponse(clock.Seconds, throttled: true); // fill = 28/s
        var rate = limiter.FillRate;

        var start = clock.Seconds;
        for (int i = 0; i < 100; i++) await limiter.AcquireAsync(CancellationToken.None);
        var seconds = clock.Seconds - start;
        // 100 tokens at `rate` per second (the bucket starts empty after the cut).
        Assert.InRange(seconds, 100 / rate * 0.97, 100 / rate * 1.03);
    }

    [Fact]
    public async Task Successes_GrowTheRateBackAlongTheCubic_PastTheOldMaximum()
    {
        var (limiter, clock) = Make();
        for (int i = 0; i < 100; i++) { await limiter.AcquireAsync(CancellationToken.None); clock.Advance(0.01); } // 100/s
        limiter.OnResponse(clock.Seconds, throttled: true);
        Assert.InRange(limiter.FillRate, 65, 75);

        // Keep sending as fast as the limiter allows and report successes: the rate climbs back to W_max (~100) at
        // t = K = cbrt(100 * 0.3 / 0.4) ~ 4.2 s, flat around there, then probes above it.
        var cut = clock.Seconds;
        double at2 = 0, atK = 0, at7 = 0;
        while (clock.Seconds - cut < 7.5)
        {
            var sent = await limiter.AcquireAsync(CancellationToken.None);
            limiter.OnResponse(sent, throttled: false);
            var t = clock.Seconds - cut;
            if (at2 == 0 && t >= 2) at2 = limiter.FillRate;
            if (atK == 0 && t >= 4.2) atK = limiter.FillRate;
            if (at7 == 0 && t >= 7) at7 = limiter.FillRate;
        }
        Assert.InRange(at2, 80, 99);   // concave approach
        Assert.InRange(atK, 93, 103);  // plateau at the old maximum (the measured ~95-100/s)
        Assert.True(at7 > atK + 5, $"probes above the old maximum: {at7}");
    }

    [Fact]
    public async Task FillRate_NeverBelowTheMinimum()
    {
        var (limiter, clock) = Make();
        for (int i = 0; i < 30; i++)
        {
            var sent = await limiter.AcquireAsync(CancellationToken.None);
            clock.Advance(0.001);
            limiter.OnResponse(sent, throttled: true);
        }
        Assert.Equal(AdaptiveRateLimiter.MinRate, limiter.FillRate);
    }

    [Fact]
    public async Task Waiting_ObservesCancellation()
    {
        var (limiter, clock) = Make();
        var sent = await limiter.AcquireAsync(CancellationToken.None);
        limiter.OnResponse(sent, throttled: true); // enabled, bucket empty
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(cts.Token));
    }

    [Fact]
    public async Task Waiting_EndsOnCancel_AndTheNextWaiterIsNotStuckBehindIt()
    {
        // A clock that never moves by itself: no token ever comes, so only cancellation can end a wait.
        var clock = new FakeClock { AutoAdvance = false };
        var limiter = new AdaptiveRateLimiter("CancelJobExecution", () => clock.Seconds, clock.Delay);
        var sent = await limiter.AcquireAsync(CancellationToken.None);
        limiter.OnResponse(sent, throttled: true);
        using var cts = new CancellationTokenSource();
        var first = limiter.AcquireAsync(cts.Token);
        await clock.DelayRequested(1);
        Assert.False(first.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        // The next waiter gets its turn (it reaches the clock) although the first never got a token.
        using var cts2 = new CancellationTokenSource();
        var second = limiter.AcquireAsync(cts2.Token);
        await clock.DelayRequested(2);
        cts2.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.All(clock.Delays, d => Assert.InRange(d.TotalMilliseconds, 1, 100)); // short sleeps, so a raised rate is seen promptly
    }

    [Fact]
    public async Task SinceLastSuccess_IsNullUntilASuccess_ThenTheTimeSinceIt()
    {
        var (limiter, clock) = Make();
        Assert.Null(limiter.SinceLastSuccess);
        var sent = await limiter.AcquireAsync(CancellationToken.None);
        limiter.OnResponse(sent, throttled: true);
        Assert.Null(limiter.SinceLastSuccess);
        limiter.OnResponse(sent, throttled: false);
        clock.Advance(1.5);
        Assert.Equal(TimeSpan.FromSeconds(1.5), limiter.SinceLastSuccess);
    }

    [Fact]
    public async Task SucceededWithin_TracksTheLastSuccess()
    {
        var (limiter, clock) = Make();
        Assert.False(limiter.SucceededWithin(TimeSpan.FromSeconds(2)));
        var sent = await limiter.AcquireAsync(CancellationToken.None);
        limiter.OnResponse(sent, false);
        clock.Advance(1.5);
        Assert.True(limiter.SucceededWithin(TimeSpan.FromSeconds(2)));
        clock.Advance(1);
        Assert.False(limiter.SucceededWithin(TimeSpan.FromSeconds(2)));
    }

    /// <summary>
    /// A simulated service with a token bucket of R/s (capacity R, as AWS and the emulator) and 40 ms latency, driven by
    /// 32 concurrent senders: after the first seconds the successful rate must settle at ~R (not bouncing far below it).
    /// </summary>
    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(200)]
    public void Simulation_SettlesAtTheServersLimit(double r)
    {
        var clock = new FakeClock();
        var limiter = new AdaptiveRateLimiter("op", () => clock.Seconds, (d, ct) => Task.CompletedTask);
        double serverTokens = r, serverLast = 0;
        const double latency = 0.04, step = 0.0005;
        var inFlight = new List<(double Done, double Sent, bool Ok)>();
        int successesAfterWarmup = 0;
        const double warmup = 5, end = 35;
        int senders = 32;
        while (clock.Seconds < end)
        {
            // Responses due now.
            for (int i = inFlight.Count - 1; i >= 0; i--)
            {
                if (inFlight[i].Done > clock.Seconds) continue;
                limiter.OnResponse(inFlight[i].Sent, !inFlight[i].Ok);
                if (inFlight[i].Ok && inFlight[i].Sent >= warmup) successesAfterWarmup++;
                inFlight.RemoveAt(i);
            }
            // Free senders take a token when one is available (non-blocking check through a zero-wait acquire).
            while (inFlight.Count < senders)
            {
                if (!limiter.TryAcquire(out var sent)) break;
                // Server: refill, then take a token or throttle.
                serverTokens = Math.Min(r, serverTokens + (clock.Seconds - serverLast) * r);
                serverLast = clock.Seconds;
                bool ok = serverTokens >= 1;
                if (ok) serverTokens -= 1;
                inFlight.Add((clock.Seconds + latency, sent, ok));
            }
            clock.Advance(step);
        }
        var rate = successesAfterWarmup / (end - warmup - latency);
        Assert.InRange(rate, 0.93 * r, 1.02 * r);
    }
}
