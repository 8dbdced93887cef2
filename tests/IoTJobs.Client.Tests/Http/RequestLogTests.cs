using IoTJobs.Client.Tests.Infrastructure;
using static IoTJobs.Client.Tests.Infrastructure.Secrets;

namespace IoTJobs.Client.Tests.Http;

/// <summary>One log line per attempt, never a secret; a broken log sink never fails a request.</summary>
public class RequestLogTests
{
    [Fact]
    public async Task Log_OneLinePerAttempt_WithMethodPathStatusAttemptElapsed()
    {
        var log = new List<string>();
        await using var server = ScriptedServer.Start(Reply.Error(400, "ThrottlingException", "Rate exceeded"), Reply.Ok());
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken, log);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "a:b", JobId = "j1", Force = true });
        Assert.Equal(2, log.Count);
        Assert.Matches(@"^PUT /things/a%3Ab/jobs/j1/cancel\?force=true -> 400 Bad Request \(attempt 1/3, \d+ ms\)$", log[0]);
        Assert.Matches(@"^PUT /things/a%3Ab/jobs/j1/cancel\?force=true -> 200 OK \(attempt 2/3, \d+ ms\)$", log[1]);
        foreach (var line in log) AssertClean(line);
    }

    [Fact]
    public async Task ThrowingLogSink_DoesNotFailTheRequest()
    {
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server, o => o.Log = _ => throw new InvalidOperationException("sink broken"));
        await client.DescribeJobAsync("j1");
        Assert.Equal(1, server.Count);
    }
}
