using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
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
    /// Stop-IoTJob against a service that cancels server-side at a pace (the emulator's JobCancelRate): -Wait follows
    /// it with Write-Progress and emits the final job; -Timeout; Ctrl+C stops the waiting but not the cancel; and what
    /// the cmdlet makes of a refused cancel (400 InvalidRequestException or 409) by describing the job.
    /// </summary>
    public sealed class StopIoTJobWaitTests : IClassFixture<EmulatorFixture>
    {
        private const string CommandType = StopIoTJobTests.CommandType;
        private readonly EmulatorFixture _fx;
        public StopIoTJobWaitTests(EmulatorFixture fx) => _fx = fx;

        private sealed record Run(List<PSObject> Output, List<ErrorRecord> Errors, List<ProgressRecord> Progress, List<string> Verbose, TimeSpan Took);

        private Run Invoke(PSSession s, string script, params object[] args)
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript(script);
            foreach (var a in args) ps.AddArgument(a);
            var clock = Stopwatch.StartNew();
            var output = ps.Invoke().ToList();
            return new Run(output, ps.Streams.Error.ToList(), ps.Streams.Progress.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(), clock.Elapsed);
        }

        private static PSSession Open(EmulatorFixture fx, EmulatorHost emulator, System.Management.Automation.Host.PSHost? host = null)
        {
            var s = fx.Open(host);
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", emulator.BaseAddress.ToString().TrimEnd('/'));
            return s;
        }

        [Fact]
        public async Task Wait_on_2000_executions_at_a_paced_rate_shows_progress_and_returns_the_final_counts()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 500 });
            using var s = Open(_fx, emulator);
            var (job, things) = StopIoTJobTests.SeedJob(emulator, 2000, 0, 1); // two IN_PROGRESS: not canceled without -Force

            var run = Invoke(s, "Stop-IoTJob -JobId $args[0] -Wait -Verbose -Confirm:$false", job);

            Assert.Empty(run.Errors);
            var final = Assert.IsType<Job>(Assert.Single(run.Output).BaseObject);
            Assert.Equal(JobStatus.CANCELED, final.Status);
            Assert.False(final.IsConcurrent);
            Assert.Equal(1998, final.CanceledCount);
            Assert.Equal(0, final.QueuedCount);
            Assert.Equal(2, final.InProgressCount);
            // The server agrees, and it took about as long as 1,998 cancels at 500 a second.
            var stored = emulator.Store.DescribeJob(job);
            Assert.Equal(1998, stored.StatusCounts["CANCELED"]);
            Assert.False(stored.IsConcurrent);
            Assert.InRange(run.Took.TotalSeconds, 3.0, 30);

            // Progress from DescribeJob's counts: moving, with a percentage, then completed.
            var waiting = run.Progress.Where(p => p.Activity == StopIoTJobCommand.WaitActivity).ToList();
            var shown = waiting.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
            Assert.True(shown.Count >= 3, $"{shown.Count} progress records");
            var canceledSoFar = shown.Select(p => int.Parse(Regex.Match(p.StatusDescription, @"(\d+) canceled").Groups[1].Value)).ToList();
            Assert.Equal(canceledSoFar.OrderBy(n => n), canceledSoFar);
            Assert.True(canceledSoFar.Distinct().Count() >= 3, string.Join(",", canceledSoFar));
            Assert.All(shown, p => Assert.InRange(p.PercentComplete, 0, 100));
            Assert.Contains(shown, p => p.CurrentOperation.Contains("Ctrl+C stops the waiting"));
            Assert.Equal(ProgressRecordType.Completed, waiting.Last().RecordType);
            Assert.Contains(run.Verbose, v => v.Contains("Ctrl+C stops the waiting, not the cancel"));
            Assert.Contains(run.Verbose, v => v.Contains("has finished canceling") && v.Contains("1998"));
            // Paced to DescribeJob's limit: about one request a second while waiting, far below 10 a second.
            Assert.InRange(emulator.RequestCount("DescribeJob"), 2, run.Took.TotalSeconds + 3);
        }

        [Fact]
        public async Task Wait_with_an_instant_cancel_emits_the_job_at_once_without_progress()
        {
            using var s = _fx.Open();
            var (job, _) = StopIoTJobTests.SeedJob(_fx.Emulator, 5);
            var run = Invoke(s, "Stop-IoTJob -JobId $args[0] -Wait -Confirm:$false", job);
            Assert.Empty(run.Errors);
            var final = Assert.IsType<Job>(Assert.Single(run.Output).BaseObject);
            Assert.Equal(5, final.CanceledCount);
            Assert.False(final.IsConcurrent);
            Assert.DoesNotContain(run.Progress, p => p.Activity == StopIoTJobCommand.WaitActivity);
            Assert.True(run.Took < TimeSpan.FromSeconds(5));
            await Task.CompletedTask;
        }

        [Fact]
        public async Task Timeout_ends_the_wait_with_WaitTimeout_and_the_cancel_goes_on()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 20 });
            using var s = Open(_fx, emulator);
            var (job, _) = StopIoTJobTests.SeedJob(emulator, 200); // 10 s of work

            var run = Invoke(s, "Stop-IoTJob -JobId $args[0] -Wait -Timeout 2 -Confirm:$false", job);

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
            Assert.InRange(run.Took.TotalSeconds, 1.8, 6);
            int canceledAtTimeout = emulator.Store.DescribeJob(job).StatusCounts.GetValueOrDefault("CANCELED");
            Assert.InRange(canceledAtTimeout, 1, 199);
            await Task.Delay(1000);
            Assert.True(emulator.Store.DescribeJob(job).StatusCounts["CANCELED"] > canceledAtTimeout, "the service went on canceling");

            var caught = s.Invoke("try { Stop-IoTJob -JobId $args[0] -Timeout 5 } catch { $_.FullyQualifiedErrorId }", job);
            Assert.Equal($"TimeoutNeedsWait,{CommandType}", caught.Single().BaseObject);
        }

        [Fact]
        public async Task CtrlC_stops_the_waiting_says_so_on_the_host_and_the_service_goes_on_canceling()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 20 });
            var host = new AnsweringHost();
            using var s = Open(_fx, emulator, host);
            var (job, _) = StopIoTJobTests.SeedJob(emulator, 200);

            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("Stop-IoTJob -JobId $args[0] -Wait -Confirm:$false").AddArgument(job);
            var async = ps.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!ps.Streams.Progress.Any(p => p.Activity == StopIoTJobCommand.WaitActivity) && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.False(async.IsCompleted, "the cmdlet was waiting");
            ps.Stop();

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            var said = Assert.Single(host.WarningLines);
            Assert.Contains($"Stopped waiting for job '{job}'", said);
            Assert.Contains("the service goes on canceling", said);
            var canceled = emulator.Store.DescribeJob(job).StatusCounts.GetValueOrDefault("CANCELED");
            Assert.True(canceled < 200, "stopped before the end");
            await Task.Delay(500);
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
            await using var server = await ScriptedJobServer.StartAsync(status, code, jobStatus, inProgress: 0);
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", server.Endpoint);

            var run = Invoke(s, "Stop-IoTJob -JobId fw -Force -Confirm:$false");

            Assert.Empty(run.Output);
            var ex = StopIoTJobTests.AssertJobError(Assert.Single(run.Errors), errorId, category, "fw");
            Assert.Equal(status, ex.StatusCode);
            Assert.Equal(code, ex.ErrorCode);
            Assert.Contains(text, ex.Message);
            Assert.Contains("the service's own words", ex.Message);
            // The job is read first (was it canceled before?), then canceled, then read to tell why it was refused.
            Assert.Equal(new[] { "GET /jobs/fw", "PUT /jobs/fw/cancel", "GET /jobs/fw" }, server.Requests);
        }

        [Fact]
        public async Task A_refused_cancel_of_a_canceled_job_is_success_unless_force_did_not_reach_IN_PROGRESS_executions()
        {
            await using (var server = await ScriptedJobServer.StartAsync(400, "InvalidRequestException", "CANCELED", inProgress: 0))
            {
                using var s = _fx.Open();
                s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", server.Endpoint);
                var run = Invoke(s, "Stop-IoTJob -JobId fw -Verbose -Confirm:$false");
                Assert.Empty(run.Errors);
                Assert.Equal(JobStatus.CANCELED, Assert.IsType<Job>(Assert.Single(run.Output).BaseObject).Status);
                Assert.Contains(run.Verbose, v => v.Contains("was already canceled"));
            }
            await using (var server = await ScriptedJobServer.StartAsync(400, "InvalidRequestException", "CANCELED", inProgress: 3))
            {
                using var s = _fx.Open();
                s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", server.Endpoint);
                var run = Invoke(s, "Stop-IoTJob -JobId fw -Force -Confirm:$false");
                Assert.Empty(run.Output);
                var ex = StopIoTJobTests.AssertJobError(Assert.Single(run.Errors), "JobAlreadyCanceled", ErrorCategory.InvalidOperation, "fw");
                Assert.Contains("3 IN_PROGRESS execution(s) were not force-canceled", ex.Message);
                Assert.Contains("Stop-IoTJobExecution -Force", ex.Message);
            }
        }

        /// <summary>
        /// A loopback IoT endpoint scripted for one job 'fw': CancelJob answers a fixed error, DescribeJob the job in a
        /// fixed state. For the answers the emulator has no reason to give (a 409 on CancelJob, a job being deleted).
        /// </summary>
        private sealed class ScriptedJobServer : IAsyncDisposable
        {
            private readonly WebApplication _app;
            private ScriptedJobServer(WebApplication app, string endpoint) { _app = app; Endpoint = endpoint; }
            public string Endpoint { get; }
            public List<string> Requests { get; } = new();

            public static async Task<ScriptedJobServer> StartAsync(int status, string code, string jobStatus, int inProgress)
            {
                var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
                builder.Logging.ClearProviders();
                builder.WebHost.UseKestrelCore();
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
                var app = builder.Build();
                ScriptedJobServer? server = null;
                ((IApplicationBuilder)app).Run(async ctx =>
                {
                    lock (server!.Requests) server.Requests.Add(ctx.Request.Method + " " + ctx.Request.Path);
                    ctx.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                    ctx.Response.ContentType = "application/json";
                    if (ctx.Request.Method == "PUT")
                    {
                        ctx.Response.StatusCode = status;
                        ctx.Response.Headers["x-amzn-ErrorType"] = code;
                        await ctx.Response.WriteAsync("{\"message\":\"the service's own words\"}");
                        return;
                    }
                    await ctx.Response.WriteAsync(
                        "{\"job\":{\"jobArn\":\"arn:aws:iot:us-east-1:123456789012:job/fw\",\"jobId\":\"fw\",\"status\":\"" + jobStatus +
                        "\",\"isConcurrent\":false,\"jobProcessDetails\":{\"numberOfCanceledThings\":2,\"numberOfInProgressThings\":" + inProgress + ",\"numberOfQueuedThings\":0}}}");
                });
                await app.StartAsync();
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                server = new ScriptedJobServer(app, $"http://127.0.0.1:{address.Port}");
                return server;
            }

            public async ValueTask DisposeAsync()
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }
}
