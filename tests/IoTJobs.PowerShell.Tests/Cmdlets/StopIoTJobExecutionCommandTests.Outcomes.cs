using System.IO;
using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// What each execution ends in (output object or one error record) against the emulator, and what was sent:
    /// -ExpectedVersion (also delay-bound per piped item) and -StatusDetails (checked before any request).
    /// </summary>
    public sealed class StopIoTJobExecutionOutcomeTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionOutcomeTests(EmulatorFixture fx) => _fx = fx;

        [Fact]
        public void Canceled_EmitsTheServicesPostCancelState()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            var seeded = State(_fx.Emulator, things[0], job);

            var result = Single(s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1]", things[0], job));

            var stored = State(_fx.Emulator, things[0], job);
            Assert.Equal("CANCELED", stored.Status);
            Assert.Equal(JobExecutionStatus.CANCELED, result.Status);
            Assert.Equal("CANCELED", result.StatusText);
            Assert.Equal(stored.VersionNumber, result.VersionNumber);
            Assert.True(result.VersionNumber > seeded.VersionNumber);
            Assert.Equal(false, result.ForceCanceled);
            Assert.Equal(stored.LastUpdatedAt.UtcDateTime, result.LastUpdatedAt!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
            Assert.Equal(stored.ExecutionNumber, result.ExecutionNumber);
            Assert.Equal(things[0], result.ThingName);
            Assert.Equal(job, result.JobId);
            Assert.Equal("us-east-1", result.Region);
        }

        [Fact]
        public void Force_CancelsInProgress_AndReportsForceCanceled()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1, 0);

            var result = Single(s.Invoke("Stop-IoTJobExecution $args[0] $args[1] -Force -Confirm:$false", things[0], job));

            Assert.Equal(JobExecutionStatus.CANCELED, result.Status);
            Assert.True(result.ForceCanceled);
            Assert.True(State(_fx.Emulator, things[0], job).ForceCanceled);
        }

        [Fact]
        public void AlreadyCanceled_IsSuccess_WithVerboseLine()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            _fx.Emulator.Store.CancelJobExecution(things[0], job);
            var before = Cancels(_fx.Emulator);

            var result = Single(s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] -Verbose", things[0], job));

            Assert.Empty(s.Errors);
            Assert.Equal(JobExecutionStatus.CANCELED, result.Status);
            Assert.Equal(State(_fx.Emulator, things[0], job).VersionNumber, result.VersionNumber);
            Assert.Contains(s.Verbose, v => v.Contains("already canceled"));
            Assert.Equal(1, Cancels(_fx.Emulator) - before); // the cancel was sent (and refused with 409), not skipped
        }

        [Fact]
        public void InProgressWithoutForce_FailsThatItem_AndTheNextGoesOn()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 3, 1);
            var input = things.Select(t => Exec(t, job)).ToArray();

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution", (object)input);

            Assert.Equal(new[] { things[0], things[2] }, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
            var error = Assert.Single(s.Errors);
            var ex = AssertItemError(error, "JobExecutionInProgress", ErrorCategory.InvalidOperation, things[1], job);
            Assert.Contains("-Force", ex.Message);
            Assert.Equal(JobExecutionStatus.IN_PROGRESS, ex.CurrentStatus);
            Assert.Equal("InvalidStateTransitionException", ex.ErrorCode);
            Assert.Equal(409, ex.StatusCode);
            Assert.False(string.IsNullOrEmpty(ex.RequestId));
            Assert.Same(input[1], error.TargetObject);
            Assert.Equal("IN_PROGRESS", State(_fx.Emulator, things[1], job).Status);
        }

        [Theory]
        [InlineData("SUCCEEDED")]
        [InlineData("FAILED")]
        [InlineData("REJECTED")]
        public void TerminalState_FailsWithJobExecutionTerminal_NamingTheState(string terminal)
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1, 0);
            _fx.Emulator.Store.UpdateJobExecution(things[0], job, terminal);

            var output = s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] -Force -Confirm:$false", things[0], job);

            Assert.Empty(output);
            var ex = AssertItemError(Assert.Single(s.Errors), "JobExecutionTerminal", ErrorCategory.InvalidOperation, things[0], job);
            Assert.Contains(terminal, ex.Message);
            Assert.Equal(Enum.Parse<JobExecutionStatus>(terminal), ex.CurrentStatus);
        }

        [Fact]
        public void VersionMismatch_FailsWithVersionConflict_CarryingTheCurrentState()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            var current = State(_fx.Emulator, things[0], job).VersionNumber;

            var output = s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] -ExpectedVersion $args[2]", things[0], job, current + 5);

            Assert.Empty(output);
            var ex = AssertItemError(Assert.Single(s.Errors), "JobExecutionVersionConflict", ErrorCategory.InvalidOperation, things[0], job);
            Assert.Equal(JobExecutionStatus.QUEUED, ex.CurrentStatus);
            Assert.Equal(current, ex.CurrentVersion);
            Assert.Equal("VersionConflictException", ex.ErrorCode);
            Assert.Equal("QUEUED", State(_fx.Emulator, things[0], job).Status);
        }

        [Fact]
        public void ExpectedVersion_Matching_Cancels()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            var current = State(_fx.Emulator, things[0], job).VersionNumber;

            var result = Single(s.Invoke("Stop-IoTJobExecution -JobId $args[1] -ThingName $args[0] -ExpectedVersion $args[2] -StatusDetails @{reason='rollback'}", things[0], job, current));

            Assert.Empty(s.Errors);
            Assert.Equal(JobExecutionStatus.CANCELED, result.Status);
            Assert.Equal("rollback", State(_fx.Emulator, things[0], job).StatusDetails["reason"]);
            Assert.Equal("rollback", result.StatusDetails!["reason"]);
        }

        [Fact]
        public void ExpectedVersion_DelayBound_ConditionsEachPipedExecutionOnTheVersionTheAdminSaw()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var v0 = State(_fx.Emulator, things[0], job).VersionNumber;
            var v1 = State(_fx.Emulator, things[1], job).VersionNumber;
            var input = new[] { Exec(things[0], job, version: v0), Exec(things[1], job, version: v1 - 1) }; // the second is stale

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -ExpectedVersion { $_.VersionNumber }", (object)input);

            Assert.Equal(things[0], Single(output).ThingName);
            var ex = AssertItemError(Assert.Single(s.Errors), "JobExecutionVersionConflict", ErrorCategory.InvalidOperation, things[1], job);
            Assert.Equal(v1, ex.CurrentVersion);
            Assert.Equal("QUEUED", State(_fx.Emulator, things[1], job).Status);
        }

        [Fact]
        public void PipedVersionNumber_IsNeverAppliedSilently()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            var stale = Exec(things[0], job, version: 12345);
            var csvRow = new PSObject();
            csvRow.Properties.Add(new PSNoteProperty("ThingName", things[0]));
            csvRow.Properties.Add(new PSNoteProperty("JobId", job));
            csvRow.Properties.Add(new PSNoteProperty("VersionNumber", "12345"));

            var result = Single(s.Invoke("$args[0] | Stop-IoTJobExecution", stale));
            Assert.Empty(s.Errors);
            Assert.Equal(JobExecutionStatus.CANCELED, result.Status);

            // Same through by-property-name binding (a CSV row): VersionNumber binds to nothing.
            var again = Single(s.Invoke("$args[0] | Stop-IoTJobExecution", csvRow));
            Assert.Empty(s.Errors);
            Assert.Equal(JobExecutionStatus.CANCELED, again.Status);
        }

        [Fact]
        public void NotFound_FailsWithJobExecutionNotFound()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);

            var output = s.Invoke("'no-such-thing', $args[0] | Stop-IoTJobExecution -JobId $args[1]", things[0], job);

            Assert.Equal(things[0], Single(output).ThingName);
            var error = Assert.Single(s.Errors);
            var ex = AssertItemError(error, "JobExecutionNotFound", ErrorCategory.ObjectNotFound, "no-such-thing", job);
            Assert.Equal(404, ex.StatusCode);
            Assert.False(string.IsNullOrEmpty(ex.RequestId));
            // The request id is on the exception, not dressed up as a "Recommendation:" in the console's error view;
            // the message already says what to check, so there is no RecommendedAction at all.
            Assert.Null(error.ErrorDetails?.RecommendedAction);
        }

        [Theory]
        [InlineData("$h = @{}; 1..11 | ForEach-Object { $h[\"k$_\"] = 'v' }", "at most 10")]
        [InlineData("$h = @{ 'bad key' = 'v' }", "'bad key'")]
        [InlineData("$h = @{ reason = \"two`nlines\" }", "reason")]
        [InlineData("$h = @{ reason = '' }", "reason")]
        [InlineData("$h = @{ reason = @(1,2) }", "reason")]
        public void BadStatusDetails_StopTheCommandBeforeAnyRequest(string setup, string named)
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke(setup + "; try { $args[0] | Stop-IoTJobExecution -JobId $args[1] -StatusDetails $h; 'not stopped' } catch { $_ }", things, job);

            var error = Assert.IsType<ErrorRecord>(Assert.Single(output).BaseObject);
            Assert.Equal($"ParameterArgumentValidationError,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains("StatusDetails", error.Exception.Message);
            Assert.Contains(named, error.Exception.Message);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }

        [Fact]
        public void NegativeExpectedVersion_StopsTheCommandBeforeAnyRequest()
        {
            using var s = _fx.Open();
            var before = Cancels(_fx.Emulator);
            var output = s.Invoke("try { Stop-IoTJobExecution -ThingName a -JobId b -ExpectedVersion -1; 'not stopped' } catch { $_ }");
            var error = Assert.IsType<ErrorRecord>(Assert.Single(output).BaseObject);
            Assert.Equal($"InvalidExpectedVersion,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }

        [Fact]
        public void EveryItemEndsInExactlyOneOutputOrOneError()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 4, 1);
            _fx.Emulator.Store.UpdateJobExecution(things[1], job, "SUCCEEDED");
            _fx.Emulator.Store.CancelJobExecution(things[2], job);
            var names = things.Concat(new[] { "ghost" }).ToArray();

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1]", names, job);

            // things[0] queued -> canceled, [1] terminal -> error, [2] already canceled -> output, [3] queued -> canceled, ghost -> not found
            Assert.Equal(new[] { things[0], things[2], things[3] }, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
            Assert.Equal(new[] { $"JobExecutionTerminal,{CommandType}", $"JobExecutionNotFound,{CommandType}" },
                s.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Equal(names.Length, output.Count + s.Errors.Count);
        }

        [Fact]
        public void OutputExportsToCsv()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var path = Path.Combine(Path.GetTempPath(), $"canceled-{Guid.NewGuid():N}.csv");
            try
            {
                s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] | Export-Csv -Path $args[2] -NoTypeInformation", things, job, path);
                Assert.Empty(s.Errors);
                var rows = s.Invoke("Import-Csv -Path $args[0]", path);
                Assert.Equal(2, rows.Count);
                Assert.All(rows, r => Assert.Equal("CANCELED", r.Properties["Status"].Value));
                Assert.Equal(things, rows.Select(r => (string)r.Properties["ThingName"].Value));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
