using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Every way of naming the executions to cancel: parameters, strings, the module's objects (things, jobs,
    /// executions), CSV rows and AWS.Tools-shaped objects; de-duplication; and the pipelines admins type.
    /// </summary>
    public sealed class StopIoTJobExecutionBindingTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public StopIoTJobExecutionBindingTests(EmulatorFixture fx) => _fx = fx;

        [Fact]
        public void Parameters_CrossProductOfThingsAndJobs()
        {
            using var s = _fx.Open();
            var (jobA, things) = Seed(_fx.Emulator, 2);
            var jobB = "job-b-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            _fx.Emulator.Store.Seed(jobB, things);

            var output = s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1], $args[2]", things, jobA, jobB);

            Assert.Empty(s.Errors);
            Assert.Equal(4, output.Count);
            foreach (var t in things)
            {
                Assert.Equal("CANCELED", State(_fx.Emulator, t, jobA).Status);
                Assert.Equal("CANCELED", State(_fx.Emulator, t, jobB).Status);
            }
        }

        [Fact]
        public void Strings_PipeAsThingNames()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1]", things, job);

            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
        }

        [Fact]
        public void JobExecutions_BindToInputObject_PipedOrAsParameter()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 3);
            var piped = things.Take(2).Select(t => Exec(t, job)).ToArray();

            var piped1 = s.Invoke("$args[0] | Stop-IoTJobExecution", piped[0]);
            Assert.Empty(s.Errors);
            Assert.Equal(things[0], Single(piped1).ThingName);

            var output = s.Invoke("Stop-IoTJobExecution -InputObject $args[0]", (object)new[] { piped[1], Exec(things[2], job) });
            Assert.Empty(s.Errors);
            Assert.Equal(new[] { things[1], things[2] }, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
        }

        [Fact]
        public void PipedJobExecution_KnownStatusReachesThePrompt_ProvingInputObjectBinding()
        {
            // Only the -InputObject set knows the piped object's Status; by-property-name binding would say "status unknown".
            var host = new AnsweringHost(false, "Yes");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 1, 0);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -Force", Exec(things[0], job, JobExecutionStatus.IN_PROGRESS));

            Assert.Contains("last known status IN_PROGRESS", Assert.Single(host.Prompts).Message);
            Assert.Equal(JobExecutionStatus.CANCELED, Single(output).Status);
        }

        [Fact]
        public void AwsToolsJobExecution_KnownStatusReachesThePrompt_ButAJobsStatusDoesNot()
        {
            var host = new AnsweringHost(false, "Yes", "Yes");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2, 0, 1);
            var awsExecution = Row(("ThingArn", $"arn:aws:iot:us-east-1:123456789012:thing/{things[0]}"), ("JobId", job), ("Status", "IN_PROGRESS"));
            awsExecution.TypeNames.Insert(0, "Amazon.IoT.Model.JobExecution");
            var awsJob = Row(("JobId", job), ("Status", "IN_PROGRESS"));
            awsJob.TypeNames.Insert(0, "Amazon.IoT.Model.Job");

            s.Invoke("$args[0] | Stop-IoTJobExecution -Force", awsExecution);
            s.Invoke("$args[0] | Stop-IoTJobExecution -Force -ThingName $args[1]", awsJob, things[1]);

            Assert.Equal(2, host.Prompts.Count);
            Assert.Contains("last known status IN_PROGRESS", host.Prompts[0].Message);
            Assert.Contains("status unknown", host.Prompts[1].Message); // the job's IN_PROGRESS is not the execution's
        }

        [Fact]
        public void PipedObjectsKeepTheirRegion_AndDeduplicationIsPerRegion()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host); // $PSDefaultParameterValues sets -Region us-east-1 for every cmdlet
            var east = Exec("dev-1", "fw");
            var west = Exec("dev-1", "fw");
            west.Region = "eu-west-1";

            s.Invoke("$args[0], $args[1], $args[0] | Stop-IoTJobExecution -WhatIf -Verbose", east, west);

            var lines = host.Output.Where(l => l.StartsWith("What if:")).ToList();
            Assert.Equal(2, lines.Count);
            Assert.EndsWith("in us-east-1.", lines[0]);
            Assert.EndsWith("in eu-west-1.", lines[1]);
            Assert.Single(s.Verbose, v => v.Contains("already handled"));
        }

        [Fact]
        public void ErrorTargetObject_IsThePipedItem_OrAnExecutionForTypedNames()
        {
            using var s = _fx.Open();
            var (job, _) = Seed(_fx.Emulator, 1);
            var thing = new Thing { ThingName = "ghost-thing", Region = "us-east-1" };

            s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1]", thing, job);
            Assert.Same(thing, Assert.Single(s.Errors).TargetObject);

            s.Invoke("Stop-IoTJobExecution -ThingName ghost-thing -JobId $args[0]", job);
            var typed = Assert.IsType<JobExecution>(Assert.Single(s.Errors).TargetObject);
            Assert.Equal(("ghost-thing", job, "us-east-1"), (typed.ThingName, typed.JobId, typed.Region));
        }

        [Fact]
        public void ThingObjects_WithJobId_CancelThatJobOnEachThing()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var thingObjects = things.Select(t => new Thing { ThingName = t, ThingArn = "arn:aws:iot:us-east-1:123456789012:thing/" + t, Region = "us-east-1" }).ToArray();

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1]", (object)thingObjects, job);

            Assert.Empty(s.Errors);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
        }

        [Fact]
        public void JobObjects_WithThingName_CancelEachJobOnTheNamedThings()
        {
            using var s = _fx.Open();
            var (jobA, things) = Seed(_fx.Emulator, 2);
            var jobB = "job-b-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            _fx.Emulator.Store.Seed(jobB, things);
            var jobs = new[] { new Job { JobId = jobA, Status = JobStatus.IN_PROGRESS, Region = "us-east-1" }, new Job { JobId = jobB, Status = JobStatus.IN_PROGRESS, Region = "us-east-1" } };

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -ThingName $args[1]", (object)jobs, things);

            Assert.Empty(s.Errors);
            Assert.Equal(4, output.Count);
            Assert.All(things, t => Assert.Equal("CANCELED", State(_fx.Emulator, t, jobB).Status));
        }

        [Fact]
        public void CsvRows_Bind()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var csv = "ThingName,JobId\n" + string.Join("\n", things.Select(t => $"{t},{job}"));

            var output = s.Invoke("$args[0] | ConvertFrom-Csv | Stop-IoTJobExecution", csv);

            Assert.Empty(s.Errors);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
        }

        [Fact]
        public void AwsToolsShapedObjects_BindThroughArns()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            // AWS.Tools' JobExecution carries ThingArn and JobId; its Job summaries carry JobArn.
            var execution = Row(("ThingArn", $"arn:aws:iot:us-east-1:123456789012:thing/{things[0]}"), ("JobId", job), ("VersionNumber", 1L));
            var byArns = Row(("ThingArn", $"arn:aws:iot:us-east-1:123456789012:thing/{things[1]}"), ("JobArn", $"arn:aws:iot:us-east-1:123456789012:job/{job}"));

            var output = s.Invoke("$args[0], $args[1] | Stop-IoTJobExecution", execution, byArns);

            Assert.Empty(s.Errors);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
        }

        [Fact]
        public void WrongKindOfArn_IsRefusedClearly()
        {
            using var s = _fx.Open();
            var before = Cancels(_fx.Emulator);
            var output = s.Invoke("try { Stop-IoTJobExecution -ThingName 'arn:aws:iot:us-east-1:123456789012:job/j1' -JobId j1 } catch { $_ }");
            var error = Assert.IsType<ErrorRecord>(Assert.Single(output).BaseObject);
            Assert.Equal($"InvalidThingName,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains("job ARN", error.Exception.Message);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }

        [Fact]
        public void Duplicates_AreCanceledOnce_AndAccountedForWithAVerboseLine()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var before = Cancels(_fx.Emulator);
            // The same execution as a JobExecution (InputObject set), a CSV row (ByName set) and again as an object.
            var input = new object[] { Exec(things[0], job), Row(("ThingName", things[0]), ("JobId", job)), Exec(things[1], job), Exec(things[0], job) };

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -Verbose", (object)input);

            Assert.Empty(s.Errors);
            Assert.Equal(new[] { things[0], things[1] }, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
            Assert.Equal(2, Cancels(_fx.Emulator) - before);
            Assert.Equal(2, s.Verbose.Count(v => v.Contains("already handled") && v.Contains(things[0])));
        }

        [Fact]
        public void PipedItemMissingTheJob_FailsThatItemOnly()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            var output = s.Invoke("$args[0], $args[1] | Stop-IoTJobExecution", Row(("ThingName", "only-a-thing")), Exec(things[0], job));
            Assert.Equal(things[0], Single(output).ThingName);
            var error = Assert.Single(s.Errors);
            Assert.Equal("MissingJobId,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand", error.FullyQualifiedErrorId);
            Assert.Contains("no JobId or JobArn property (its properties: ThingName)", error.Exception.Message);
        }

        [Fact]
        public void Pipeline_GetJobExecutionQueued_Stop()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 3, 1);

            var output = s.Invoke("Get-IoTJobExecution -JobId $args[0] -Status QUEUED | Stop-IoTJobExecution", job);

            Assert.Empty(s.Errors);
            Assert.Equal(new[] { things[0], things[2] }, output.Select(o => ((JobExecution)o.BaseObject).ThingName).OrderBy(x => x));
            Assert.Equal("IN_PROGRESS", State(_fx.Emulator, things[1], job).Status);
        }

        [Fact]
        public void Pipeline_GetThingByType_StopJobWithForce()
        {
            using var s = _fx.Open();
            var (job, things) = Names(2, "sensor");
            var type = "sensor-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            _fx.Emulator.Store.Seed(job, things, new[] { things[0] }, thingTypeName: type);

            var output = s.Invoke("Get-IoTThing -ThingTypeName $args[0] | Stop-IoTJobExecution -JobId $args[1] -Force -Confirm:$false", type, job);

            Assert.Empty(s.Errors);
            Assert.Equal(2, output.Count);
            Assert.All(things, t => Assert.Equal("CANCELED", State(_fx.Emulator, t, job).Status));
            Assert.All(output, o => Assert.Equal(JobExecutionStatus.CANCELED, ((JobExecution)o.BaseObject).Status));
            // The IN_PROGRESS one was canceled by force, and its output says so.
            Assert.True(output.Select(o => (JobExecution)o.BaseObject).Single(e => e.ThingName == things[0]).ForceCanceled);
        }

        [Fact]
        public void Pipeline_GetJobInProgress_StopOnOneThing_WhatIf()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 1);
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke("Get-IoTJob -Status IN_PROGRESS | Stop-IoTJobExecution -ThingName $args[0] -WhatIf", things[0]);

            Assert.Empty(output);
            Assert.Contains(host.Output, l => l.StartsWith("What if:") && l.Contains(job) && l.Contains(things[0]));
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
            Assert.Equal("QUEUED", State(_fx.Emulator, things[0], job).Status);
        }

        [Fact]
        public void NoArguments_ReportsTheMissingNames()
        {
            using var s = _fx.Open();
            var output = s.Invoke("try { Stop-IoTJobExecution } catch { $_ }");
            var error = Assert.IsType<ErrorRecord>(Assert.Single(output).BaseObject);
            Assert.Equal($"MissingThingName,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains("-ThingName and -JobId are missing", error.Exception.Message);

            output = s.Invoke("try { Stop-IoTJobExecution -JobId fw } catch { $_ }");
            error = Assert.IsType<ErrorRecord>(Assert.Single(output).BaseObject);
            Assert.Equal($"MissingThingName,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains("-ThingName is missing", error.Exception.Message);
        }
    }
}
