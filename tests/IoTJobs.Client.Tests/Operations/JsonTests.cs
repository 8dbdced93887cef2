using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>The lenient JSON readers: epoch-second timestamps (or ISO strings), wrong-typed members read as absent.</summary>
public class JsonTests
{
    [Theory]
    [InlineData("1560787023.636", 2019, 6, 17, 15, 57, 3, 636)]
    [InlineData("0", 1970, 1, 1, 0, 0, 0, 0)]
    [InlineData("1.5", 1970, 1, 1, 0, 0, 1, 500)]
    [InlineData("\"2024-02-03T04:05:06.789Z\"", 2024, 2, 3, 4, 5, 6, 789)]
    public async Task Timestamps_EpochSecondsOrIso(string raw, int y, int mo, int d, int h, int mi, int s, int ms)
    {
        var e = await TestClients.Answering($"{{\"execution\":{{\"queuedAt\":{raw}}}}}", c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, ms, DateTimeKind.Utc), e.QueuedAt);
    }

    [Fact]
    public async Task WrongTypedMembers_AreTreatedAsAbsent()
    {
        var e = await TestClients.Answering("""{"execution":{"queuedAt":{"x":1},"executionNumber":"12","versionNumber":[1],"forceCanceled":"true","status":null}}""",
            c => c.DescribeJobExecutionAsync("t", "j"));
        Assert.Null(e.QueuedAt);
        Assert.Equal(12, e.ExecutionNumber);
        Assert.Null(e.VersionNumber);
        Assert.True(e.ForceCanceled);
        Assert.Null(e.Status);
    }
}
