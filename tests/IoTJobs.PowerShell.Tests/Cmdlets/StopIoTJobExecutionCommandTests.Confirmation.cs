using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// The -Force / confirmation / -WhatIf matrix of Stop-IoTJobExecution, with prompts answered by <see cref="AnsweringHost"/>.
    /// Every row asserts how many prompts were shown, what they said, and what reached the emulator.
    /// </summary>
    public sealed class StopIoTJobExecutionConfirmationTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionConfirmationTests(EmulatorFixture fx) => _fx = fx;

        [Fact]
        public void DefaultPreferences_WithoutForce_DoNotPrompt()
        {
            var host = new AnsweringHost(); // no answers: any prompt would fail the call
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2);
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1]", things, job);

            Assert.Empty(host.Prompts);
            Assert.Empty(s.Errors);
            Assert.Equal(2, output.Count);
            Assert.Equal(2, Cancels(_fx.Emulator) - before);
            Assert.All(things, t => Assert.Equal("CANCELED", State(_fx.Emulator, t, job).Status));
        }

        [Fact]
        public void DefaultPreferences_WithForce_PromptOncePerExecution_NamingThingJobStatusAndConsequence()
        {
            var host = new AnsweringHost(false, "Yes", "No");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2, 0, 1);
            var before = Cancels(_fx.Emulator);
            var input = new[] { Exec(things[0], job, JobExecutionStatus.IN_PROGRESS), Exec(things[1], job, JobExecutionStatus.IN_PROGRESS) };

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -Force", (object)input);

            Assert.Equal(2, host.Prompts.Count);
            // ShouldContinue's Yes / Yes to All / No / No to All (PowerShell 7 adds Suspend to the end).
            Assert.Equal(new[] { "Yes", "Yes to All", "No", "No to All" }, host.Prompts[0].Choices.Take(4));
            for (int i = 0; i < 2; i++)
            {
                var p = host.Prompts[i];
                Assert.Contains(things[i], p.Message);
                Assert.Contains(job, p.Message);
                Assert.Contains("IN_PROGRESS", p.Message);
                Assert.Contains("unable to report the status", p.Message);
            }
            Assert.Empty(s.Errors);
            var canceled = Single(output);
            Assert.Equal(things[0], canceled.ThingName);
            Assert.Equal(JobExecutionStatus.CANCELED, canceled.Status);
            Assert.True(canceled.ForceCanceled);
            Assert.Equal(1, Cancels(_fx.Emulator) - before);
            Assert.Equal("IN_PROGRESS", State(_fx.Emulator, things[1], job).Status);
        }

        [Fact]
        public void Force_YesToAll_PromptsOnceForTheWholePipeline()
        {
            var host = new AnsweringHost(false, "Yes to All");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 3, 1);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Force", things, job);

            Assert.Single(host.Prompts);
            Assert.Contains("status unknown", host.Prompts[0].Message); // names piped as strings carry no status
            Assert.Equal(3, output.Count);
            Assert.All(things, t => Assert.Equal("CANCELED", State(_fx.Emulator, t, job).Status));
        }

        [Fact]
        public void Force_NoToAll_SendsNothing()
        {
            var host = new AnsweringHost(false, "No to All");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 3);
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Force", things, job);

            Assert.Single(host.Prompts);
            Assert.Empty(output);
            Assert.Empty(s.Errors);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.ConfirmOrLower), MemberType = typeof(ConfirmationMatrix))]
        public void ConfirmOrLowerPreference_WithoutForce_Prompts(string parameter, string setup)
        {
            var host = new AnsweringHost(false, "Yes", "No");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2);
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJobExecution -JobId $args[1] {parameter}", things, job);

            Assert.Equal(2, host.Prompts.Count);
            Assert.Contains(things[0], host.Prompts[0].Message);
            Assert.DoesNotContain("unable to report", host.Prompts[0].Message); // no force, no force warning
            Assert.Single(output);
            Assert.Equal(1, Cancels(_fx.Emulator) - before);
            Assert.Equal("QUEUED", State(_fx.Emulator, things[1], job).Status);
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.ConfirmOrLower), MemberType = typeof(ConfirmationMatrix))]
        public void ConfirmOrLowerPreference_WithForce_PromptExactlyOncePerExecution(string parameter, string setup)
        {
            // Two answers for two executions: a second prompt for the same execution would take the "No" meant for the
            // next one (or find the queue empty) and the asserts below would fail.
            var host = new AnsweringHost(false, "Yes", "Yes");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2, 0);

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJobExecution -JobId $args[1] -Force {parameter}", things, job);

            Assert.Equal(2, host.Prompts.Count);
            Assert.All(host.Prompts, p => Assert.Contains("unable to report the status of this execution", p.Message));
            Assert.Contains(things[0], host.Prompts[0].Message);
            Assert.Contains(things[1], host.Prompts[1].Message);
            Assert.Empty(s.Errors);
            Assert.Equal(2, output.Count);
            Assert.All(things, t => Assert.Equal("CANCELED", State(_fx.Emulator, t, job).Status));
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.NeverPrompt), MemberType = typeof(ConfirmationMatrix))]
        public void ConfirmFalseOrNonePreference_NeverPrompt_EvenWithForce(string parameter, string setup)
        {
            var host = new AnsweringHost(true); // would throw on any prompt
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2, 0);

            var forced = s.Invoke($"{setup}; $args[0] | Stop-IoTJobExecution -JobId $args[1] -Force {parameter}", things, job);
            Assert.Empty(s.Errors);
            Assert.Equal(2, forced.Count);
            Assert.True(((JobExecution)forced[0].BaseObject).ForceCanceled);

            var (job2, things2) = Seed(_fx.Emulator, 1);
            var plain = s.Invoke($"{setup}; $args[0] | Stop-IoTJobExecution -JobId $args[1] {parameter}", things2, job2);
            Assert.Empty(s.Errors);
            Assert.Single(plain);
            Assert.Empty(host.Prompts);
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.WhatIf), MemberType = typeof(ConfirmationMatrix))]
        public void WhatIf_WritesOneLinePerExecution_AndSendsNothing(string parameter, string setup, bool force)
        {
            var host = new AnsweringHost(true); // WhatIf must win: any prompt would throw
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 3, 0);
            var before = Cancels(_fx.Emulator);
            var forceText = force ? "-Force" : "";

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJobExecution -JobId $args[1] {forceText} {parameter}", things, job);

            ConfirmationMatrix.AssertOnlyWhatIf(s, host, output, things, force, every: job);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
            Assert.All(things, t => Assert.NotEqual("CANCELED", State(_fx.Emulator, t, job).Status));
        }

        [Fact]
        public void HostThatCannotPrompt_ForceFailsEachItemWithConfirmationRequired()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2, 0);
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Force", things, job);

            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count);
            for (int i = 0; i < 2; i++)
            {
                var ex = AssertItemError(s.Errors[i], "ConfirmationRequired", ErrorCategory.InvalidOperation, things[i], job);
                Assert.Contains("-Confirm:$false", ex.Message);
                Assert.Equal(things[i], s.Errors[i].TargetObject); // the piped item itself
            }
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }
    }
}
