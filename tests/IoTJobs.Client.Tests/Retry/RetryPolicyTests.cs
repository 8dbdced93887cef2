namespace IoTJobs.Client.Tests.Retry;

/// <summary>The retry policy's decision, backoff and quota on their own: no client, no clock, fixed jitter.</summary>
public class RetryPolicyTests
{
    private static RetryDecision Decide(RetryPolicy p, RetryCall call, string code, int status, bool clockCorrected = false, TimeSpan? sinceSuccess = null,
        TimeSpan callTime = default) => p.Decide(call, new FailedAttempt(code, status, clockCorrected, sinceSuccess, callTime));

    [Theory]
    [InlineData("ThrottlingException", 400, true)] // IoT throttles with HTTP 400: retried by its code
    [InlineData("LimitExceededException", 410, true)]
    [InlineData("ServiceUnavailableException", 503, true)]
    [InlineData("InternalFailureException", 500, true)]
    [InlineData("HttpStatus502", 502, true)]
    [InlineData("HttpStatus504", 504, true)]
    [InlineData("RequestTimeout", 0, true)]
    [InlineData("RequestTimeoutException", 408, true)]
    [InlineData("PriorRequestNotComplete", 400, true)]
    [InlineData("ConnectionFailure", 0, true)]
    [InlineData("HttpStatus429", 429, true)]
    [InlineData("InvalidRequestException", 400, false)]
    [InlineData("VersionConflictException", 409, false)]
    [InlineData("AccessDeniedException", 403, false)]
    [InlineData("HttpStatus501", 501, false)]
    public void IsRetryable(string code, int status, bool expected)
    {
        Assert.Equal(expected, RetryPolicy.IsRetryable(code, status));
        var decision = Decide(new RetryPolicy(3, random: () => 0.5), new RetryCall(3), code, status);
        Assert.Equal(expected, decision.Retry);
        Assert.Equal(expected, decision.Retryable);
    }

    [Fact]
    public void StandardBackoff_FullJitterCappedExponential()
    {
        var max = new RetryPolicy(10, random: () => 0.999999);
        Assert.InRange(max.ComputeDelay(1).TotalSeconds, 0.99, 1.0);
        Assert.InRange(max.ComputeDelay(2).TotalSeconds, 1.99, 2.0);
        Assert.InRange(max.ComputeDelay(3).TotalSeconds, 3.99, 4.0);
        Assert.Equal(20, max.ComputeDelay(6).TotalSeconds, 3); // 32 s capped at 20 s
        Assert.Equal(20, max.ComputeDelay(9).TotalSeconds, 3);
        var zero = new RetryPolicy(10, random: () => 0);
        Assert.Equal(TimeSpan.Zero, zero.ComputeDelay(5));
        var real = new RetryPolicy(10);
        var samples = Enumerable.Range(0, 200).Select(_ => real.ComputeDelay(2).TotalSeconds).ToList();
        Assert.All(samples, s => Assert.InRange(s, 0, 2));
        Assert.True(samples.Distinct().Count() > 100); // jittered, not constant
    }

    [Fact]
    public void Decide_WaitsTheBackoff_AndGivesUpAtMaxAttempts_AndOnNonRetryable()
    {
        var p = new RetryPolicy(3, random: () => 0.5, baseDelay: TimeSpan.FromSeconds(2));
        var call = new RetryCall(3);
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(1)), Decide(p, call, "ThrottlingException", 400));
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(2)), Decide(p, call, "ThrottlingException", 400));
        var last = Decide(p, call, "ThrottlingException", 400);
        Assert.False(last.Retry);
        Assert.True(last.Retryable); // gave up for the attempts, not for the error
        Assert.Equal(3, call.CountedAttempts);
        Assert.Equal(RetryDecision.GiveUp(false), Decide(p, new RetryCall(3), "ResourceNotFoundException", 404));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0));
    }

    [Fact]
    public void TheCallsMaxAttempts_AndThePolicysOwn_BothEndTheCall()
    {
        var p = new RetryPolicy(10, random: () => 0);
        var call = new RetryCall(2);
        Assert.True(Decide(p, call, "ThrottlingException", 400).Retry);
        Assert.False(Decide(p, call, "ThrottlingException", 400).Retry);
        var small = new RetryPolicy(2, random: () => 0);
        var longCall = new RetryCall(10);
        Assert.True(Decide(small, longCall, "ThrottlingException", 400).Retry);
        Assert.False(Decide(small, longCall, "ThrottlingException", 400).Retry);
    }

    [Fact]
    public void ACorrectedClock_IsRetriedAtOnce_CountsAsAnAttempt_AndCostsNoQuota()
    {
        var p = new RetryPolicy(3, new RetryQuota(100), random: () => 0.5);
        var call = new RetryCall(3);
        var d = Decide(p, call, "InvalidSignatureException", 403, clockCorrected: true);
        Assert.Equal(RetryDecision.After(TimeSpan.Zero), d);
        Assert.Equal(1, call.CountedAttempts);
        Assert.Equal(100, p.Quota.Available);
        Assert.False(Decide(p, new RetryCall(1), "InvalidSignatureException", 403, clockCorrected: true).Retry); // no attempt left
    }

    [Fact]
    public void Adaptive_ARateSignalWhileTheOperationMakesProgress_IsFree()
    {
        var p = new RetryPolicy(3, new RetryQuota(100), random: () => 0.5);
        var call = new RetryCall(3);
        for (int i = 0; i < 10; i++)
            Assert.Equal(RetryDecision.After(TimeSpan.Zero), Decide(p, call, "ThrottlingException", 400, sinceSuccess: RetryPolicy.ThrottleProgressWindow));
        Assert.Equal(RetryDecision.After(TimeSpan.Zero), Decide(p, call, "Anything", 429, sinceSuccess: TimeSpan.Zero));
        Assert.Equal(0, call.CountedAttempts);
        Assert.Equal(100, p.Quota.Available);
    }

    [Theory]
    [InlineData("ThrottlingException", 400, 2.5, 0.0)]  // no success within the window: the run is not making progress
    [InlineData("ThrottlingException", 400, null, 0.0)] // standard mode (no limiter) or no success yet
    [InlineData("ThrottlingException", 400, 0.0, 120.0)] // the call has gone on for the bound
    [InlineData("LimitExceededException", 410, 0.0, 0.0)] // retried, but no rate signal
    [InlineData("ServiceUnavailableException", 503, 0.0, 0.0)]
    public void Adaptive_OtherwiseARetryCounts_AndPaysTheQuota(string code, int status, double? sinceSuccessSeconds, double callSeconds)
    {
        var p = new RetryPolicy(3, new RetryQuota(100), random: () => 0.5);
        var call = new RetryCall(3);
        var d = Decide(p, call, code, status, sinceSuccess: sinceSuccessSeconds is double s ? TimeSpan.FromSeconds(s) : null, callTime: TimeSpan.FromSeconds(callSeconds));
        Assert.Equal(RetryDecision.After(TimeSpan.FromSeconds(0.5)), d);
        Assert.Equal(1, call.CountedAttempts);
        Assert.Equal(95, p.Quota.Available);
    }

    [Fact]
    public void TheQuota_PaysForEachCountedRetry_AndRefusesWhenEmpty_AndASuccessRefundsTheLastRetry()
    {
        var p = new RetryPolicy(5, new RetryQuota(15), random: () => 0);
        var call = new RetryCall(5);
        Assert.True(Decide(p, call, "ConnectionFailure", 0).Retry); // 10
        Assert.Equal(10, call.LastRetryCost);
        Assert.True(Decide(p, call, "ServiceUnavailableException", 503).Retry); // 5
        var refused = Decide(p, call, "ServiceUnavailableException", 503);
        Assert.Equal(RetryDecision.GiveUp(true, quotaExhausted: true), refused);
        Assert.Equal((0, 1L), (p.Quota.Available, p.Quota.Refused));
        p.OnSuccess(call);
        Assert.Equal(5, p.Quota.Available);
        p.OnSuccess(new RetryCall(3));
        Assert.Equal(6, p.Quota.Available);
    }
}
