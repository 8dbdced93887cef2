namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Stop-IoTJob (CancelJob): what each job ends in (the job, or one error record), what reaches the emulator, and the
    /// emulator's state afterwards. Its confirmation matrix is StopIoTJobConfirmationTests, -Wait StopIoTJobWaitTests.
    /// </summary>
    public sealed class StopIoTJobCommandTests : IClassFixture<EmulatorFixture>
    {
        internal const string CommandType = "IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand";
        private readonly EmulatorFixture _fx;
        public StopIoTJobCommandTests(EmulatorFixture fx) => _fx = fx;

        /// <summary>A job no other test uses: things[inProgress] IN_PROGRESS, the rest QUEUED.</summary>
        internal static (string Job, string[] Things) SeedJob(EmulatorHost emulator, int things, params int[] inProgress)
        {
            var tag = Guid.NewGuid().ToString("N").Substring(0, 8);
            var job = "sj-" + tag;
            var names = Enumerable.Range(1, things).Select(i => $"sj{i}-{tag}").ToArray();
            emulator.Store.Seed(job, names, inProgress.Select(i => names[i]).ToList());
            return (job, names);
        }

        private long CancelJobs => _fx.Emulator.RequestCount("CancelJob");
        private string JobState(string job) => _fx.Emulator.Store.DescribeJob(job).Status;
        private string ExecState(string thing, string job) => _fx.Emulator.Store.DescribeJobExecution(thing, job).Status;

        internal static Job SingleJob(IEnumerable<PSObject> output) => Assert.IsType<Job>(Assert.Single(output).BaseObject);

        internal static IoTJobsException AssertJobError(ErrorRecord error, string errorId, ErrorCategory category, string job)
        {
            Assert.Equal($"{errorId},{CommandType}", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
            Assert.NotNull(error.TargetObject);
            var ex = Assert.IsType<IoTJobsException>(error.Exception);
            Assert.Equal(job, ex.JobId);
            return ex;
        }

        [Fact]
        public void PipedJobExecution_IsRefused_AndTheJobKeepsRunning()
        {
            // Get-IoTJobExecution | Stop-IoTJob is almost certainly a typo for Stop-IoTJobExecution: an execution
            // must never cancel its whole job on every thing.
            using var s = _fx.Open();
            var (job, things) = SeedJob(_fx.Emulator, 2);
            var before = CancelJobs;

            var output = s.Invoke("Get-IoTJobExecution -JobId $args[0] | Stop-IoTJob -Confirm:$false", job);

            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.Equal($"JobExecutionPipedToStopJob,{CommandType}", e.FullyQualifiedErrorId));
            Assert.Contains("Stop-IoTJobExecution", s.Errors[0].Exception.Message);
            Assert.Equal(before, CancelJobs);
            Assert.Equal("IN_PROGRESS", JobState(job));
            Assert.Equal("QUEUED", ExecState(things[0], job));
        }

        // ---- outcomes -------------------------------------------------------------------------------------

        [Fact]
        public void NotFound_IsThatJobsError_AndTheBatchGoesOn()
        {
            using var s = _fx.Open();
            var (job, _) = SeedJob(_fx.Emulator, 1);
            var missing = "missing-" + Guid.NewGuid().ToString("N").Substring(0, 8);

            var output = s.Invoke("$args[0] | Stop-IoTJob -Confirm:$false", (object)new[] { missing, job });

            Assert.Equal(job, SingleJob(output).JobId);
            var ex = AssertJobError(Assert.Single(s.Errors), "JobNotFound", ErrorCategory.ObjectNotFound, missing);
            Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
            Assert.Equal(404, ex.StatusCode);
            Assert.False(string.IsNullOrEmpty(ex.RequestId));
            Assert.Contains(missing, ex.Message);
            Assert.Equal(missing, s.Errors[0].TargetObject); // the piped item itself
            Assert.Equal("CANCELED", JobState(job));
        }

        [Fact]
        public void CompletedJob_FailsWithJobTerminal_NamingTheState()
        {
            using var s = _fx.Open();
            var (job, things) = SeedJob(_fx.Emulator, 2);
            foreach (var t in things) _fx.Emulator.Store.SetExecutionStatus(t, job, "SUCCEEDED");
            Assert.Equal("COMPLETED", JobState(job));

            var output = s.Invoke("Stop-IoTJob -JobId $args[0] -Force -Confirm:$false", job);

            Assert.Empty(output);
            var ex = AssertJobError(Assert.Single(s.Errors), "JobTerminal", ErrorCategory.InvalidOperation, job);
            Assert.Contains("COMPLETED", ex.Message);
            // CancelJob's model lists no 409: the emulator refuses a finished job with 400 InvalidRequestException, and the
            // cmdlet described the job to tell that apart from a bad request.
            Assert.Equal(400, ex.StatusCode);
            Assert.Equal("InvalidRequestException", ex.ErrorCode);
            Assert.Contains("already finished", ex.Message);
            Assert.Equal("COMPLETED", JobState(job));
            Assert.All(things, t => Assert.Equal("SUCCEEDED", ExecState(t, job)));
        }

        [Fact]
        public void SameJobNamedTwice_IsCanceledOnce()
        {
            using var s = _fx.Open();
            var (job, _) = SeedJob(_fx.Emulator, 1);
            var before = CancelJobs;

            var output = s.Invoke("@($args[0], $args[0], (Get-IoTJob -JobId $args[0])) | Stop-IoTJob -Verbose -Confirm:$false", job);

            Assert.Equal(job, SingleJob(output).JobId);
            Assert.Empty(s.Errors);
            Assert.Equal(1, CancelJobs - before);
            Assert.Equal(2, s.Verbose.Count(v => v.Contains("already handled")));
        }

        [Theory]
        [InlineData("-ReasonCode 'lower_case'", "-ReasonCode", "upper-case letters")]
        [InlineData("-ReasonCode ('A' * 129)", "-ReasonCode", "1 to 128 characters")]
        [InlineData("-ReasonCode ''", "-ReasonCode", "empty")]
        [InlineData("-Comment ('x' * 2029)", "-Comment", "1 to 2028 characters")]
        [InlineData("-Comment \"line1`nline2\"", "-Comment", "control or format characters")]
        public void BadReasonCodeOrComment_FailsBeforeAnyRequest_NamingTheRule(string parameter, string name, string rule)
        {
            using var s = _fx.Open();
            var (job, _) = SeedJob(_fx.Emulator, 1);
            var before = CancelJobs;

            var caught = s.Invoke($"try {{ Stop-IoTJob -JobId $args[0] {parameter} }} catch {{ $_ }}", job);

            var error = Assert.IsType<ErrorRecord>(Assert.Single(caught).BaseObject);
            Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
            Assert.Contains(name, error.Exception.Message);
            Assert.Contains(rule, error.Exception.Message);
            Assert.Equal(0, CancelJobs - before);
            Assert.Equal("IN_PROGRESS", JobState(job));
        }

        [Fact]
        public void ArnsCsvRowsAndAwsToolsShapedObjects_Bind()
        {
            using var s = _fx.Open();
            var (j1, _) = SeedJob(_fx.Emulator, 1);
            var (j2, _) = SeedJob(_fx.Emulator, 1);
            var (j3, _) = SeedJob(_fx.Emulator, 1);

            var output = s.Invoke(
                "$ConfirmPreference = 'None'; " +
                "Stop-IoTJob -JobId \"arn:aws:iot:us-east-1:123456789012:job/$($args[0])\"; " +
                "\"JobId`n$($args[1])\" | ConvertFrom-Csv | Stop-IoTJob; " +
                "[pscustomobject]@{ JobArn = \"arn:aws:iot:us-east-1:123456789012:job/$($args[2])\" } | Stop-IoTJob",
                j1, j2, j3);

            Assert.Empty(s.Errors);
            Assert.Equal(new[] { j1, j2, j3 }, output.Select(o => ((Job)o.BaseObject).JobId));
            Assert.All(new[] { j1, j2, j3 }, j => Assert.Equal("CANCELED", JobState(j)));
        }

        [Fact]
        public async Task ThrottledAfterAllRetries_FailsThatJobWithThrottled()
        {
            await using var emulator = await StopTestSupport.OneRequestThenThrottled("CancelJob");
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (j1, _) = SeedJob(emulator, 1);
            var (j2, _) = SeedJob(emulator, 1);

            var output = s.Invoke("$args[0] | Stop-IoTJob -Confirm:$false", (object)new[] { j1, j2 });

            Assert.Equal(j1, SingleJob(output).JobId); // the bucket's one token
            var ex = AssertJobError(Assert.Single(s.Errors), "Throttled", ErrorCategory.LimitsExceeded, j2);
            Assert.Equal("ThrottlingException", ex.ErrorCode);
            Assert.True(emulator.RequestCount("CancelJob") >= 3, "the client retries throttling before giving up");
            Assert.Equal("IN_PROGRESS", emulator.Store.DescribeJob(j2).Status);
        }

        [Fact]
        public async Task LimitExceeded410_FailsThatJobWithLimitExceeded()
        {
            // An answer the emulator has no reason to give: LimitExceededException (410) to every request.
            await using var server = ScriptedServer.Start(Reply.Error(410, "LimitExceededException", "Too many jobs are being canceled at once."));
            using var s = _fx.OpenAt(server.Endpoint);

            var output = s.Invoke("Stop-IoTJob -Confirm:$false -JobId fleet-a, fleet-b");

            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count); // one per job: the batch went on after the first
            var ex = AssertJobError(s.Errors[0], "LimitExceeded", ErrorCategory.LimitsExceeded, "fleet-a");
            Assert.Equal(410, ex.StatusCode);
            Assert.Equal("LimitExceededException", ex.ErrorCode);
            Assert.Contains("Too many jobs", ex.Message);
            AssertJobError(s.Errors[1], "LimitExceeded", ErrorCategory.LimitsExceeded, "fleet-b");
            // Each job is read first (the read fails too and is no reason not to cancel); no read follows a 410.
            var methods = server.Requests.Select(r => r.Method).ToList();
            var runs = methods.Where((m, i) => i == 0 || methods[i - 1] != m).ToArray(); // each retried request counted once
            Assert.Equal(new[] { "GET", "PUT", "GET", "PUT" }, runs);
        }

        [Fact]
        public void AccessDenied_FailsEveryJobOfThatRegion_SendingOnlyTheFirst()
        {
            using var s = _fx.Open();
            var (j1, _) = SeedJob(_fx.Emulator, 1);
            var (j2, _) = SeedJob(_fx.Emulator, 1);
            var before = CancelJobs;

            var output = s.Invoke("$args[0] | Stop-IoTJob -SecretKey wrong-secret -Confirm:$false; 'went on'", (object)new[] { j1, j2 });

            Assert.Equal("went on", Assert.Single(output).BaseObject);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, error =>
            {
                Assert.Equal($"AccessDenied,{CommandType}", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
                Assert.DoesNotContain("wrong-secret", error.Exception.Message);
            });
            Assert.StartsWith("Not sent", s.Errors[1].Exception.Message);
            Assert.Equal(0, CancelJobs - before); // a refused signature never reaches the operation
            Assert.Equal("IN_PROGRESS", JobState(j1));
            Assert.Equal("IN_PROGRESS", JobState(j2));
        }
    }
}
