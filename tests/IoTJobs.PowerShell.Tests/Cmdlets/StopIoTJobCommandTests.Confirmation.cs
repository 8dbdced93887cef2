using static IoTJobs.PowerShell.Tests.Cmdlets.StopIoTJobCommandTests;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Stop-IoTJob's confirmation matrix (the rows it shares with Stop-IoTJobExecution: <see cref="ConfirmationMatrix"/>),
    /// prompts answered by <see cref="AnsweringHost"/>: how many prompts, what they said, and what reached the emulator.
    /// </summary>
    public sealed class StopIoTJobConfirmationTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobConfirmationTests(EmulatorFixture fx) => _fx = fx;

        private long CancelJobs => _fx.Emulator.RequestCount("CancelJob");
        private string JobState(string job) => _fx.Emulator.Store.DescribeJob(job).Status;
        private string ExecState(string thing, string job) => _fx.Emulator.Store.DescribeJobExecution(thing, job).Status;

        [Fact]
        public void DefaultPreferences_WithoutForce_AsksFirst_DefaultNo_ThenCancelsQueuedOnly_AndEmitsTheCanceledJob()
        {
            // A whole-job cancel is irreversible and fleet-wide: ConfirmImpact High, so it asks at the default preferences.
            var host = new AnsweringHost(false, "Yes");
            using var s = _fx.Open(host);
            var (job, things) = SeedJob(_fx.Emulator, 3, 0);
            _fx.Emulator.Store.SetExecutionStatus(things[2], job, "SUCCEEDED");
            var before = CancelJobs;

            var output = s.Invoke("Stop-IoTJob -JobId $args[0] -ReasonCode FIRMWARE_ROLLBACK -Comment 'bad build 42'", job);

            var prompt = Assert.Single(host.Prompts);
            Assert.Equal(new[] { "Yes", "Yes to All", "No", "No to All" }, prompt.Choices);
            Assert.Equal("No", prompt.Default);
            Assert.Contains(job, prompt.Message);
            Assert.Contains("every thing", prompt.Message);
            Assert.Empty(s.Errors);
            var result = SingleJob(output);
            Assert.Equal(job, result.JobId);
            Assert.Equal(JobStatus.CANCELED, result.Status);
            Assert.Equal("FIRMWARE_ROLLBACK", result.ReasonCode);
            Assert.Equal("bad build 42", result.Comment);
            Assert.False(result.ForceCanceled);
            Assert.Equal(1, result.CanceledCount);
            Assert.Equal(1, result.InProgressCount);
            Assert.Equal(1, result.SucceededCount);
            Assert.Equal("us-east-1", result.Region);
            Assert.Equal(1, CancelJobs - before);
            // The emulator did what AWS does: QUEUED canceled, IN_PROGRESS left without force, terminal untouched.
            Assert.Equal("IN_PROGRESS", ExecState(things[0], job));
            Assert.Equal("CANCELED", ExecState(things[1], job));
            Assert.Equal("SUCCEEDED", ExecState(things[2], job));
            var stored = _fx.Emulator.Store.DescribeJob(job);
            Assert.Equal("CANCELED", stored.Status);
            Assert.Equal("FIRMWARE_ROLLBACK", stored.ReasonCode);
            Assert.Equal("bad build 42", stored.Comment);
            Assert.False(stored.ForceCanceled);
        }

        [Fact]
        public void DefaultPreferences_WithForce_PromptOncePerJob_NamingJobStatusAndConsequence()
        {
            var host = new AnsweringHost(false, "Yes", "No");
            using var s = _fx.Open(host);
            var (job1, things1) = SeedJob(_fx.Emulator, 2, 0);
            var (job2, things2) = SeedJob(_fx.Emulator, 1, 0);
            var before = CancelJobs;

            // Job objects from Get-IoTJob carry their status into the prompt.
            var output = s.Invoke("Get-IoTJob -JobId $args[0], $args[1] | Stop-IoTJob -Force", job1, job2);

            Assert.Equal(2, host.Prompts.Count);
            Assert.Equal(new[] { "Yes", "Yes to All", "No", "No to All" }, host.Prompts[0].Choices.Take(4));
            Assert.Contains(job1, host.Prompts[0].Message);
            Assert.Contains(job2, host.Prompts[1].Message);
            Assert.All(host.Prompts, p =>
            {
                Assert.Contains("IN_PROGRESS", p.Message);
                Assert.Contains("unable to report the status", p.Message);
                Assert.Contains("every thing", p.Message);
            });
            Assert.Empty(s.Errors);
            var result = SingleJob(output);
            Assert.Equal(job1, result.JobId);
            Assert.True(result.ForceCanceled);
            Assert.Equal(2, result.CanceledCount);
            Assert.Equal(1, CancelJobs - before);
            var forced = _fx.Emulator.Store.DescribeJobExecution(things1[0], job1);
            Assert.Equal("CANCELED", forced.Status);
            Assert.True(forced.ForceCanceled);
            Assert.True(_fx.Emulator.Store.DescribeJob(job1).ForceCanceled);
            Assert.Equal("IN_PROGRESS", JobState(job2));
            Assert.Equal("IN_PROGRESS", ExecState(things2[0], job2));
        }

        [Fact]
        public void DefaultPreferences_PipedJobs_PromptPerJob_YesAndNo()
        {
            // Get-IoTJob -Status IN_PROGRESS | Stop-IoTJob used to cancel every listed job without a word.
            var host = new AnsweringHost(false, "No", "Yes", "No");
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 3).Select(_ => SeedJob(_fx.Emulator, 1).Job).ToArray();

            var output = s.Invoke("Get-IoTJob -JobId $args[0] | Stop-IoTJob", (object)jobs);

            Assert.Equal(3, host.Prompts.Count);
            Assert.Equal(jobs[1], SingleJob(output).JobId);
            Assert.Equal(new[] { "IN_PROGRESS", "CANCELED", "IN_PROGRESS" }, jobs.Select(JobState));
        }

        [Fact]
        public void DefaultPreferences_HostThatCannotPrompt_CancelsNoJob()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 2).Select(_ => SeedJob(_fx.Emulator, 1).Job).ToArray();
            var before = CancelJobs;

            var output = s.Invoke("Get-IoTJob -JobId $args[0] | Stop-IoTJob", (object)jobs);

            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.Equal($"ConfirmationRequired,{CommandType}", e.FullyQualifiedErrorId));
            Assert.Equal(0, CancelJobs - before);
            Assert.All(jobs, j => Assert.Equal("IN_PROGRESS", JobState(j)));
        }

        [Fact]
        public void Force_YesToAll_PromptsOnceForTheWholePipeline()
        {
            var host = new AnsweringHost(false, "Yes to All");
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 3).Select(_ => SeedJob(_fx.Emulator, 1, 0).Job).ToArray();

            var output = s.Invoke("$args[0] | Stop-IoTJob -Force", (object)jobs);

            Assert.Single(host.Prompts);
            Assert.Contains("status unknown", host.Prompts[0].Message); // ids piped as strings carry no status
            Assert.Equal(jobs, output.Select(o => ((Job)o.BaseObject).JobId));
            Assert.All(jobs, j => Assert.Equal("CANCELED", JobState(j)));
        }

        [Fact]
        public void Force_NoToAll_SendsNothing()
        {
            var host = new AnsweringHost(false, "No to All");
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 2).Select(_ => SeedJob(_fx.Emulator, 1).Job).ToArray();
            var before = CancelJobs;

            var output = s.Invoke("$args[0] | Stop-IoTJob -Force", (object)jobs);

            Assert.Single(host.Prompts);
            Assert.Empty(output);
            Assert.Empty(s.Errors);
            Assert.Equal(0, CancelJobs - before);
            Assert.All(jobs, j => Assert.Equal("IN_PROGRESS", JobState(j)));
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.ConfirmOrLower), MemberType = typeof(ConfirmationMatrix))]
        public void ConfirmOrLowerPreference_WithoutForce_Prompts(string parameter, string setup)
        {
            var host = new AnsweringHost(false, "Yes", "No");
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 2).Select(_ => SeedJob(_fx.Emulator, 1).Job).ToArray();
            var before = CancelJobs;

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJob {parameter}", (object)jobs);

            Assert.Equal(2, host.Prompts.Count);
            Assert.Contains(jobs[0], host.Prompts[0].Message);
            Assert.DoesNotContain("unable to report", host.Prompts[0].Message);
            Assert.Equal(jobs[0], SingleJob(output).JobId);
            Assert.Equal(1, CancelJobs - before);
            Assert.Equal("IN_PROGRESS", JobState(jobs[1]));
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.ConfirmOrLower), MemberType = typeof(ConfirmationMatrix))]
        public void ConfirmOrLowerPreference_WithForce_PromptExactlyOncePerJob(string parameter, string setup)
        {
            // Two answers for two jobs: a second prompt for the same job would take the answer meant for the next.
            var host = new AnsweringHost(false, "Yes", "Yes");
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 2).Select(_ => SeedJob(_fx.Emulator, 1, 0).Job).ToArray();

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJob -Force {parameter}", (object)jobs);

            Assert.Equal(2, host.Prompts.Count);
            Assert.All(host.Prompts, p => Assert.Contains("unable to report the status", p.Message));
            Assert.Empty(s.Errors);
            Assert.Equal(2, output.Count);
            Assert.All(jobs, j => Assert.Equal(1, _fx.Emulator.Store.DescribeJob(j).StatusCounts.GetValueOrDefault("CANCELED")));
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.NeverPrompt), MemberType = typeof(ConfirmationMatrix))]
        public void ConfirmFalseOrNonePreference_NeverPrompt_EvenWithForce(string parameter, string setup)
        {
            var host = new AnsweringHost(true); // would throw on any prompt
            using var s = _fx.Open(host);
            var (job, things) = SeedJob(_fx.Emulator, 2, 0);

            var forced = s.Invoke($"{setup}; Stop-IoTJob -JobId $args[0] -Force {parameter}", job);
            Assert.Empty(s.Errors);
            Assert.True(SingleJob(forced).ForceCanceled);
            Assert.All(things, t => Assert.Equal("CANCELED", ExecState(t, job)));

            var (job2, _) = SeedJob(_fx.Emulator, 1);
            var plain = s.Invoke($"{setup}; Stop-IoTJob -JobId $args[0] {parameter}", job2);
            Assert.Empty(s.Errors);
            Assert.Equal(JobStatus.CANCELED, SingleJob(plain).Status);
            Assert.Empty(host.Prompts);
        }

        [Theory]
        [MemberData(nameof(ConfirmationMatrix.WhatIf), MemberType = typeof(ConfirmationMatrix))]
        public void WhatIf_WritesOneLinePerJob_AndSendsNothing(string parameter, string setup, bool force)
        {
            var host = new AnsweringHost(true); // WhatIf must win: any prompt would throw
            using var s = _fx.Open(host);
            var seeded = Enumerable.Range(0, 3).Select(_ => SeedJob(_fx.Emulator, 2, 0)).ToArray();
            var jobs = seeded.Select(x => x.Job).ToArray();
            var before = CancelJobs;

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJob {(force ? "-Force" : "")} {parameter}", (object)jobs);

            ConfirmationMatrix.AssertOnlyWhatIf(s, host, output, jobs, force);
            Assert.Equal(0, CancelJobs - before);
            foreach (var (job, things) in seeded)
            {
                Assert.Equal("IN_PROGRESS", JobState(job));
                Assert.Equal("QUEUED", ExecState(things[1], job));
            }
        }

        [Fact]
        public void HostThatCannotPrompt_ForceFailsEachJobWithConfirmationRequired()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host);
            var jobs = Enumerable.Range(0, 2).Select(_ => SeedJob(_fx.Emulator, 1, 0).Job).ToArray();
            var before = CancelJobs;

            var output = s.Invoke("$args[0] | Stop-IoTJob -Force", (object)jobs);

            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count);
            for (int i = 0; i < 2; i++)
            {
                var ex = AssertJobError(s.Errors[i], "ConfirmationRequired", ErrorCategory.InvalidOperation, jobs[i]);
                Assert.Contains("-Confirm:$false", ex.Message);
                Assert.Equal(jobs[i], s.Errors[i].TargetObject); // the piped item itself
            }
            Assert.Equal(0, CancelJobs - before);
        }
    }
}
