using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Collections.Concurrent;
using System.Net;
using System.Threading.Tasks;
using IoTJobs.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// Stop-IoTJob (CancelJob): the confirmation matrix it shares with Stop-IoTJobExecution (prompts answered by
    /// <see cref="AnsweringHost"/>), what reaches the emulator, and the emulator's state afterwards.
    /// </summary>
    public sealed class StopIoTJobTests : IClassFixture<EmulatorFixture>
    {
        internal const string CommandType = "IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand";
        private readonly EmulatorFixture _fx;
        public StopIoTJobTests(EmulatorFixture fx) => _fx = fx;

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

        private static Job SingleJob(IEnumerable<PSObject> output) => Assert.IsType<Job>(Assert.Single(output).BaseObject);

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

        // ---- the confirmation matrix ------------------------------------------------------------------------

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
        public void BareEnter_IsNo_AtTheWholeJobPrompt()
        {
            var host = new AnsweringHost(false, "", "");
            using var s = _fx.Open(host);
            var (job1, _) = SeedJob(_fx.Emulator, 1);
            var (job2, _) = SeedJob(_fx.Emulator, 1, 0);
            var before = CancelJobs;

            var output = s.Invoke("Stop-IoTJob -JobId $args[0]; Stop-IoTJob -JobId $args[1] -Force", job1, job2);

            Assert.Equal(2, host.Prompts.Count);
            Assert.All(host.Prompts, p => Assert.Equal("No", p.Default));
            Assert.Empty(output);
            Assert.Empty(s.Errors);
            Assert.Equal(0, CancelJobs - before);
            Assert.Equal("IN_PROGRESS", JobState(job1));
            Assert.Equal("IN_PROGRESS", JobState(job2));
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
        [InlineData("-Confirm", "")]
        [InlineData("", "$ConfirmPreference = 'Medium'")]
        [InlineData("", "$ConfirmPreference = 'Low'")]
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
        [InlineData("-Confirm", "")]
        [InlineData("", "$ConfirmPreference = 'Medium'")]
        [InlineData("", "$ConfirmPreference = 'Low'")]
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
        [InlineData("-Confirm:$false", "")]
        [InlineData("", "$ConfirmPreference = 'None'")]
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
        [InlineData("-WhatIf", "", false)]
        [InlineData("-WhatIf", "", true)]
        [InlineData("", "$WhatIfPreference = $true", false)]
        [InlineData("", "$WhatIfPreference = $true", true)]
        [InlineData("-WhatIf -Confirm", "", true)]
        public void WhatIf_WritesOneLinePerJob_AndSendsNothing(string parameter, string setup, bool force)
        {
            var host = new AnsweringHost(true); // WhatIf must win: any prompt would throw
            using var s = _fx.Open(host);
            var seeded = Enumerable.Range(0, 3).Select(_ => SeedJob(_fx.Emulator, 2, 0)).ToArray();
            var jobs = seeded.Select(x => x.Job).ToArray();
            var before = CancelJobs;

            var output = s.Invoke($"{setup}; $args[0] | Stop-IoTJob {(force ? "-Force" : "")} {parameter}", (object)jobs);

            Assert.Empty(output);
            Assert.Empty(s.Errors);
            Assert.Empty(host.Prompts);
            var whatIf = host.Output.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, whatIf.Count);
            for (int i = 0; i < 3; i++)
            {
                Assert.Contains(jobs[i], whatIf[i]);
                Assert.Equal(force, whatIf[i].Contains("Force-canceling"));
            }
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
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
            {
                OperationRateLimits = new Dictionary<string, double> { ["CancelJob"] = 0.01 },
                RateLimitBurst = 1,
            });
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", emulator.BaseAddress.ToString().TrimEnd('/'));
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
            await using var server = await CannedServer.StartAsync(410, "LimitExceededException", "Too many jobs are being canceled at once.");
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", server.Endpoint);

            var output = s.Invoke("Stop-IoTJob -Confirm:$false -JobId fleet-a, fleet-b");

            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count); // one per job: the batch went on after the first
            var ex = AssertJobError(s.Errors[0], "LimitExceeded", ErrorCategory.LimitsExceeded, "fleet-a");
            Assert.Equal(410, ex.StatusCode);
            Assert.Equal("LimitExceededException", ex.ErrorCode);
            Assert.Contains("Too many jobs", ex.Message);
            AssertJobError(s.Errors[1], "LimitExceeded", ErrorCategory.LimitsExceeded, "fleet-b");
            // Each job is read first (the read fails too and is no reason not to cancel); no read follows a 410.
            var methods = server.Requests.Select(r => r.Split(' ')[0]).ToList();
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

    /// <summary>
    /// A loopback server that answers every request with one fixed AWS error (status, x-amzn-ErrorType, JSON body), for
    /// answers the emulator has no reason to give (LimitExceededException 410 on CancelJob). It records "METHOD path".
    /// </summary>
    internal sealed class CannedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private CannedServer(WebApplication app, string endpoint) { _app = app; Endpoint = endpoint; }

        public string Endpoint { get; }
        public ConcurrentQueue<string> Requests { get; } = new();

        public static async Task<CannedServer> StartAsync(int status, string code, string message)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            CannedServer? server = null;
            ((IApplicationBuilder)app).Run(async ctx =>
            {
                server!.Requests.Enqueue(ctx.Request.Method + " " + ctx.Request.Path);
                ctx.Response.StatusCode = status;
                ctx.Response.Headers["x-amzn-ErrorType"] = code;
                ctx.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { message }));
            });
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            server = new CannedServer(app, $"http://127.0.0.1:{address.Port}");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
