using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace IoTJobs.PowerShell.Tests.Reporting
{
    /// <summary>
    /// The one reporting path, through the cmdlet in a runspace against a scripted fleet (IoTJobsCmdlet's client factory
    /// hook, so these run alone): whatever stream's preference ends the command, the executions reported are exactly the
    /// ones the fleet canceled; Ctrl+C, and an upstream command's error, tell the host which cancels may have been applied unreported.
    /// </summary>
    [Collection(nameof(ClientFactoryCollection))]
    public sealed class ReporterTests : IDisposable
    {
        private const string Job = "fw";
        private readonly FakeFleet _fleet = new FakeFleet();

        public ReporterTests() => IoTJobsCmdlet.ClientFactoryOverride = _ => _fleet.Client;

        public void Dispose() => IoTJobsCmdlet.ClientFactoryOverride = null;

        /// <summary>A fleet behind a fake client: cancels take a moment; the listed things' read-backs lag (still QUEUED).</summary>
        private sealed class FakeFleet
        {
            public readonly ConcurrentDictionary<string, string> Status = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            public readonly HashSet<string> Lagging = new HashSet<string>(StringComparer.Ordinal);
            public int CancelMilliseconds = 10;
            private int _inFlight;
            /// <summary>Cancels still running (they ignore cancellation, as a request already sent does).</summary>
            public int InFlight => Volatile.Read(ref _inFlight);
            public FakeIoTJobsClient Client { get; } = new FakeIoTJobsClient();

            public FakeFleet()
            {
                Client.OnCancelExecution = async request =>
                {
                    Interlocked.Increment(ref _inFlight);
                    try
                    {
                        await Task.Delay(CancelMilliseconds);
                        if (Status[request.ThingName] == "IN_PROGRESS" && !request.Force)
                            throw FakeIoTJobsClient.Error("InvalidStateTransitionException", 409);
                        Status[request.ThingName] = "CANCELED";
                    }
                    finally { Interlocked.Decrement(ref _inFlight); }
                };
                Client.OnDescribeExecution = (thing, job, _) =>
                    Task.FromResult(FakeIoTJobsClient.Execution(thing, job, Lagging.Contains(thing) ? "QUEUED" : Status[thing]));
            }

            public string[] Seed(int count)
            {
                var things = Enumerable.Range(1, count).Select(i => $"t-{i:000}").ToArray();
                foreach (var t in things) Status[t] = "QUEUED";
                return things;
            }

            public IEnumerable<string> Canceled => Status.Where(p => p.Value == "CANCELED").Select(p => p.Key).OrderBy(t => t, StringComparer.Ordinal);
        }

        private static Runspace Open(AnsweringHost? host = null)
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { typeof(IoTJobsCmdlet).Assembly.Location });
            var runspace = host == null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();
            return runspace;
        }

        /// <summary>A script over the things (as $things, the job as $job) started in a runspace whose host records its lines.</summary>
        private sealed class HostedRun : IDisposable
        {
            private readonly Runspace _runspace;
            private readonly IAsyncResult _run;
            public AnsweringHost Host { get; } = new AnsweringHost(true);
            public System.Management.Automation.PowerShell Ps { get; } = System.Management.Automation.PowerShell.Create();
            public PSDataCollection<PSObject> Reported { get; } = new PSDataCollection<PSObject>();

            public HostedRun(string[] things, string script)
            {
                _runspace = Open(Host);
                Ps.Runspace = _runspace;
                Ps.AddScript("param($things, $job) " + script).AddArgument(things).AddArgument(Job);
                _run = Ps.BeginInvoke<PSObject, PSObject>(null, Reported);
            }

            public void End() => Ps.EndInvoke(_run);

            public void Dispose()
            {
                Ps.Dispose();
                _runspace.Dispose();
            }
        }

        /// <summary>
        /// Cancels every thing after <paramref name="setup"/> (a preference variable) with <paramref name="parameters"/>
        /// (a common parameter), collecting what the command reported until it ended; returns the things reported.
        /// </summary>
        private static List<string> Run(string[] things, string setup, string parameters = "")
        {
            using var runspace = Open();
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(
                $"param($things, $job) {setup}; $reported = [System.Collections.Generic.List[string]]::new(); " +
                $"try {{ $things | Stop-IoTJobExecution -JobId $job -Region us-east-1 -Confirm:$false {parameters} | ForEach-Object {{ $reported.Add($_.ThingName) }} }} catch {{ }}; , $reported");
            ps.AddArgument(things).AddArgument(Job);
            return ((IEnumerable<object>)ps.Invoke().Single().BaseObject).Select(o => o.ToString()!).ToList();
        }

        [Theory]
        [InlineData("$WarningPreference = 'Stop'", "")]
        [InlineData("", "-WarningAction Stop")]
        public void WarningsThatStop_ComeAfterEveryAppliedCancel(string setup, string parameters)
        {
            var things = _fleet.Seed(60);
            foreach (var i in new[] { 4, 19, 39 }) _fleet.Lagging.Add(things[i]);

            var reported = Run(things, setup, parameters);

            Assert.Equal(_fleet.Canceled, reported.OrderBy(t => t, StringComparer.Ordinal));
            Assert.True(reported.Count >= 5, $"the run got as far as the first lagging read-back ({reported.Count} reported)");
        }

        [Theory]
        [InlineData("-ErrorAction Stop")]
        [InlineData("-Verbose:$false -InformationAction Stop")]
        public void ErrorsAndInformationThatStop_ComeAfterEveryAppliedCancel(string parameter)
        {
            var things = _fleet.Seed(80);
            _fleet.Status[things[29]] = "IN_PROGRESS"; // its cancel fails without -Force

            var reported = Run(things, "", parameter);

            Assert.Equal(_fleet.Canceled, reported.OrderBy(t => t, StringComparer.Ordinal));
            Assert.NotEmpty(reported);
        }

        [Theory]
        [InlineData("$VerbosePreference = 'Stop'")]
        [InlineData("$DebugPreference = 'Stop'")]
        [InlineData("$ProgressPreference = 'Stop'")]
        [InlineData("$ErrorActionPreference = 'Stop'")]
        public void APreferenceVariableThatStops_NeverLeavesACancelUnreported(string preference)
        {
            var things = _fleet.Seed(80);
            _fleet.Status[things[29]] = "IN_PROGRESS";
            _fleet.Lagging.Add(things[49]);

            var reported = Run(things, preference);

            Assert.Equal(_fleet.Canceled, reported.OrderBy(t => t, StringComparer.Ordinal));
        }

        [Fact]
        public async Task CtrlC_TellsTheHostWhichCancelsMayHaveBeenAppliedUnreported()
        {
            var things = _fleet.Seed(400);
            _fleet.CancelMilliseconds = 40;
            using var run = new HostedRun(things, "$things | Stop-IoTJobExecution -JobId $job -Region us-east-1 -Confirm:$false -ThrottleLimit 16");
            while (_fleet.Canceled.Count() < 40) await Task.Delay(20);
            run.Ps.Stop();
            Assert.Throws<PipelineStoppedException>(run.End);
            var unreported = await AssertTheHostWasTold(run);
            Assert.True(unreported <= 16 * 2, $"{unreported} canceled unreported");
        }

        /// <summary>
        /// The host's line, checked against the fleet once nothing is in flight: it counts every cancel applied and not
        /// shown, and names them when there are 20 or fewer. Returns how many there are.
        /// </summary>
        private async Task<int> AssertTheHostWasTold(HostedRun run)
        {
            while (_fleet.InFlight > 0) await Task.Delay(10);
            var shown = run.Reported.Select(o => ((JobExecution)o.BaseObject).ThingName).ToHashSet(StringComparer.Ordinal);
            var unreported = _fleet.Canceled.Where(t => !shown.Contains(t)).ToList();
            var line = Assert.Single(run.Host.WarningLines, l => l.StartsWith("Stopped with", StringComparison.Ordinal));
            Assert.Matches(@"^Stopped with \d+ cancel\(s\) that may have been applied and were not reported: ", line);
            var counted = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"\d+").Value);
            Assert.True(counted >= unreported.Count, $"the line counts {counted}, the fleet has {unreported.Count} canceled unreported: {line}");
            if (counted <= 20) Assert.All(unreported, t => Assert.Contains($"thing '{t}'", line));
            return unreported.Count;
        }

        [Fact]
        public async Task AnUpstreamCommandsError_TellsTheHostWhatWasInFlight()
        {
            var things = _fleet.Seed(60);
            _fleet.CancelMilliseconds = 40;
            using var run = new HostedRun(things, "$things | ForEach-Object { if ($_ -eq 't-030') { throw 'row 30 failed validation' }; $_ } | " +
                                                  "Stop-IoTJobExecution -JobId $job -Region us-east-1 -Confirm:$false -ThrottleLimit 16");
            var error = Assert.Throws<RuntimeException>(run.End);
            Assert.Contains("row 30 failed validation", error.Message);
            Assert.NotEqual(0, await AssertTheHostWasTold(run));
        }
    }
}
