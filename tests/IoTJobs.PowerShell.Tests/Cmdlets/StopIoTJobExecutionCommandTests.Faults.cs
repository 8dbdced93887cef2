using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Failures that need their own server: throttling after all retries, a service that keeps failing, a lost
    /// response after the cancel took effect (outcome unknown), access denied, and Ctrl+C during a slow request.
    /// </summary>
    public sealed class StopIoTJobExecutionFaultTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionFaultTests(EmulatorFixture fx) => _fx = fx;

        [Fact]
        public async Task ThrottledAfterAllRetries_FailsThatItemWithThrottled()
        {
            await using var emulator = await OneRequestThenThrottled("CancelJobExecution");
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Seed(emulator, 2);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1]", things, job);

            Assert.Equal(things[0], Single(output).ThingName); // the bucket's one token
            var ex = AssertItemError(Assert.Single(s.Errors), "Throttled", ErrorCategory.LimitsExceeded, things[1], job);
            Assert.Equal("ThrottlingException", ex.ErrorCode);
            Assert.Equal(400, ex.StatusCode);
            Assert.True(emulator.RequestCount("CancelJobExecution") >= 3, "the client retries throttling before giving up");
            Assert.Equal("QUEUED", State(emulator, things[1], job).Status);
        }

        /// <summary>One execution's cancel against an emulator that answers every request with one fault.</summary>
        private sealed record FaultedCancel(EmulatorHost Emulator, PowerShellSession Session, System.Collections.ObjectModel.Collection<PSObject> Output, string Job, string Thing)
            : IAsyncDisposable
        {
            public async ValueTask DisposeAsync()
            {
                Session.Dispose();
                await Emulator.DisposeAsync();
            }
        }

        private async Task<FaultedCancel> CancelWhereEveryRequestFails(FaultKind fault)
        {
            var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = 1.0, FaultKinds = new List<FaultKind> { fault }, Seed = 7 });
            var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Seed(emulator, 1);
            return new FaultedCancel(emulator, s, s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1]", things[0], job), job, things[0]);
        }

        [Fact]
        public async Task ServiceKeepsFailing_FailsWithServiceErrorCarryingTheCode()
        {
            // Definite failures (503: nothing applied). A lost response is another case: see the test below.
            await using var run = await CancelWhereEveryRequestFails(FaultKind.ServiceUnavailable);
            var (emulator, s, output, job, thing) = run;

            Assert.Empty(output);
            var error = Assert.Single(s.Errors);
            var ex = AssertItemError(error, "ServiceError", error.CategoryInfo.Category, thing, job);
            Assert.Contains(error.CategoryInfo.Category, new[] { ErrorCategory.ResourceUnavailable, ErrorCategory.ConnectionError });
            Assert.False(string.IsNullOrEmpty(ex.ErrorCode));
            Assert.Contains(ex.ErrorCode!, ex.Message);
            Assert.Equal("QUEUED", State(emulator, thing, job).Status);
        }

        [Fact]
        public async Task ResponsesLostAfterTheCancelApplied_AndStateUnreadable_AreCancelOutcomeUnknown_NeverAPlainFailure()
        {
            // Every request is applied and its response lost, the read-back too: the cancel happened, and nothing the
            // cmdlet can read says so. Reporting "failed" would hide an applied cancel.
            await using var run = await CancelWhereEveryRequestFails(FaultKind.ApplyThenDrop);
            var (emulator, s, output, job, thing) = run;

            Assert.Empty(output);
            var error = Assert.Single(s.Errors);
            var ex = AssertItemError(error, "CancelOutcomeUnknown", ErrorCategory.ConnectionError, thing, job);
            Assert.Contains("may or may not have been applied", ex.Message);
            Assert.Contains($"Get-IoTJobExecution -ThingName {thing} -JobId {job}", ex.Message);
            Assert.Equal("CANCELED", State(emulator, thing, job).Status);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task LostResponse_ThenRefusedRetry_ResolvesThroughDescribe_AsCanceled(bool withExpectedVersion)
        {
            var (job, things) = Seed(_fx.Emulator, 1);
            var version = State(_fx.Emulator, things[0], job).VersionNumber;
            await using var proxy = ResponseDroppingProxy.Start(_fx.Emulator.BaseAddress, 1,
                r => r.Method == "PUT" && r.RawPath.EndsWith("/cancel", StringComparison.Ordinal));
            using var s = _fx.OpenAt(proxy.Endpoint);
            var before = Cancels(_fx.Emulator);
            var extra = withExpectedVersion ? $"-ExpectedVersion {version}" : "";

            var output = s.Invoke($"Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] {extra} -Verbose", things[0], job);

            Assert.Equal(1, proxy.Dropped);
            Assert.Equal(2, Cancels(_fx.Emulator) - before); // the lost one (applied) and the retry (refused with 409)
            Assert.Empty(s.Errors);
            var result = Single(output);
            Assert.Equal(JobExecutionStatus.CANCELED, result.Status);
            Assert.Equal(State(_fx.Emulator, things[0], job).VersionNumber, result.VersionNumber);
            Assert.Contains(s.Verbose, v => v.Contains("earlier attempt"));
        }

        [Fact]
        public async Task AccessDenied_FailsEveryItemOfThatRegion_WithoutSendingTheOthers()
        {
            var (job, things) = Seed(_fx.Emulator, 3);
            await using var proxy = ResponseDroppingProxy.Start(_fx.Emulator.BaseAddress, 0, _ => false);
            using var s = _fx.OpenAt(proxy.Endpoint);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -SecretKey 'wrong-secret'; 'not stopped'", things, job);

            Assert.Equal("not stopped", Assert.Single(output).BaseObject);
            Assert.Equal(3, s.Errors.Count); // one per item: the first refused, the others not sent
            for (int i = 0; i < 3; i++)
            {
                var error = s.Errors[i];
                Assert.Equal($"AccessDenied,{CommandType}", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
                Assert.Equal(things[i], error.TargetObject?.ToString());
                Assert.DoesNotContain("wrong-secret", error.ToString());
                if (i > 0) Assert.StartsWith("Not sent", error.Exception.Message);
            }
            Assert.Equal(1, proxy.Requests);
            Assert.All(things, t => Assert.Equal("QUEUED", State(_fx.Emulator, t, job).Status));
        }

        [Fact]
        public async Task CtrlC_CancelsTheInFlightRequestPromptly()
        {
            // The request waits in the emulator for a second of its clock, which never moves: only the client giving up
            // ends it, so a Stop that waited for the answer would never return.
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 1000, TimeProvider = TestClock.Stopped() });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Seed(emulator, 1);

            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1]").AddArgument(things[0]).AddArgument(job);
            var async = ps.BeginInvoke();
            await Wait.UntilAsync(() => emulator.InFlightRequests == 1, "the cancel is waiting in the emulator");
            Assert.False(async.IsCompleted);

            PowerShellSession.Stop(ps, Wait.Bound);

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            await Wait.UntilAsync(() => emulator.InFlightRequests == 0, "the client gave up the request in flight");
            Assert.Equal(0, emulator.RequestCount("CancelJobExecution")); // never applied
            Assert.Equal("QUEUED", State(emulator, things[0], job).Status);
        }
    }
}
