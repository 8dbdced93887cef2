namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>Get-IoTJobExecution against the in-process emulator: every mode, every binding path, streaming, errors.</summary>
    public sealed class GetIoTJobExecutionCommandTests : IClassFixture<EmulatorFixture>
    {
        private const string Fqid = ",IoTJobs.PowerShell.Cmdlets.GetIoTJobExecutionCommand";
        private readonly EmulatorFixture _fx;

        public GetIoTJobExecutionCommandTests(EmulatorFixture fixture) => _fx = fixture;

        private EmulatorStore Store => _fx.Emulator.Store;

        // Unique names per test: the emulator is shared by the class.
        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        private (string Job, string[] Things) Seed(int count, params string[] inProgressIndexes)
        {
            var job = Unique("job");
            var things = Enumerable.Range(1, count).Select(i => $"{job}-t{i}").ToArray();
            Store.Seed(job, things, inProgressIndexes.Select(i => things[int.Parse(i)]).ToList());
            return (job, things);
        }

        private long Count(string op) => _fx.Emulator.RequestCount(op);

        private static JobExecution[] Executions(IEnumerable<PSObject> output) => output.Select(o => (JobExecution)o.BaseObject).ToArray();

        [Fact]
        public void Describe_both_names_returns_full_detail_with_version()
        {
            var (job, things) = Seed(2, "1");
            using var s = _fx.Open();
            var before = Count(Operations.DescribeJobExecution);
            var result = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -JobId $args[1]", things[1], job));
            Assert.Empty(s.Errors);
            var e = Assert.Single(result);
            Assert.Equal(things[1], e.ThingName);
            Assert.Equal(job, e.JobId);
            Assert.Equal(JobExecutionStatus.IN_PROGRESS, e.Status);
            Assert.Equal("IN_PROGRESS", e.StatusText);
            Assert.NotNull(e.VersionNumber);
            Assert.Equal(1L, e.ExecutionNumber);
            Assert.Equal("us-east-1", e.Region);
            Assert.Equal(before + 1, Count(Operations.DescribeJobExecution));
        }

        [Fact]
        public void Describe_arrays_describe_every_pair()
        {
            var (job1, things) = Seed(2);
            var job2 = Unique("job");
            Store.CreateJob(job2, things.Select(Store.ThingArn).ToList(), "{}");
            using var s = _fx.Open();
            var result = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -JobId $args[1]", things, new[] { job1, job2 }));
            Assert.Empty(s.Errors);
            var pairs = result.Select(e => e.ThingName + "/" + e.JobId).OrderBy(x => x).ToArray();
            var expected = things.SelectMany(t => new[] { t + "/" + job1, t + "/" + job2 }).OrderBy(x => x).ToArray();
            Assert.Equal(expected, pairs);
        }

        [Fact]
        public void Describe_execution_number_and_status_filter()
        {
            var (job, things) = Seed(1);
            using var s = _fx.Open();
            var hit = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -JobId $args[1] -ExecutionNumber 1 -Status QUEUED", things[0], job));
            Assert.Single(hit);
            // Describe has no status filter on the wire: the cmdlet filters, so a mismatch returns nothing and no error.
            var miss = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -JobId $args[1] -Status IN_PROGRESS", things[0], job));
            Assert.Empty(miss);
            Assert.Empty(s.Errors);
            s.Invoke("Get-IoTJobExecution -ThingName $args[0] -JobId $args[1] -ExecutionNumber 7", things[0], job);
            Assert.Equal("JobExecutionNotFound" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void List_for_job_fills_names_and_leaves_version_null_across_pages()
        {
            var (job, things) = Seed(5);
            using var s = _fx.Open();
            var before = Count(Operations.ListJobExecutionsForJob);
            var result = Executions(s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 2", job));
            Assert.Empty(s.Errors);
            Assert.Equal(things.OrderBy(x => x), result.Select(e => e.ThingName).OrderBy(x => x));
            Assert.All(result, e =>
            {
                Assert.Equal(job, e.JobId);
                Assert.Null(e.VersionNumber); // the list summary has none; it is never invented
                Assert.Equal(JobExecutionStatus.QUEUED, e.Status);
                Assert.Equal("us-east-1", e.Region);
                Assert.StartsWith("arn:aws:iot:us-east-1:", e.ThingArn);
            });
            Assert.Equal(before + 3, Count(Operations.ListJobExecutionsForJob)); // 2 + 2 + 1
        }

        [Fact]
        public void List_for_thing_fills_thing_name_from_the_request()
        {
            var (job1, things) = Seed(1);
            var job2 = Unique("job");
            Store.CreateJob(job2, new[] { Store.ThingArn(things[0]) }, "{}");
            using var s = _fx.Open();
            var before = Count(Operations.ListJobExecutionsForThing);
            var result = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -PageSize 1", things[0]));
            Assert.Empty(s.Errors);
            Assert.Equal(new[] { job1, job2 }.OrderBy(x => x), result.Select(e => e.JobId).OrderBy(x => x));
            Assert.All(result, e => { Assert.Equal(things[0], e.ThingName); Assert.Null(e.VersionNumber); Assert.NotNull(e.ExecutionNumber); });
            Assert.True(Count(Operations.ListJobExecutionsForThing) - before >= 2, "two items at page size 1 need at least two requests");
        }

        [Fact]
        public void Status_filters_lists_on_the_server()
        {
            var (job, things) = Seed(4, "0", "2");
            using var s = _fx.Open();
            var forJob = Executions(s.Invoke("Get-IoTJobExecution -JobId $args[0] -Status IN_PROGRESS", job));
            Assert.Equal(new[] { things[0], things[2] }, forJob.Select(e => e.ThingName).OrderBy(x => x));
            var forThing = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -Status QUEUED", things[0]));
            Assert.Empty(forThing);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Detailed_describes_each_listed_execution()
        {
            var (job, things) = Seed(3, "1");
            using var s = _fx.Open();
            var before = Count(Operations.DescribeJobExecution);
            var result = Executions(s.Invoke("Get-IoTJobExecution -JobId $args[0] -Detailed -PageSize 2", job));
            Assert.Empty(s.Errors);
            Assert.Equal(3, result.Length);
            Assert.All(result, e => Assert.NotNull(e.VersionNumber));
            Assert.Equal(before + 3, Count(Operations.DescribeJobExecution));
            var thingList = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -Detailed", things[1]));
            Assert.Equal(JobExecutionStatus.IN_PROGRESS, Assert.Single(thingList).Status);
            Assert.NotNull(thingList[0].VersionNumber);
        }

        [Fact]
        public void Select_First_stops_paging_early()
        {
            var (job, _) = Seed(10);
            using var s = _fx.Open();
            var before = Count(Operations.ListJobExecutionsForJob);
            var result = s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 2 | Select-Object -First 3", job);
            Assert.Equal(3, result.Count);
            // Items 1-2 come from page 1, item 3 from page 2; pages 3-5 are never requested.
            Assert.Equal(before + 2, Count(Operations.ListJobExecutionsForJob));
        }

        [Fact]
        public void Piped_job_lists_its_executions_and_piped_thing_lists_its_executions()
        {
            var (job, things) = Seed(3);
            using var s = _fx.Open();
            var forJob = Executions(s.Invoke("Get-IoTJob -JobId $args[0] | Get-IoTJobExecution", job));
            Assert.Equal(things, forJob.Select(e => e.ThingName).OrderBy(x => x));
            var forThing = Executions(s.Invoke("Get-IoTThing -ThingName $args[0] | Get-IoTJobExecution", things[2]));
            Assert.Equal(job, Assert.Single(forThing).JobId);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Piped_execution_objects_are_described()
        {
            var (job, things) = Seed(3);
            using var s = _fx.Open();
            var before = Count(Operations.DescribeJobExecution);
            var result = Executions(s.Invoke("Get-IoTJobExecution -JobId $args[0] | Get-IoTJobExecution", job));
            Assert.Empty(s.Errors);
            Assert.Equal(3, result.Length);
            Assert.All(result, e => Assert.NotNull(e.VersionNumber));
            Assert.Equal(before + 3, Count(Operations.DescribeJobExecution));
        }

        [Fact]
        public void Piped_strings_fill_the_missing_name()
        {
            var (job, things) = Seed(2);
            using var s = _fx.Open();
            var described = Executions(s.Invoke("$args[0] | Get-IoTJobExecution -JobId $args[1]", things, job));
            Assert.Equal(things, described.Select(e => e.ThingName).OrderBy(x => x));
            Assert.All(described, e => Assert.NotNull(e.VersionNumber));
            var listed = Executions(s.Invoke("$args[0] | Get-IoTJobExecution", things[0]));
            Assert.Equal(job, Assert.Single(listed).JobId);
            Assert.Null(listed[0].VersionNumber);
            var byJob = Executions(s.Invoke("$args[0] | Get-IoTJobExecution -ThingName $args[1]", job, things[1]));
            Assert.Equal(things[1], Assert.Single(byJob).ThingName);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Piped_arn_strings_bind_by_kind()
        {
            var (job, things) = Seed(2);
            using var s = _fx.Open();
            var jobArn = Store.JobArn(job);
            var listed = Executions(s.Invoke("$args[0] | Get-IoTJobExecution", jobArn));
            Assert.Equal(2, listed.Length);
            var described = Executions(s.Invoke("$args[0] | Get-IoTJobExecution -JobId $args[1]", Store.ThingArn(things[0]), job));
            Assert.Equal(things[0], Assert.Single(described).ThingName);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Arns_as_parameters_become_names_and_wrong_kind_is_refused_before_any_request()
        {
            var (job, things) = Seed(1);
            using var s = _fx.Open();
            var ok = Executions(s.Invoke("Get-IoTJobExecution -ThingName $args[0] -JobId $args[1]", Store.ThingArn(things[0]), Store.JobArn(job)));
            Assert.Equal(things[0], Assert.Single(ok).ThingName);
            var before = Count(Operations.DescribeJobExecution) + Count(Operations.ListJobExecutionsForThing);
            s.Invoke("Get-IoTJobExecution -ThingName $args[0]", Store.JobArn(job));
            var err = Assert.Single(s.Errors);
            Assert.Contains("ParameterArgumentTransformationError", err.FullyQualifiedErrorId);
            Assert.Contains("job ARN", err.Exception.Message);
            Assert.Equal(before, Count(Operations.DescribeJobExecution) + Count(Operations.ListJobExecutionsForThing));
        }

        [Fact]
        public void Csv_rows_bind_by_column_name()
        {
            var (job, things) = Seed(2);
            using var s = _fx.Open();
            var csv = "ThingName,JobId\n" + string.Join("\n", things.Select(t => t + "," + job));
            var described = Executions(s.Invoke("$args[0] | ConvertFrom-Csv | Get-IoTJobExecution", csv));
            Assert.Equal(things, described.Select(e => e.ThingName).OrderBy(x => x));
            Assert.All(described, e => Assert.NotNull(e.VersionNumber));
            var jobsOnly = Executions(s.Invoke("\"JobId`n$($args[0])\" | ConvertFrom-Csv | Get-IoTJobExecution", job));
            Assert.Equal(2, jobsOnly.Length);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void AwsTools_shaped_objects_bind_with_arns_and_nested_summary()
        {
            var (job, things) = Seed(2);
            using var s = _fx.Open();
            // Get-IOTJobExecutionsForJobList output: ThingArn + nested JobExecutionSummary (no JobId).
            var forJob = Executions(s.Invoke(
                "[pscustomobject]@{ ThingArn = $args[0]; JobExecutionSummary = [pscustomobject]@{ ExecutionNumber = [long]1; Status = 'QUEUED' } } | Get-IoTJobExecution -JobId $args[1]",
                Store.ThingArn(things[0]), job));
            Assert.Equal(things[0], Assert.Single(forJob).ThingName);
            Assert.Equal(1L, forJob[0].ExecutionNumber);
            Assert.NotNull(forJob[0].VersionNumber);
            // A wrong nested execution number really is used (the describe asks for it and finds none).
            s.Invoke("[pscustomobject]@{ ThingArn = $args[0]; JobExecutionSummary = [pscustomobject]@{ ExecutionNumber = [long]9 } } | Get-IoTJobExecution -JobId $args[1]",
                Store.ThingArn(things[0]), job);
            Assert.Equal("JobExecutionNotFound" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
            // Get-IOTJobExecutionsForThingList output: JobId + nested summary, no thing: lists the job.
            var forThingShape = Executions(s.Invoke(
                "[pscustomobject]@{ JobId = $args[0]; JobExecutionSummary = [pscustomobject]@{ ExecutionNumber = [long]1 } } | Get-IoTJobExecution", job));
            Assert.Equal(2, forThingShape.Length);
            // Get-IOTJob output: JobArn; Get-IOTJobExecution output: JobId + ThingArn + ExecutionNumber.
            var byJobArn = Executions(s.Invoke("[pscustomobject]@{ JobArn = $args[0] } | Get-IoTJobExecution", Store.JobArn(job)));
            Assert.Equal(2, byJobArn.Length);
            var awsExecution = Executions(s.Invoke(
                "[pscustomobject]@{ JobId = $args[0]; ThingArn = $args[1]; ExecutionNumber = [long]1; VersionNumber = [long]1 } | Get-IoTJobExecution",
                job, Store.ThingArn(things[1])));
            Assert.Equal(things[1], Assert.Single(awsExecution).ThingName);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Not_found_is_non_terminating_and_the_rest_goes_on()
        {
            var (job, things) = Seed(2);
            using var s = _fx.Open();
            var input = new[] { things[0], "no-such-thing", things[1] };
            var result = Executions(s.Invoke("$args[0] | Get-IoTJobExecution -JobId $args[1]", input, job));
            Assert.Equal(new[] { things[0], things[1] }, result.Select(e => e.ThingName));
            var err = Assert.Single(s.Errors);
            Assert.Equal("JobExecutionNotFound" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, err.CategoryInfo.Category);
            Assert.Equal("no-such-thing/" + job, err.TargetObject);
            var ex = Assert.IsType<IoTJobsException>(err.Exception);
            Assert.Equal("no-such-thing", ex.ThingName);
            Assert.Equal(job, ex.JobId);
            Assert.Equal(404, ex.StatusCode);
            Assert.Equal("ResourceNotFoundException", ex.ErrorCode);

            s.Invoke("Get-IoTJobExecution -JobId no-such-job, $args[0]", job);
            Assert.Equal("JobNotFound" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Equal("no-such-job", s.Errors[0].TargetObject);
            s.Invoke("Get-IoTJobExecution -ThingName no-such-thing");
            Assert.Equal("ThingNotFound" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public async Task Throttling_and_service_failures_after_retries_are_per_item_errors()
        {
            // One DescribeJobExecution per 100 s: the first item gets the only token, the second is throttled on every attempt.
            var throttledTask = EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, RateLimit = 0.01, RateLimitBurst = 1 });
            // Every request fails (503 or a dropped connection).
            var failingTask = EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, FaultRate = 1.0, Seed = 7 });
            await using var throttled = await throttledTask;
            await using var failing = await failingTask;
            throttled.Store.Seed("tj", new[] { "ta", "tb" });
            failing.Store.Seed("fj", new[] { "fa" });
            using var s = _fx.Open();

            var output = Executions(s.Invoke("'ta', 'tb' | Get-IoTJobExecution -JobId tj -EndpointUrl $args[0]", throttled.BaseAddress.ToString()));
            Assert.Equal("ta", Assert.Single(output).ThingName);
            var err = Assert.Single(s.Errors);
            Assert.Equal("Throttled" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, err.CategoryInfo.Category);
            var ex = Assert.IsType<IoTJobsException>(err.Exception);
            Assert.Equal("ThrottlingException", ex.ErrorCode);
            Assert.Equal("tb", ex.ThingName);
            Assert.Null(err.ErrorDetails?.RecommendedAction); // the message already says "retry later"

            // Non-terminating: the statement after the failing command still runs.
            var after = s.Invoke("Get-IoTJobExecution -ThingName fa -JobId fj -EndpointUrl $args[0]; 'next statement ran'", failing.BaseAddress.ToString());
            Assert.Equal("next statement ran", Assert.Single(after).ToString());
            var failure = Assert.Single(s.Errors);
            Assert.Equal("ServiceError" + Fqid, failure.FullyQualifiedErrorId);
            Assert.Equal("fa/fj", failure.TargetObject);
            // A failure with no next step in its message gets one as the recommendation; the request id stays on the exception.
            Assert.Equal(IoTJobsCmdlet.TransientAdvice, failure.ErrorDetails?.RecommendedAction);
            Assert.DoesNotContain("request id", failure.ErrorDetails!.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void Invalid_names_fail_before_any_request_naming_the_value()
        {
            using var s = _fx.Open();
            var before = Count(Operations.ListJobExecutionsForThing) + Count(Operations.DescribeJobExecution) + Count(Operations.ListJobExecutionsForJob);
            s.Invoke("Get-IoTJobExecution -ThingName 'bad thing!'");
            var err = Assert.Single(s.Errors);
            Assert.StartsWith("ParameterArgumentValidationError", err.FullyQualifiedErrorId);
            Assert.Contains("'bad thing!'", err.Exception.Message);
            s.Invoke("Get-IoTJobExecution -JobId ('j' * 65)");
            Assert.Contains("65 characters", Assert.Single(s.Errors).Exception.Message);
            s.Invoke("'bad thing!' | Get-IoTJobExecution -JobId j1");
            Assert.Equal("InvalidPipedName" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
            s.Invoke("Get-IoTJobExecution -JobId j1 -PageSize 251");
            Assert.StartsWith("ParameterArgumentValidationError", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Equal(before, Count(Operations.ListJobExecutionsForThing) + Count(Operations.DescribeJobExecution) + Count(Operations.ListJobExecutionsForJob));
        }

        [Fact]
        public void Missing_names_and_misplaced_execution_number_are_clear_errors()
        {
            using var s = _fx.Open();
            var caught = s.Invoke("try { Get-IoTJobExecution } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }");
            Assert.Equal("MissingThingNameOrJobId" + Fqid, caught[0].ToString());
            Assert.Contains("-JobId", caught[1].ToString());
            caught = s.Invoke("try { Get-IoTJobExecution -JobId j1 -ExecutionNumber 2 } catch { $_.FullyQualifiedErrorId }");
            Assert.Equal("ExecutionNumberNeedsThingAndJob" + Fqid, Assert.Single(caught).ToString());
            caught = s.Invoke("try { Get-IoTJobExecution -JobId j1 -Status Unknown } catch { $_.FullyQualifiedErrorId }");
            Assert.Equal("InvalidStatus" + Fqid, Assert.Single(caught).ToString());
            // A piped object with no usable name is that object's error alone.
            var (job, _) = Seed(1);
            var output = s.Invoke("[pscustomobject]@{ Other = 1 }, [pscustomobject]@{ JobId = $args[0] } | Get-IoTJobExecution", job);
            Assert.Single(output);
            Assert.Equal("MissingThingNameOrJobId" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void Status_is_an_enum_that_tab_completes()
        {
            using var s = _fx.Open();
            var matches = s.Invoke("$i = 'Get-IoTJobExecution -Status IN_'; (TabExpansion2 -inputScript $i -cursorColumn $i.Length).CompletionMatches.CompletionText");
            Assert.Equal(new[] { "IN_PROGRESS" }, matches.Select(m => m.ToString()));
            var all = s.Invoke("$i = 'Get-IoTJobExecution -Status '; (TabExpansion2 -inputScript $i -cursorColumn $i.Length).CompletionMatches.CompletionText")
                .Select(m => m.ToString()).ToArray();
            foreach (var value in new[] { "QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED" })
                Assert.Contains(value, all);
            s.Invoke("Get-IoTJobExecution -JobId j1 -Status RUNNING");
            Assert.Contains("RUNNING", Assert.Single(s.Errors).Exception.Message);
        }

        [Fact]
        public async Task Region_flows_from_piped_objects_into_the_signature_and_the_output()
        {
            // An emulator that serves only eu-west-1 refuses requests signed for any other region (403).
            await using var eu = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Region = "eu-west-1" });
            eu.Store.Seed("eu-job", new[] { "eu-thing" });
            using var s = _fx.Open(); // session default: -Region us-east-1
            var result = Executions(s.Invoke(
                "[pscustomobject]@{ ThingName = 'eu-thing'; JobId = 'eu-job'; Region = 'eu-west-1' } | Get-IoTJobExecution -EndpointUrl $args[0]",
                eu.BaseAddress.ToString()));
            Assert.Empty(s.Errors);
            Assert.Equal("eu-west-1", Assert.Single(result).Region);
            // The objects carry the region on: piping them again signs for eu-west-1 again.
            var again = Executions(s.Invoke(
                "Get-IoTJobExecution -JobId eu-job -Region eu-west-1 -EndpointUrl $args[0] | Get-IoTJobExecution -EndpointUrl $args[0]",
                eu.BaseAddress.ToString()));
            Assert.Empty(s.Errors);
            Assert.Equal("eu-west-1", Assert.Single(again).Region);
            Assert.NotNull(again[0].VersionNumber);
            // Without a piped Region the session's us-east-1 is used, which this endpoint refuses: that item's AccessDenied.
            var refused = s.Invoke(
                "[pscustomobject]@{ ThingName = 'eu-thing'; JobId = 'eu-job' } | Get-IoTJobExecution -EndpointUrl $args[0]",
                eu.BaseAddress.ToString());
            Assert.Empty(refused);
            Assert.Equal("AccessDenied" + Fqid, Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void Verbose_says_where_settings_came_from_and_each_request()
        {
            var (job, _) = Seed(3);
            using var s = _fx.Open();
            s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 2 -Verbose", job);
            Assert.Empty(s.Errors);
            var all = string.Join("\n", s.Verbose);
            Assert.Contains("Credentials", all);
            Assert.Contains("us-east-1", all);
            Assert.True(s.Verbose.Count(v => v.Contains("/jobs/" + job + "/things")) >= 2, all);
            Assert.DoesNotContain("Signature=", all);
            Assert.DoesNotContain("Authorization", all, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void Table_view_shows_the_scanning_columns()
        {
            var (job, things) = Seed(2);
            using var s = _fx.Open();
            var text = string.Concat(s.Invoke("Get-IoTJobExecution -JobId $args[0] -Detailed | Out-String -Width 200", job));
            foreach (var column in new[] { "ThingName", "JobId", "Status", "Version", "LastUpdatedAt" })
                Assert.Contains(column, text);
            Assert.Contains(things[0], text);
            Assert.Contains("QUEUED", text);
            Assert.DoesNotContain("StatusDetails", text); // a table, not the default list of every property
        }

        [Fact]
        public async Task CtrlC_cancels_the_in_flight_request_at_once()
        {
            // The emulator holds its answer for a second of its clock, which never moves: only Ctrl+C can end the request.
            await using var slow = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, LatencyMs = 1000, TimeProvider = TestClock.Stopped() });
            slow.Store.Seed("slow-job", new[] { "slow-thing" });
            using var s = _fx.Open();
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("Get-IoTJobExecution -JobId slow-job -EndpointUrl $args[0]").AddArgument(slow.BaseAddress.ToString());
            var async = ps.BeginInvoke();
            await Wait.UntilAsync(() => slow.InFlightRequests == 1, "the list request is waiting in the emulator");
            Assert.False(async.IsCompleted);
            PowerShellSession.Stop(ps, Wait.Bound);
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
            await Wait.UntilAsync(() => slow.InFlightRequests == 0, "the client gave up the request in flight");
        }
    }
}
