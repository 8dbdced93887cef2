namespace IoTJobs.Client.Tests;

/// <summary>What an error code means: throttling (botocore's list), a rate signal, an outcome that may have been applied.</summary>
public class ErrorCodesTests
{
    [Theory]
    [InlineData("ThrottlingException", true)]
    [InlineData("Throttling", true)]
    [InlineData("TooManyRequestsException", true)]
    [InlineData("RequestLimitExceeded", true)]
    [InlineData("LimitExceededException", true)]
    [InlineData("ProvisionedThroughputExceededException", true)]
    [InlineData("SlowDown", true)]
    [InlineData("InvalidStateTransitionException", false)]
    [InlineData("ResourceNotFoundException", false)]
    [InlineData(null, false)]
    public void ErrorCodes_IsThrottling(string? code, bool expected) => Assert.Equal(expected, ErrorCodes.IsThrottling(code));

    [Fact]
    public void IsRateSignal_Is429OrAThrottlingCode_ButNotLimitExceeded()
    {
        Assert.False(ErrorCodes.IsRateSignal(ErrorCodes.LimitExceededException, 410));
        Assert.True(ErrorCodes.IsRateSignal(ErrorCodes.ThrottlingException, 400));
        Assert.True(ErrorCodes.IsRateSignal("Anything", 429));
        Assert.False(ErrorCodes.IsRateSignal(ErrorCodes.ServiceUnavailableException, 503));
    }

    [Theory]
    [InlineData("RequestTimeout", 0, true)]
    [InlineData("ConnectionFailure", 0, true)]
    [InlineData("InternalFailureException", 500, true)]
    [InlineData("HttpStatus502", 502, true)]
    [InlineData("HttpStatus504", 504, true)]
    [InlineData("ServiceUnavailableException", 503, false)] // refused before it was processed
    [InlineData("ThrottlingException", 400, false)]
    [InlineData("InvalidStateTransitionException", 409, false)]
    public void IsOutcomeUnknown(string code, int status, bool expected) => Assert.Equal(expected, ErrorCodes.IsOutcomeUnknown(code, status));
}
