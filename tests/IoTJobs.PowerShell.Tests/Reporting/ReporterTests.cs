using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace IoTJobs.PowerShell.Tests.Reporting
{
    /// <summary>
    /// The one reporting path, through the cmdlet in a runspace against a scripted fleet (IoTJobsCmdlet's client factory
    /// hook, so these run alone): whatever stream's preference ends the command, the executions reported are exactly the
    /// ones the fleet canceled; Ctrl+C tells the host which cancels may have been applied unreported.
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
            public FakeIoTJobsClient Client { get; } = new FakeIoTJobsClient();

            public FakeFleet()
            {
                Client.OnCancelExecution = async request =>
                {
                    await Task.Delay(CancelMilliseconds);
                    if (Status[request.ThingName] == "IN_PROGRESS" && !request.Force)
                        throw FakeIoTJobsClient.Error("InvalidStateTransitionException", 409);
                    Status[request.ThingName] = "CANCELED";
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
            var host = new AnsweringHost(true);
            using var runspace = Open(host);
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = runspace;
            var reported = new PSDataCollection<PSObject>();
            ps.AddScript("param($things, $job) $things | Stop-IoTJobExecution -JobId $job -Region us-east-1 -Confirm:$false -ThrottleLimit 16")
                .AddArgument(things).AddArgument(Job);
            var run = ps.BeginInvoke<PSObject, PSObject>(null, reported);
            while (_fleet.Canceled.Count() < 40) await Task.Delay(20);
            ps.Stop();
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(run));

            var shown = reported.Select(o => ((JobExecution)o.BaseObject).ThingName).ToHashSet(StringComparer.Ordinal);
            var unreported = _fleet.Canceled.Where(t => !shown.Contains(t)).ToList();
            var line = Assert.Single(host.WarningLines, l => l.StartsWith("Stopped with", StringComparison.Ordinal));
            Assert.Matches(@"^Stopped with \d+ cancel\(s\) that may have been applied and were not reported: ", line);
            // The line counts every execution canceled on the fleet and not shown, and names them when there are 20 or fewer.
            var counted = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"\d+").Value);
            Assert.True(counted >= unreported.Count, $"the line counts {counted}, the fleet has {unreported.Count} canceled unreported");
            if (counted <= 20) Assert.All(unreported, t => Assert.Contains($"thing '{t}'", line));
            Assert.True(unreported.Count <= 16 * 2, $"{unreported.Count} canceled unreported");
        }
    }
}
