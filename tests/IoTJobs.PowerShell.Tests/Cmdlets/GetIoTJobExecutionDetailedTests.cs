using System.Management.Automation.Runspaces;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Get-IoTJobExecution -Detailed against a scripted service whose executions change between the list and the
    /// describe: -Status holds for what the describe returned, so an execution that started meanwhile never reaches a
    /// following Stop-IoTJobExecution -Force as QUEUED.
    /// </summary>
    [Collection(nameof(ClientFactoryCollection))]
    public sealed class GetIoTJobExecutionDetailedTests : System.IDisposable
    {
        private readonly FakeIoTJobsClient _client = new FakeIoTJobsClient();

        public GetIoTJobExecutionDetailedTests() => IoTJobsCmdlet.ClientFactoryOverride = _ => _client;

        public void Dispose() => IoTJobsCmdlet.ClientFactoryOverride = null;

        [Fact]
        public void Detailed_ReappliesStatus_ToWhatTheDescribeReturned()
        {
            var things = Enumerable.Range(1, 6).Select(i => $"t{i}").ToArray();
            // Listed QUEUED; by the time each is described, t2 and t5 have started.
            _client.OnListForJob = request => things.Select(t => new JobExecutionSummaryData
            {
                ThingArn = $"arn:aws:iot:us-east-1:123456789012:thing/{t}", Status = request.Status, ExecutionNumber = 1,
            });
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, t is "t2" or "t5" ? "IN_PROGRESS" : "QUEUED"));

            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { typeof(IoTJobsCmdlet).Assembly.Location });
            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("Get-IoTJobExecution -JobId fw -Status QUEUED -Detailed -Region us-east-1 -Verbose");
            var output = ps.Invoke().Select(o => (JobExecution)o.BaseObject).ToList();

            Assert.Equal(new[] { "t1", "t3", "t4", "t6" }, output.Select(e => e.ThingName));
            Assert.All(output, e => Assert.Equal(JobExecutionStatus.QUEUED, e.Status));
            Assert.Contains(ps.Streams.Verbose, v => v.Message.Contains("'t2'") && v.Message.Contains("IN_PROGRESS now, not QUEUED"));
        }
    }
}
