using System.Globalization;
using IoTJobs.Client.Tests.Infrastructure;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Client.Tests.Http;

/// <summary>
/// Clock-skew correction (as AWSSDK.Core: from the Date header or the "Signature expired" message, then re-signed and
/// retried) against the emulator running its clock 20 minutes ahead or behind, and against a scripted server.
/// </summary>
[Collection("Environment")]
public class ClockSkewTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(-20)]
    public async Task AServiceClock20MinutesOff_IsCorrectedOnce_ThenListingAndCancellingWork(int minutes)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quiet = true, ClockOffset = TimeSpan.FromMinutes(minutes) });
        host.Store.Seed("skew-job", new[] { "s1", "s2" });
        var log = new List<string>();
        using var client = IoTJobsClient.Create(TestClients.ForEmulator(host, log));

        var listed = await Items.All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "skew-job" }));
        Assert.Equal(2, listed.Count);
        // The first attempt was refused on time (it never reached the operation), the second, re-signed with the
        // correction, was answered.
        Assert.Equal(1, host.RequestCount("ListJobExecutionsForJob"));
        Assert.Contains(log, l => l.StartsWith("GET /jobs/skew-job/things -> 403 Forbidden (attempt 1/3", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("GET /jobs/skew-job/things -> 200 OK (attempt 2/3", StringComparison.Ordinal));
        var correction = ClockSkew.Shared.CorrectionFor(client.Endpoint);
        Assert.InRange(correction.TotalMinutes, minutes - 0.2, minutes + 0.2);
        Assert.Contains(log, l => l.StartsWith("Clock skew: ", StringComparison.Ordinal) && l.Contains(minutes > 0 ? "+19m5" : "-20m0"));

        // Later calls are signed with the correction from the start: one request each.
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "skew-job", ThingName = "s1" });
        Assert.Equal(1, host.RequestCount("CancelJobExecution"));
        Assert.Equal("CANCELED", host.Store.DescribeJobExecution("s1", "skew-job", null).Status);
        Assert.Equal(RetryQuota.DefaultCapacity, client.RetryQuota.Available); // a skew retry costs no quota
    }

    [Fact]
    public async Task TheServiceTime_IsReadFromTheMessage_WhenThereIsNoDateHeader()
    {
        var serverNow = DateTime.UtcNow.AddMinutes(30);
        var message = $"Signature expired: {DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'} is now earlier than {serverNow.AddMinutes(-15):yyyyMMdd'T'HHmmss'Z'} ({serverNow:yyyyMMdd'T'HHmmss'Z'} - 15 min.)";
        await using var server = ScriptedServer.Start(Reply.Error(403, "InvalidSignatureException", message), Reply.Ok("{\"job\":{\"jobId\":\"j1\"}}"));
        using var client = TestClients.For(server);
        Assert.Equal("j1", (await client.DescribeJobAsync("j1")).JobId);
        Assert.Equal(2, server.Count);
        var signedAt = SigV4Reference.SignedAt(server.Requests[1]);
        Assert.InRange((signedAt - serverNow).TotalSeconds, -5, 5);
    }

    [Fact]
    public async Task ARequestStillRefusedOnTime_SaysToCheckTheClock()
    {
        // A service whose clock keeps moving away: corrected once, refused again, reported (not corrected forever).
        int n = 0;
        await using var server = ScriptedServer.Start((_, _) =>
        {
            var t = DateTime.UtcNow.AddMinutes(20 + 40 * Interlocked.Increment(ref n));
            return Reply.Error(403, "InvalidSignatureException", $"Signature expired: 20260101T000000Z is now earlier than 20260101T000000Z ({t:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");
        });
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.True(ex.IsClockError);
        Assert.Equal(2, server.Count);
        Assert.Contains("Check this computer's clock", ex.Message);
        Assert.Contains("the service's clock said", ex.Message);
        Assert.Contains("with a correction of +", ex.Message);
    }

    [Fact]
    public async Task ASignatureMismatch_IsNotTakenForClockSkew()
    {
        await using var server = ScriptedServer.Start(Reply.Error(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.",
            ("Date", DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture))));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        Assert.False(ex.IsClockError);
        Assert.Equal(1, server.Count);
        Assert.Equal(TimeSpan.Zero, ClockSkew.Shared.CorrectionFor(client.Endpoint));
    }

    [Theory]
    [InlineData("Signature expired: 20261201T093000Z is now earlier than 20261201T094500Z (20261201T100000Z - 15 min.)", "2026-12-01T10:00:00")]
    [InlineData("Signature not yet current: 20261201T103000Z is still later than 20261201T101500Z (20261201T100000Z + 15 min.)", "2026-12-01T10:00:00")]
    public void TheServiceTime_InBothMessageForms(string message, string expected)
    {
        Assert.True(ClockSkew.TryParseMessage(message, out var t));
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture), t);
        Assert.True(ClockSkew.IsTimeError("InvalidSignatureException", message));
        Assert.False(ClockSkew.IsTimeError("InvalidSignatureException", "The request signature we calculated does not match"));
    }

}
