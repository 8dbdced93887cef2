using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Stop-IoTJob against a service that cancels server-side at a pace (the emulator's JobCancelRate): -Wait follows
    /// it with Write-Progress and emits the final job; -Timeout; Ctrl+C stops the waiting but not the cancel; and what
    /// the cmdlet makes of a refused cancel (400 InvalidRequestException or 409) by describing the job. The emulator's
    /// clock stands still unless a test moves it: each progress record -Wait writes moves it one second, so the next
    /// DescribeJob sees one more second of the cancel, whatever the machine's load.
    /// </summary>
    public sealed class StopIoTJobWaitTests : IClassFixture<EmulatorFixture>
    {
        private const string CommandType = StopIoTJobCommandTests.CommandType;
        // DescribeJob before the cancel (was it canceled before?) and after it (the job the wait starts from).
        private const int DescribesWithoutWaiting = 2;
        private readonly EmulatorFixture _fx;
        public StopIoTJobWaitTests(EmulatorFixture fx) => _fx = fx;

        private sealed record Run(List<PSObject> Output, List<ErrorRecord> Errors, List<ProgressRecord> Progress, List<string> Verbose);

        private static Task<EmulatorHost> Paced(double rate, FakeTimeProvider clock) =>
            EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = rate, TimeProvider = clock });

        /// <summary>Moves <paramref name="clock"/> one second with each progress record of the wait (null: moves nothing).</summary>
        private static System.Management.Automation.PowerShell Waiting(PowerShellSession s, FakeTimeProvider? clock)
        {
            var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            if (clock != null)
            {
                ps.Streams.Progress.DataAdded += (_, e) =>
                {
                    var record = ps.Streams.Progress[e.Index];
                    if (record.Activity == StopIoTJobCommand.WaitActivity && record.RecordType == ProgressRecordType.Processing) clock.Advance(TimeSpan.FromSeconds(1));
                };
            }
            return ps;
        }

        private static Run Invoke(PowerShellSession s, string script, FakeTimeProvider? clock, params object[] args)
        {
            using var ps = Waiting(s, clock);
            ps.AddScript(script);
            foreach (var a in args) ps.AddArgument(a);
            var output = ps.Invoke().ToList();
            return new Run(output, ps.Streams.Error.ToList(), ps.Streams.Progress.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList());
        }

        private static List<ProgressRecord> Shown(Run run) =>
            run.Progress.Where(p => p.Activity == StopIoTJobCommand.WaitActivity && p.RecordType == ProgressRecordType.Processing).ToList();

        [Theory]
        [InlineData("$ProgressPreference = 'Stop'", "")]
        [InlineData("", "-ProgressAction Stop")]
        public async Task Wait_whose_progress_ends_the_command_writes_the_canceled_job_first(string setup, string parameter)
        {
            var clock = TestClock.Stopped(); // the cancel never finishes: the first progress record of the wait ends the command
            await using var emulator = await Paced(500, clock);
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, _) = StopIoTJobCommandTests.SeedJob(emulator, 200, 0, 0);

            var run = Invoke(s, setup + "; try { Stop-IoTJob -JobId $args[0] -Wait -Confirm:$false " + parameter + " } catch { $global:ended = $_ }; $global:ended.FullyQualifiedErrorId", null, job);

            Assert.Equal("CANCELED", emulator.Store.DescribeJob(job).Status);
            var written = Assert.IsType<Job>(run.Output[0].BaseObject);
            Assert.Equal(job, written.JobId);
            Assert.Equal(CancelResult.Canceled, written.Outcome);
            Assert.StartsWith("ActionPreferenceStop", run.Output[1].ToString());
        }

        [Fact]
        public async Task Wait_on_2000_executions_at_a_paced_rate_shows_progress_and_returns_the_final_counts()
        {
            var clock = TestClock.Stopped();
            var start = clock.GetUtcNow();
            await using var emulator = await Paced(500, clock);
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = StopIoTJobCommandTests.SeedJob(emulator, 2000, 0, 1); // two IN_PROGRESS: not canceled without -Force

            var run = Invoke(s, "Stop-IoTJob -JobId $args[0] -Wait -Verbose -Confirm:$false", clock, job);

            Assert.Empty(run.Errors);
            var final = Assert.IsType<Job>(Assert.Single(run.Output).BaseObject);
            Assert.Equal(JobStatus.CANCELED, final.Status);
            Assert.False(final.IsConcurrent);
            Assert.Equal(1998, final.CanceledCount);
            Assert.Equal(0, final.QueuedCount);
            Assert.Equal(2, final.InProgressCount);
            // The server agrees, and the cmdlet waited as long as 1,998 cancels at 500 a second take: 4 of the server's
            // seconds, one per poll.
            var stored = emulator.Store.DescribeJob(job);
            Assert.Equal(1998, stored.StatusCounts["CANCELED"]);
            Assert.False(stored.IsConcurrent);
            Assert.Equal(TimeSpan.FromSeconds(4), clock.GetUtcNow() - start);

            // Progress from DescribeJob's counts: moving, with a percentage, then completed.
            var waiting = run.Progress.Where(p => p.Activity == StopIoTJobCommand.WaitActivity).ToList();
            var shown = Shown(run);
            var canceledSoFar = shown.Select(p => int.Parse(Regex.Match(p.StatusDescription, @"(\d+) canceled").Groups[1].Value)).ToList();
            Assert.Equal(new[] { 0, 500, 1000, 1500 }, canceledSoFar);
            Assert.All(shown, p => Assert.InRange(p.PercentComplete, 0, 100));
            Assert.Contains(shown, p => p.CurrentOperation.Contains("Ctrl+C stops the waiting"));
            Assert.Equal(ProgressRecordType.Completed, waiting.Last().RecordType);
            Assert.Contains(run.Verbose, v => v.Contains("Ctrl+C stops the waiting, not the cancel"));
            Assert.Contains(run.Verbose, v => v.Contains("has finished canceling") && v.Contains("1998"));
            // One DescribeJob per poll, each after a progress record (and so after the pause between polls).
            Assert.Equal(DescribesWithoutWaiting + shown.Count, emulator.RequestCount("DescribeJob"));
        }

        [Fact]
        public void Wait_with_an_instant_cancel_emits_the_job_at_once_without_progress()
        {
            using var s = _fx.Open();
            var (job, _) = StopIoTJobCommandTests.SeedJob(_fx.Emulator, 5);
            var before = _fx.Emulator.RequestCount("DescribeJob");
            var run = Invoke(s, "Stop-IoTJob -JobId $args[0] -Wait -Confirm:$false", null, job);
            Assert.Empty(run.Errors);
            var final = Assert.IsType<Job>(Assert.Single(run.Output).BaseObject);
            Assert.Equal(5, final.CanceledCount);
            Assert.False(final.IsConcurrent);
            Assert.DoesNotContain(run.Progress, p => p.Activity == StopIoTJobCommand.WaitActivity);
            // At once: the job the cancel left was already final, so it was never polled.
            Assert.Equal(DescribesWithoutWaiting, _fx.Emulator.RequestCount("DescribeJob") - before);
        }

        [Fact]
        public async Task Timeout_ends_the_wait_with_WaitTimeout_and_the_cancel_goes_on()
        {
            var clock = TestClock.Stopped();
            await using var emulator = await Paced(20, clock);
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, _) = StopIoTJobCommandTests.SeedJob(emulator, 200); // 10 s of the server's work

            var run = Invoke(s, "Stop-IoTJob -JobId $args[0] -Wait -Timeout 2 -Confirm:$false", clock, job);

            // The cancel was applied, so the job is written (as last described), and the error says the waiting ran out.
            var written = Assert.IsType<Job>(Assert.Single(run.Output).BaseObject);
            Assert.Equal(job, written.JobId);
            Assert.True(written.IsConcurrent);
            var error = Assert.Single(run.Errors);
            Assert.Equal($"WaitTimeout,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Contains("The cancel goes on", error.Exception.Message);
            Assert.Equal(job, Assert.IsType<IoTJobsException>(error.Exception).JobId);
            var last = Assert.IsType<Job>(error.TargetObject);
            Assert.True(last.IsConcurrent);
            // -Timeout 2 at one poll a second: one or two polls (the second pause is cut to what is left, and a pause that ends a
            // hair early leaves one more short one), then no more. That the timeout cuts a longer pause: StopIoTJobWaitPollTests.
            Assert.InRange(emulator.RequestCount("DescribeJob") - DescribesWithoutWaiting, 1, 4);
            int canceledAtTimeout = emulator.Store.DescribeJob(job).StatusCounts.GetValueOrDefault("CANCELED");
            Assert.InRange(canceledAtTimeout, 1, 199);
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(emulator.Store.DescribeJob(job).StatusCounts["CANCELED"] > canceledAtTimeout, "the service went on canceling");

            var caught = s.Invoke("try { Stop-IoTJob -JobId $args[0] -Timeout 5 } catch { $_.FullyQualifiedErrorId }", job);
            Assert.Equal($"TimeoutNeedsWait,{CommandType}", caught.Single().BaseObject);
        }

        [Fact]
        public async Task CtrlC_stops_the_waiting_says_so_on_the_host_and_the_service_goes_on_canceling()
        {
            var clock = TestClock.Stopped();
            await using var emulator = await Paced(20, clock);
            var host = new AnsweringHost();
            using var s = _fx.OpenAt(emulator.Endpoint(), host);
            var (job, _) = StopIoTJobCommandTests.SeedJob(emulator, 200);

            using var ps = Waiting(s, clock);
            ps.AddScript("Stop-IoTJob -JobId $args[0] -Wait -Confirm:$false").AddArgument(job);
            var async = ps.BeginInvoke();
            // A bound on how long to wait for the first progress record, not a measure of anything.
            for (int i = 0; i < 400 && !ps.Streams.Progress.Any(p => p.Activity == StopIoTJobCommand.WaitActivity); i++) await Task.Delay(50);
            Assert.False(async.IsCompleted, "the cmdlet was waiting");
            ps.Stop();

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            var said = Assert.Single(host.WarningLines);
            Assert.Contains($"Stopped waiting for job '{job}'", said);
            Assert.Contains("the service goes on canceling", said);
            var canceled = emulator.Store.DescribeJob(job).StatusCounts.GetValueOrDefault("CANCELED");
            Assert.True(canceled < 200, "stopped before the end");
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(emulator.Store.DescribeJob(job).StatusCounts["CANCELED"] > canceled, "the cancel itself was not stopped");
            Assert.Equal("CANCELED", emulator.Store.DescribeJob(job).Status);
        }

        // ---- refused cancels: the job is described to tell why --------------------------------------------------

        [Theory]
        [InlineData(409, "InvalidStateTransitionException", "COMPLETED", "JobTerminal", ErrorCategory.InvalidOperation, "already finished")]
        [InlineData(400, "InvalidRequestException", "COMPLETED", "JobTerminal", ErrorCategory.InvalidOperation, "already finished")]
        [InlineData(400, "InvalidRequestException", "DELETION_IN_PROGRESS", "JobTerminal", ErrorCategory.InvalidOperation, "being deleted")]
        [InlineData(400, "InvalidRequestException", "IN_PROGRESS", "InvalidRequest", ErrorCategory.InvalidArgument, "not about the job having finished")]
        [InlineData(409, "InvalidStateTransitionException", "IN_PROGRESS", "ServiceError", ErrorCategory.InvalidOperation, "not about the job having finished")]
        public async Task A_refused_cancel_is_explained_from_the_jobs_state(int status, string code, string jobStatus, string errorId, ErrorCategory category, string text)
        {
            await using var server = JobServer(status, code, jobStatus, inProgress: 0);
            using var s = _fx.OpenAt(server.Endpoint);

            var run = Invoke(s, "Stop-IoTJob -JobId fw -Force -Confirm:$false", null);

            Assert.Empty(run.Output);
            var ex = StopIoTJobCommandTests.AssertJobError(Assert.Single(run.Errors), errorId, category, "fw");
            Assert.Equal(status, ex.StatusCode);
            Assert.Equal(code, ex.ErrorCode);
            Assert.Contains(text, ex.Message);
            Assert.Contains("the service's own words", ex.Message);
            // The job is read first (was it canceled before?), then canceled, then read to tell why it was refused.
            Assert.Equal(new[] { "GET /jobs/fw", "PUT /jobs/fw/cancel", "GET /jobs/fw" }, server.Requests.Select(r => r.Method + " " + r.RawPath));
        }

        [Fact]
        public async Task A_refused_cancel_of_a_canceled_job_is_success_unless_force_did_not_reach_IN_PROGRESS_executions()
        {
            await using (var server = JobServer(400, "InvalidRequestException", "CANCELED", inProgress: 0))
            {
                using var s = _fx.OpenAt(server.Endpoint);
                var run = Invoke(s, "Stop-IoTJob -JobId fw -Verbose -Confirm:$false", null);
                Assert.Empty(run.Errors);
                Assert.Equal(JobStatus.CANCELED, Assert.IsType<Job>(Assert.Single(run.Output).BaseObject).Status);
                Assert.Contains(run.Verbose, v => v.Contains("was already canceled"));
            }
            await using (var server = JobServer(400, "InvalidRequestException", "CANCELED", inProgress: 3))
            {
                using var s = _fx.OpenAt(server.Endpoint);
                var run = Invoke(s, "Stop-IoTJob -JobId fw -Force -Confirm:$false", null);
                Assert.Empty(run.Output);
                var ex = StopIoTJobCommandTests.AssertJobError(Assert.Single(run.Errors), "JobAlreadyCanceled", ErrorCategory.InvalidOperation, "fw");
                Assert.Contains("3 IN_PROGRESS execution(s) were not force-canceled", ex.Message);
                Assert.Contains("Stop-IoTJobExecution -Force", ex.Message);
            }
        }

        /// <summary>
        /// A loopback IoT endpoint scripted for one job 'fw': CancelJob answers a fixed error, DescribeJob the job in a
        /// fixed state. For the answers the emulator has no reason to give (a 409 on CancelJob, a job being deleted).
        /// </summary>
        private static ScriptedServer JobServer(int status, string code, string jobStatus, int inProgress) => ScriptedServer.Start((r, _) =>
            r.Method == "PUT"
                ? Reply.Error(status, code, "the service's own words")
                : Reply.Json(200, "{\"job\":{\"jobArn\":\"arn:aws:iot:us-east-1:123456789012:job/fw\",\"jobId\":\"fw\",\"status\":\"" + jobStatus +
                    "\",\"isConcurrent\":false,\"jobProcessDetails\":{\"numberOfCanceledThings\":2,\"numberOfInProgressThings\":" + inProgress + ",\"numberOfQueuedThings\":0}}}",
                    ("x-amzn-RequestId", Guid.NewGuid().ToString())));
    }

    /// <summary>
    /// -Wait's pause between polls is StopIoTJobCommand.WaitPollInterval: one second, a tenth of DescribeJob's default
    /// limit. The test lengthens it (a process-wide setting), so it runs alone.
    /// </summary>
    [Collection("ProcessEnvironment")]
    public sealed class StopIoTJobWaitPollTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobWaitPollTests(EmulatorFixture fx) => _fx = fx;

        [Fact]
        public async Task Wait_describes_the_job_once_per_poll_interval_and_never_in_between()
        {
            Assert.Equal(TimeSpan.FromSeconds(1), StopIoTJobCommand.WaitPollInterval);
            var clock = TestClock.Stopped(); // the server-side cancel never moves on
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 1, TimeProvider = clock });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, _) = StopIoTJobCommandTests.SeedJob(emulator, 3);
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("Stop-IoTJob -JobId $args[0] -Wait -Confirm:$false").AddArgument(job);
            StopIoTJobCommand.WaitPollInterval = TimeSpan.FromMinutes(10);
            try
            {
                var async = ps.BeginInvoke();
                for (int i = 0; i < 400 && !ps.Streams.Progress.Any(p => p.Activity == StopIoTJobCommand.WaitActivity); i++) await Task.Delay(50);
                Assert.False(async.IsCompleted, "the cmdlet was waiting");
                var described = emulator.RequestCount("DescribeJob");
                // A window in which a wait that did not pause would have polled over and over; this one is in its pause.
                await Task.Delay(1000);
                Assert.Equal(described, emulator.RequestCount("DescribeJob"));
                ps.Stop();
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            }
            finally
            {
                StopIoTJobCommand.WaitPollInterval = TimeSpan.FromSeconds(1);
            }
        }

        [Fact]
        public async Task Timeout_cuts_a_pause_that_would_outlast_it()
        {
            var clock = TestClock.Stopped();
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 1, TimeProvider = clock });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, _) = StopIoTJobCommandTests.SeedJob(emulator, 3);
            StopIoTJobCommand.WaitPollInterval = TimeSpan.FromMinutes(10);
            try
            {
                // Back within the bound only if -Timeout 2 ended the ten-minute pause.
                var output = s.InvokeWithin(Wait.Bound, "Stop-IoTJob -JobId $args[0] -Wait -Timeout 2 -Confirm:$false", job);

                Assert.True(Assert.IsType<Job>(Assert.Single(output).BaseObject).IsConcurrent);
                Assert.Equal($"WaitTimeout,{StopIoTJobCommandTests.CommandType}", Assert.Single(s.Errors).FullyQualifiedErrorId);
            }
            finally
            {
                StopIoTJobCommand.WaitPollInterval = TimeSpan.FromSeconds(1);
            }
        }
    }
}
