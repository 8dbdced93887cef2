namespace IoTJobs.PowerShell.Tests.Cancel
{
    /// <summary>
    /// The cancel engine against a scripted client and a fake clock: what each answer of the service comes to, for
    /// executions and whole jobs alike, with no runspace and no HTTP.
    /// </summary>
    public sealed class CancelEngineTests
    {
        private readonly FakeIoTJobsClient _client = new FakeIoTJobsClient();
        private readonly FakeDelay _clock = new FakeDelay();
        private static readonly ExecutionTarget Target = new ExecutionTarget { Thing = "t1", Job = "fw" };
        private static readonly JobTarget JobTarget = new JobTarget { Job = "fw" };

        private CancelEngine Engine(bool force = false) => new CancelEngine(force, delay: _clock.Wait);

        private Task<CancelOutcome> CancelExecution(bool force = false, ExecutionTarget? target = null) =>
            Engine(force).CancelExecutionAsync(_client, target ?? Target, CancellationToken.None);

        private static Task Fails(IoTServiceException ex) => Task.FromException(ex);

        [Fact]
        public async Task AnAcceptedCancel_IsReadBack_UntilItShowsCanceled_OnTheFakeClock()
        {
            var reads = 0;
            _client.OnCancelExecution = _ => Task.CompletedTask;
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, ++reads < 3 ? "QUEUED" : "CANCELED"));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Applied, outcome.Kind);
            Assert.Equal(CancelResult.Canceled, outcome.Result);
            var execution = Assert.IsType<JobExecution>(outcome.Output);
            Assert.Equal((JobExecutionStatus.CANCELED, CancelResult.Canceled), (execution.Status!.Value, execution.Outcome!.Value));
            Assert.Equal(EventualConsistency.Delays.Take(2), _clock.Waits);
            Assert.Empty(outcome.Warnings);
        }

        [Fact]
        public async Task AReadBackThatNeverShowsCanceled_IsReportedWithAWarning_AfterEveryWait()
        {
            _client.OnCancelExecution = _ => Task.CompletedTask;
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "QUEUED"));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Applied, outcome.Kind);
            Assert.Contains("still reports status QUEUED", Assert.Single(outcome.Warnings));
            Assert.Equal(EventualConsistency.Delays, _clock.Waits);
        }

        [Fact]
        public async Task ARefusedReadBack_IsAnAppliedCancel_NotARefusal()
        {
            // A role that may cancel but not describe.
            _client.OnCancelExecution = _ => Task.CompletedTask;
            _client.OnDescribeExecution = (_, _, _) => Task.FromException<JobExecutionData>(FakeIoTJobsClient.Error("AccessDeniedException", 403));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Applied, outcome.Kind);
            Assert.Null(outcome.Refusal);
            Assert.Contains("reading the execution back failed (AccessDeniedException, HTTP 403", Assert.Single(outcome.Warnings));
            var execution = Assert.IsType<JobExecution>(outcome.Output);
            Assert.Equal(("t1", "fw", CancelResult.Canceled), (execution.ThingName, execution.JobId, execution.Outcome!.Value));
            Assert.Null(execution.Status);
        }

        [Fact]
        public async Task ALostResponseThenAnExpiredToken_IsCanceledWhenTheStateSaysSo_NeverAccessDenied()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("ExpiredTokenException", 403, attempts: 2, previousUnknown: true));
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "CANCELED"));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Applied, outcome.Kind);
            Assert.Equal(CancelResult.Canceled, outcome.Result);
            Assert.Contains("earlier attempt", outcome.Verbose);
        }

        [Theory]
        [InlineData("ExpiredTokenException", 403, true)]
        [InlineData("InvalidStateTransitionException", 409, false)]
        public async Task ALostResponseWhoseReadBackLags_IsOutcomeUnknown_AfterEveryWait_NeverAPlainFailure(string code, int status, bool refusal)
        {
            // The first attempt was applied; its response was lost, and every read-back still shows the status before it.
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error(code, status, attempts: 2, previousUnknown: true));
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "QUEUED"));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Failed, outcome.Kind);
            Assert.Equal("CancelOutcomeUnknown", outcome.ErrorId);
            Assert.True(outcome.MayBeApplied);
            Assert.Contains("still reports status QUEUED", outcome.Exception!.Message);
            Assert.Equal(EventualConsistency.Delays, _clock.Waits);
            Assert.Equal(refusal, outcome.Refusal != null);
        }

        [Fact]
        public async Task ALostResponseOnAnInProgressExecutionWithoutForce_IsExplainedByTheState()
        {
            // Without -Force the service never cancels an IN_PROGRESS execution, so the state answers the question.
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("InvalidStateTransitionException", 409, attempts: 2, previousUnknown: true));
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "IN_PROGRESS"));

            var outcome = await CancelExecution();

            Assert.Equal("JobExecutionInProgress", outcome.ErrorId);
        }

        [Fact]
        public async Task ALostResponseThenAnExpiredToken_WithNoReadBack_IsOutcomeUnknown_AndStillStopsTheCredentials()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("ExpiredTokenException", 403, attempts: 2, previousUnknown: true));
            _client.OnDescribeExecution = (_, _, _) => Task.FromException<JobExecutionData>(FakeIoTJobsClient.Error("ExpiredTokenException", 403));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Failed, outcome.Kind);
            Assert.Equal("CancelOutcomeUnknown", outcome.ErrorId);
            Assert.True(outcome.MayBeApplied);
            Assert.Contains("may or may not have been applied", outcome.Exception!.Message);
            Assert.Equal("ExpiredTokenException", outcome.Refusal!.ErrorCode);
        }

        [Fact]
        public async Task ARefusalOfTheCancelItself_IsRefused_WithoutAReadBack()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("AccessDeniedException", 403));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Refused, outcome.Kind);
            Assert.DoesNotContain("DescribeJobExecution", _client.Calls);
        }

        [Theory]
        [InlineData("IN_PROGRESS", false, "JobExecutionInProgress")]
        [InlineData("SUCCEEDED", false, "JobExecutionTerminal")]
        [InlineData("QUEUED", false, "ServiceError")]
        public async Task A409_IsExplainedByTheState(string status, bool force, string errorId)
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("InvalidStateTransitionException", 409));
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, status));

            var outcome = await CancelExecution(force);

            Assert.Equal(errorId, outcome.ErrorId);
            Assert.Equal(status, outcome.Exception!.CurrentStatus?.ToString());
        }

        [Fact]
        public async Task A409OnAnExecutionAlreadyCanceled_IsAlreadyCanceled_NotAFreshCancel()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("InvalidStateTransitionException", 409));
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "CANCELED"));

            var outcome = await CancelExecution();

            Assert.Equal(OutcomeKind.Applied, outcome.Kind);
            Assert.Equal(CancelResult.AlreadyCanceled, outcome.Result);
            Assert.Equal(CancelResult.AlreadyCanceled, ((JobExecution)outcome.Output!).Outcome);
        }

        [Fact]
        public async Task A409WhoseReadBackIsRefused_IsTheItemsError_AndNoRefusal()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("InvalidStateTransitionException", 409));
            _client.OnDescribeExecution = (_, _, _) => Task.FromException<JobExecutionData>(FakeIoTJobsClient.Error("AccessDeniedException", 403));

            var outcome = await CancelExecution();

            Assert.Equal(("ServiceError", (IoTServiceException?)null), (outcome.ErrorId, outcome.Refusal));
            Assert.Contains("could not be read (AccessDeniedException", outcome.Exception!.Message);
        }

        [Fact]
        public async Task AVersionConflict_SaysTheCurrentVersion()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("VersionConflictException", 409));
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "IN_PROGRESS", version: 5));

            var outcome = await CancelExecution(true, new ExecutionTarget { Thing = "t1", Job = "fw", ExpectedVersion = 2 });

            Assert.Equal("JobExecutionVersionConflict", outcome.ErrorId);
            Assert.Contains("-ExpectedVersion 2 does not match, it is now at version 5", outcome.Exception!.Message);
            Assert.Equal(5L, outcome.Exception.CurrentVersion);
        }

        [Fact]
        public async Task ACanceledExecutionWithAnotherNumberThanTheInputNamed_IsReportedWithAWarning()
        {
            _client.OnCancelExecution = _ => Task.CompletedTask;
            _client.OnDescribeExecution = (t, j, _) => Task.FromResult(FakeIoTJobsClient.Execution(t, j, "CANCELED", number: 2));

            var outcome = await CancelExecution(target: new ExecutionTarget { Thing = "t1", Job = "fw", ExecutionNumber = 1 });

            Assert.Equal(OutcomeKind.Applied, outcome.Kind);
            Assert.Contains("execution number 1", Assert.Single(outcome.Warnings));
            Assert.Contains("number 2", outcome.Warnings[0]);
        }

        [Fact]
        public async Task ThrottledAfterRetries_AndNotFound_HaveTheirIds()
        {
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("ThrottlingException", 400, attempts: 3));
            Assert.Equal("Throttled", (await CancelExecution()).ErrorId);
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("ResourceNotFoundException", 404));
            Assert.Equal("JobExecutionNotFound", (await CancelExecution()).ErrorId);
            _client.OnCancelExecution = _ => Fails(FakeIoTJobsClient.Error("ServiceUnavailableException", 503, attempts: 3));
            var unavailable = await CancelExecution();
            Assert.Equal(("ServiceError", System.Management.Automation.ErrorCategory.ResourceUnavailable), (unavailable.ErrorId, unavailable.Category));
        }

        // ---- whole jobs, through the same engine

        private Task<CancelOutcome> CancelJob(bool force = false) => Engine(force).CancelJobAsync(_client, JobTarget, CancellationToken.None);

        private static JobData Job(string status, int inProgress = 0) =>
            new JobData { JobId = "fw", Status = status, ProcessDetails = new JobProcessDetailsData { NumberOfInProgressThings = inProgress } };

        [Fact]
        public async Task AJob_IsReadBackAndCarriesItsOutcome()
        {
            var canceled = false;
            _client.OnCancelJob = _ => { canceled = true; return Task.FromResult(new CancelJobResult { JobId = "fw" }); };
            _client.OnDescribeJob = _ => Task.FromResult(Job(canceled ? "CANCELED" : "IN_PROGRESS"));

            var outcome = await CancelJob();

            Assert.Equal(CancelResult.Canceled, ((Job)outcome.Output!).Outcome);
            Assert.NotNull(outcome.Job);
            Assert.Equal(new[] { "DescribeJob", "CancelJob", "DescribeJob" }, _client.Calls);
        }

        [Fact]
        public async Task AJobCanceledBeforeThisCommand_IsAlreadyCanceled_AndNothingIsSent()
        {
            _client.OnDescribeJob = _ => Task.FromResult(Job("CANCELED"));

            var outcome = await CancelJob();

            Assert.Equal(CancelResult.AlreadyCanceled, outcome.Result);
            Assert.DoesNotContain("CancelJob", _client.Calls);
            // With -Force and executions still IN_PROGRESS the cancel is sent: it is how they are reached.
            _client.OnDescribeJob = _ => Task.FromResult(Job("CANCELED", inProgress: 1));
            _client.OnCancelJob = _ => Task.FromResult(new CancelJobResult());
            await CancelJob(force: true);
            Assert.Contains("CancelJob", _client.Calls);
        }

        [Fact]
        public async Task AJobsRefusedReadBack_IsAppliedNotRefused()
        {
            _client.OnCancelJob = _ => Task.FromResult(new CancelJobResult());
            _client.OnDescribeJob = _ => Task.FromException<JobData>(FakeIoTJobsClient.Error("AccessDeniedException", 403));

            var outcome = await CancelJob();

            Assert.Contains("CancelJob", _client.Calls);
            Assert.Equal((OutcomeKind.Applied, (IoTServiceException?)null), (outcome.Kind, outcome.Refusal));
            Assert.Contains("reading the job back failed", outcome.Warnings.Single());
        }

        [Fact]
        public async Task AJobsLostResponseThenExpiredToken_IsNeverAPlainRefusal()
        {
            _client.OnCancelJob = _ => Task.FromException<CancelJobResult>(FakeIoTJobsClient.Error("ExpiredTokenException", 403, attempts: 2, previousUnknown: true));
            _client.OnDescribeJob = _ => Task.FromException<JobData>(FakeIoTJobsClient.Error("ExpiredTokenException", 403));
            // (the read before the cancel fails too, and is no reason not to send it)

            var outcome = await CancelJob();

            Assert.Equal("CancelOutcomeUnknown", outcome.ErrorId);
            Assert.Contains("Get-IoTJob -JobId fw", outcome.Exception!.Message);
        }

        [Theory]
        [InlineData("COMPLETED", "JobTerminal")]
        [InlineData("DELETION_IN_PROGRESS", "JobTerminal")]
        [InlineData("IN_PROGRESS", "InvalidRequest")]
        public async Task AJobsRefusal_IsExplainedByItsState(string status, string errorId)
        {
            _client.OnCancelJob = _ => Task.FromException<CancelJobResult>(FakeIoTJobsClient.Error("InvalidRequestException", 400));
            _client.OnDescribeJob = _ => Task.FromResult(Job(status));
            Assert.Equal(errorId, (await CancelJob()).ErrorId);
        }

        [Fact]
        public async Task AJobCanceledBefore_IsAlreadyCanceled_UnlessForceLeftExecutionsRunning()
        {
            _client.OnCancelJob = _ => Task.FromException<CancelJobResult>(FakeIoTJobsClient.Error("InvalidRequestException", 400));
            _client.OnDescribeJob = _ => Task.FromResult(Job("CANCELED"));
            Assert.Equal(CancelResult.AlreadyCanceled, (await CancelJob()).Result);

            _client.OnDescribeJob = _ => Task.FromResult(Job("CANCELED", inProgress: 2));
            var forced = await CancelJob(force: true);
            Assert.Equal("JobAlreadyCanceled", forced.ErrorId);
            Assert.Contains("2 IN_PROGRESS execution(s) were not force-canceled", forced.Exception!.Message);
        }

        [Fact]
        public async Task AJobLimit_IsLimitExceeded()
        {
            _client.OnDescribeJob = _ => Task.FromResult(Job("IN_PROGRESS"));
            _client.OnCancelJob = _ => Task.FromException<CancelJobResult>(FakeIoTJobsClient.Error("LimitExceededException", 410, attempts: 3));
            Assert.Equal("LimitExceeded", (await CancelJob()).ErrorId);
        }
    }
}
