using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Issue 10: nothing is canceled that was not named, under the conditions given, and every cancel is reported. Each
    /// case asserts on the emulator's state afterwards (what the server canceled), not only on what the cmdlet printed.
    /// </summary>
    public sealed class CancelCommandTests : IClassFixture<EmulatorFixture>
    {
        private const string StopJobType = "IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand";
        private readonly EmulatorFixture _fx;
        public CancelCommandTests(EmulatorFixture fx) => _fx = fx;

        private string JobState(string job) => _fx.Emulator.Store.DescribeJob(job).Status;
        private int Canceled(EmulatorHost emulator, string job) => emulator.Store.DescribeJob(job).StatusCounts.GetValueOrDefault("CANCELED");

        // ---- binding that cannot cross kinds -----------------------------------------------------------------

        [Fact]
        public void Thing_PipedToStopIoTJob_NeverBecomesAJobId()
        {
            // A thing named like a job: by-value binding through ToString() used to cancel the job 'gw-…' everywhere.
            using var s = _fx.Open();
            var (job, _) = Seed(_fx.Emulator, 2);
            _fx.Emulator.Store.CreateThing(job); // a thing with the job's name
            var before = _fx.Emulator.RequestCount("CancelJob");

            var output = s.Invoke("Get-IoTThing -ThingName $args[0] | Stop-IoTJob -Confirm:$false", job);

            Assert.Empty(output);
            var error = Assert.Single(s.Errors);
            Assert.Equal($"MissingJobId,{StopJobType}", error.FullyQualifiedErrorId);
            Assert.Contains($"Thing '{job}'", error.Exception.Message);
            Assert.Contains("Stop-IoTJobExecution", error.Exception.Message);
            Assert.Equal(0, _fx.Emulator.RequestCount("CancelJob") - before);
            Assert.Equal("IN_PROGRESS", JobState(job));
        }

        [Fact]
        public void Job_PipedToStopIoTJobExecution_WithoutThingName_NeverBecomesAThingName()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            _fx.Emulator.Store.Seed(job + "-x", new[] { job }); // a thing named like the job, with an execution of another job
            var before = Cancels(_fx.Emulator);

            var output = s.Invoke("Get-IoTJob -JobId $args[0] | Stop-IoTJobExecution -Force -Confirm:$false", job);

            Assert.Empty(output);
            var error = Assert.Single(s.Errors);
            Assert.Equal($"MissingThingName,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains($"Job '{job}'", error.Exception.Message);
            Assert.Contains($"Get-IoTJobExecution -JobId {job}", error.Exception.Message);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
            Assert.Equal("QUEUED", State(_fx.Emulator, things[0], job).Status);
        }

        [Fact]
        public void Jobs_PipedWithWhatIf_ListNoMadeUpExecutions()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host);
            var (job, _) = Seed(_fx.Emulator, 1);

            s.Invoke("Get-IoTJob -JobId $args[0] | Stop-IoTJobExecution -WhatIf", job);

            Assert.DoesNotContain(host.Output, l => l.StartsWith("What if:", StringComparison.Ordinal));
            Assert.Equal($"MissingThingName,{CommandType}", Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void WrongKinds_PipedToTheGetCmdlets_AreErrors_NotListsOfEverything()
        {
            // With its name unbound, Get-IoTThing would fall back to listing every thing for a piped Job: the next
            // command (Stop-IoTJobExecution -JobId ...) would then cancel on the whole fleet.
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);

            var thingsOut = s.Invoke("Get-IoTJob -JobId $args[0] | Get-IoTThing", job);
            Assert.Empty(thingsOut);
            Assert.StartsWith("MissingThingName,", Assert.Single(s.Errors).FullyQualifiedErrorId);

            var jobsOut = s.Invoke("Get-IoTThing -ThingName $args[0] | Get-IoTJob", things[0]);
            Assert.Empty(jobsOut);
            Assert.StartsWith("MissingJobId,", Assert.Single(s.Errors).FullyQualifiedErrorId);

            var before = Cancels(_fx.Emulator);
            s.Invoke("Get-IoTJob -JobId $args[0] | Get-IoTThing | Stop-IoTJobExecution -JobId $args[0] -Confirm:$false", job);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
            Assert.All(things, t => Assert.Equal("QUEUED", State(_fx.Emulator, t, job).Status));

            // Strings still name things and jobs.
            Assert.Equal(things[0], ((Thing)Assert.Single(s.Invoke("$args[0] | Get-IoTThing", things[0])).BaseObject).ThingName);
            Assert.Equal(job, ((Job)Assert.Single(s.Invoke("$args[0] | Get-IoTJob", job)).BaseObject).JobId);
        }

        [Fact]
        public void ObjectsWithoutTheNames_SayWhatWasPipedWhatWasLookedForAndWhatWorks()
        {
            using var s = _fx.Open();
            s.Invoke("'Thing,Job', 'dev-1,fw' | ConvertFrom-Csv | Stop-IoTJobExecution");
            var csv = Assert.Single(s.Errors).Exception.Message;
            Assert.Contains("@{Thing=dev-1; Job=fw}", csv);
            Assert.Contains("no ThingName or ThingArn property (its properties: Thing, Job)", csv);
            Assert.Contains("Import-Csv -Header ThingName,JobId", csv);

            s.Invoke("@{ Thing = 'dev-1'; Job = 'fw' } | Stop-IoTJobExecution");
            var hashtable = Assert.Single(s.Errors).Exception.Message;
            Assert.Contains("A hashtable was piped", hashtable);
            Assert.Contains("[pscustomobject]@{", hashtable);
        }

        [Fact]
        public void CommandLineNameThatDisagreesWithThePipedObject_IsAnError()
        {
            using var s = _fx.Open();
            var (jobA, things) = Seed(_fx.Emulator, 1);
            var (jobB, _) = Seed(_fx.Emulator, 1);
            var before = Cancels(_fx.Emulator);

            s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false", Row(("ThingName", things[0]), ("JobId", jobA)), jobB);

            var error = Assert.Single(s.Errors);
            Assert.Equal($"NameConflict,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains(jobA, error.Exception.Message);
            Assert.Contains(jobB, error.Exception.Message);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }

        // ---- Stop-IoTJob refuses anything that names an execution ----------------------------------------------

        [Theory]
        [InlineData("csv", "Get-IoTJobExecution -JobId $args[0] | ConvertTo-Csv | ConvertFrom-Csv | Stop-IoTJob -Confirm:$false")]
        [InlineData("json", "Get-IoTJobExecution -JobId $args[0] | ForEach-Object { $_ | ConvertTo-Json | ConvertFrom-Json } | Stop-IoTJob -Confirm:$false")]
        [InlineData("clixml", "$f = New-TemporaryFile; Get-IoTJobExecution -JobId $args[0] | Export-Clixml $f; Import-Clixml $f | Stop-IoTJob -Confirm:$false; Remove-Item $f")]
        [InlineData("selected", "Get-IoTJobExecution -JobId $args[0] | Select-Object ThingName, JobId | Stop-IoTJob -Confirm:$false")]
        [InlineData("aws.tools-for-thing", "[pscustomobject]@{ JobId = $args[0]; JobExecutionSummary = [pscustomobject]@{ Status = 'QUEUED'; ExecutionNumber = 1 } } | Stop-IoTJob -Confirm:$false")]
        [InlineData("arn-only", "[pscustomobject]@{ ThingArn = 'arn:aws:iot:us-east-1:123456789012:thing/x'; JobArn = \"arn:aws:iot:us-east-1:123456789012:job/$($args[0])\" } | Stop-IoTJob -Confirm:$false")]
        public void ExecutionShapedObjects_AreRefusedByStopIoTJob_WhateverTheirTypeName(string shape, string script)
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2);
            var before = _fx.Emulator.RequestCount("CancelJob");

            var output = s.Invoke(script, job);

            Assert.Empty(output);
            Assert.NotEmpty(s.Errors);
            Assert.All(s.Errors, e => Assert.Equal($"JobExecutionPipedToStopJob,{StopJobType}", e.FullyQualifiedErrorId));
            Assert.Contains("Stop-IoTJobExecution", s.Errors[0].Exception.Message);
            Assert.Equal(0, _fx.Emulator.RequestCount("CancelJob") - before);
            Assert.Equal("IN_PROGRESS", JobState(job));
            Assert.All(things, t => Assert.Equal("QUEUED", State(_fx.Emulator, t, job).Status));
            _ = shape;
        }

        // ---- conditions are never dropped -------------------------------------------------------------------

        [Theory]
        [InlineData("v7")]
        [InlineData("99999999999999999999")]
        [InlineData("1.6")]
        [InlineData("-3")]
        [InlineData("2 ")]
        public void UnreadableExpectedVersion_FailsTheItem_AndNothingIsSent(string cell)
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2, 0, 1); // both IN_PROGRESS: a cancel without the condition would succeed
            var before = Cancels(_fx.Emulator);
            var csv = $"ThingName,JobId,ExpectedVersion\n{things[0]},{job},{cell}\n{things[1]},{job},2";

            var output = s.Invoke("$args[0] | ConvertFrom-Csv | Stop-IoTJobExecution -Force -Confirm:$false", csv);

            if (cell == "2 ")
            {
                // Surrounding spaces are not a different number.
                Assert.Empty(s.Errors);
                Assert.Equal(2, output.Count);
                return;
            }
            var error = Assert.Single(s.Errors);
            Assert.Equal($"InvalidExpectedVersion,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains($"'{cell}'", error.Exception.Message);
            Assert.Contains("whole number", error.Exception.Message);
            Assert.Equal("IN_PROGRESS", State(_fx.Emulator, things[0], job).Status);
            // The next row (version 2, the current one) goes on, with its condition.
            Assert.Equal(things[1], Single(output).ThingName);
            Assert.Equal(1, Cancels(_fx.Emulator) - before);
        }

        [Fact]
        public void PipedExpectedVersion_IsTheCondition_NeverRounded()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 2, 0, 1); // IN_PROGRESS: version 2
            var stale = Row(("ThingName", things[0]), ("JobId", job), ("ExpectedVersion", "1"));
            var current = Row(("ThingName", things[1]), ("JobId", job), ("ExpectedVersion", 2.0)); // JSON's whole double

            var output = s.Invoke("$args[0], $args[1] | Stop-IoTJobExecution -Force -Confirm:$false", stale, current);

            Assert.Equal($"JobExecutionVersionConflict,{CommandType}", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Equal("IN_PROGRESS", State(_fx.Emulator, things[0], job).Status);
            Assert.Equal(things[1], Single(output).ThingName);
            Assert.Equal("CANCELED", State(_fx.Emulator, things[1], job).Status);
        }

        [Fact]
        public void BlankExpectedVersion_MeansNoCondition_AndSaysSo()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);

            var output = s.Invoke("$args[0] | ConvertFrom-Csv | Stop-IoTJobExecution -Verbose", $"ThingName,JobId,ExpectedVersion\n{things[0]},{job},");

            Assert.Empty(s.Errors);
            Assert.Equal(JobExecutionStatus.CANCELED, Single(output).Status);
            Assert.Contains(s.Verbose, v => v.Contains("ExpectedVersion is blank") && v.Contains("without a version condition"));
            Assert.DoesNotContain(s.Verbose, v => v.Contains("expected version 0"));
        }

        [Fact]
        public void PipedExpectedVersionThatDisagreesWithTheParameter_IsAnError()
        {
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 1);
            var before = Cancels(_fx.Emulator);

            s.Invoke("$args[0] | Stop-IoTJobExecution -ExpectedVersion 1", Row(("ThingName", things[0]), ("JobId", job), ("ExpectedVersion", "4")));

            Assert.Equal($"ExpectedVersionConflict,{CommandType}", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Equal(0, Cancels(_fx.Emulator) - before);
        }

        // ---- every applied cancel is reported ---------------------------------------------------------------

        [Fact]
        public async Task ErrorActionStop_StopsSending_AndReportsEveryAppliedCancel()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 15 });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Names(300);
            emulator.Store.Seed(job, things, new[] { things[9] }); // position 10 is IN_PROGRESS: its cancel fails

            var output = s.Invoke(
                "$reported = [System.Collections.Generic.List[object]]::new(); " +
                "try { Get-IoTJobExecution -JobId $args[0] | Stop-IoTJobExecution -ErrorAction Stop | ForEach-Object { $reported.Add($_) } } " +
                "catch { $caught = $_.FullyQualifiedErrorId }; [pscustomobject]@{ Reported = $reported; Caught = $caught }", job);

            var result = Assert.Single(output);
            Assert.Equal($"JobExecutionInProgress,{CommandType}", result.Properties["Caught"].Value);
            var reported = ((IEnumerable<object>)PSObject.AsPSObject(result.Properties["Reported"].Value).BaseObject)
                .Select(o => ((JobExecution)PSObject.AsPSObject(o).BaseObject).ThingName).ToList();
            var canceledOnServer = things.Where(t => emulator.Store.DescribeJobExecution(t, job).Status == "CANCELED").ToList();
            Assert.Equal(canceledOnServer.OrderBy(t => t), reported.OrderBy(t => t));
            Assert.True(canceledOnServer.Count < 300 - 1, "nothing new is sent once the error is known");
            Assert.Equal("IN_PROGRESS", emulator.Store.DescribeJobExecution(things[9], job).Status);
        }

        [Fact]
        public async Task ErrorActionPreferenceStop_BadRowMidStream_ReportsEveryAppliedCancel()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 15 });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Names(60);
            emulator.Store.Seed(job, things);
            var rows = things.Select((t, i) => Row(("ThingName", i == 40 ? "bad name" : t), ("JobId", job))).ToArray();

            var output = s.Invoke(
                "$ErrorActionPreference = 'Stop'; $reported = [System.Collections.Generic.List[object]]::new(); " +
                "try { $args[0] | Stop-IoTJobExecution | ForEach-Object { $reported.Add($_.ThingName) } } catch { }; $reported", (object)rows);

            var reported = output.Select(o => o.BaseObject.ToString()).ToList();
            var canceled = things.Where(t => emulator.Store.DescribeJobExecution(t, job).Status == "CANCELED").ToList();
            Assert.Equal(40, canceled.Count); // the 40 rows before the bad one, and none after it
            Assert.Equal(canceled.OrderBy(t => t), reported.OrderBy(t => t));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(8)]
        public async Task SelectFirst_LeavesAtMostThrottleLimitAppliedUnreported(int throttleLimit)
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 10 });
            using var s = _fx.OpenAt(emulator.Endpoint());
            var (job, things) = Names(100);
            emulator.Store.Seed(job, things);

            var output = s.Invoke($"Get-IoTJobExecution -JobId $args[0] | Stop-IoTJobExecution -ThrottleLimit {throttleLimit} | Select-Object -First 3", job);

            Assert.Equal(3, output.Count);
            var canceled = Canceled(emulator, job);
            Assert.InRange(canceled, 3, 3 + throttleLimit - 1);
            if (throttleLimit == 1) Assert.Equal(3, canceled); // exact
        }

        [Fact]
        public void PipelineVariable_OfTheUpstreamCommand_LinesUpWithEachOutput_AtThrottleLimit1()
        {
            using var s = _fx.Open();
            var (job, _) = Seed(_fx.Emulator, 12);

            var output = s.Invoke("Get-IoTJobExecution -JobId $args[0] -PipelineVariable src | Stop-IoTJobExecution -ThrottleLimit 1 | ForEach-Object { $_.ThingName -eq $src.ThingName }", job);

            Assert.Equal(12, output.Count);
            Assert.All(output, o => Assert.True((bool)o.BaseObject));
        }

        // ---- regions are independent ---------------------------------------------------------------------------

        [Fact]
        public void RefusedRegion_FailsItsOwnItems_AndTheOtherRegionsGoOn()
        {
            // The emulator serves us-east-1 only: requests signed for eu-west-1 are refused (403), as a real account
            // without access there would refuse them.
            using var s = _fx.Open();
            var (job, things) = Seed(_fx.Emulator, 4);
            var rows = new[]
            {
                Row(("ThingName", things[0]), ("JobId", job), ("Region", "us-east-1")),
                Row(("ThingName", things[1]), ("JobId", job), ("Region", "eu-west-1")),
                Row(("ThingName", things[2]), ("JobId", job), ("Region", "us-east-1")),
                Row(("ThingName", things[3]), ("JobId", job), ("Region", "eu-west-1")),
            };

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution", (object)rows);

            Assert.Equal(new[] { things[0], things[2] }, output.Select(o => ((JobExecution)o.BaseObject).ThingName));
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.Equal($"AccessDenied,{CommandType}", e.FullyQualifiedErrorId));
            Assert.Contains("eu-west-1", s.Errors[0].Exception.Message);
            Assert.StartsWith("Not sent", s.Errors[1].Exception.Message);
            Assert.Equal(new[] { "CANCELED", "QUEUED", "CANCELED", "QUEUED" }, things.Select(t => State(_fx.Emulator, t, job).Status));
        }

        [Fact]
        public void TypedRegionThatDisagreesWithThePipedObject_IsAnError_ADefaultIsNot()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host); // $PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
            var west = Exec("dev-1", "fw");
            west.Region = "eu-west-1";

            s.Invoke("$args[0] | Stop-IoTJobExecution -Region us-east-1 -WhatIf", west);
            var error = Assert.Single(s.Errors);
            Assert.Equal($"RegionConflict,{CommandType}", error.FullyQualifiedErrorId);
            Assert.Contains("us-east-1", error.Exception.Message);
            Assert.Contains("eu-west-1", error.Exception.Message);

            s.Invoke("$args[0] | Stop-IoTJobExecution -WhatIf", west);
            Assert.Empty(s.Errors);
            Assert.Contains(host.Output, l => l.StartsWith("What if:") && l.EndsWith("in eu-west-1."));
        }

        [Fact]
        public void ArnsCarryTheirRegion()
        {
            var host = new AnsweringHost(true);
            using var s = _fx.Open(host);
            var awsTools = Row(("ThingArn", "arn:aws:iot:ap-southeast-2:123456789012:thing/dev-9"), ("JobId", "fw"));

            s.Invoke("$args[0] | Stop-IoTJobExecution -WhatIf", awsTools);
            Assert.Empty(s.Errors);
            Assert.Contains(host.Output, l => l.StartsWith("What if:") && l.Contains("'dev-9'") && l.EndsWith("in ap-southeast-2."));

            s.Invoke("Stop-IoTJobExecution -ThingName arn:aws:iot:eu-west-1:123456789012:thing/dev-9 -JobId fw -Region us-east-1 -WhatIf");
            Assert.Equal($"RegionConflict,{CommandType}", Assert.Single(s.Errors).FullyQualifiedErrorId);

            var mixed = Row(("ThingArn", "arn:aws:iot:eu-west-1:123456789012:thing/dev-9"), ("JobId", "fw"), ("Region", "us-east-1"));
            s.Invoke("$args[0] | Stop-IoTJobExecution -WhatIf", mixed);
            Assert.Equal($"RegionConflict,{CommandType}", Assert.Single(s.Errors).FullyQualifiedErrorId);
        }
    }
}
