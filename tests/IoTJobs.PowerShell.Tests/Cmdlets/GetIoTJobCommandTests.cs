namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>Get-IoTJob against the in-process emulator: describe many, list with filters, binding, errors, view.</summary>
    public sealed class GetIoTJobCommandTests : IClassFixture<EmulatorFixture>
    {
        private const string Fqid = ",IoTJobs.PowerShell.Cmdlets.GetIoTJobCommand";
        private readonly EmulatorFixture _fx;

        public GetIoTJobCommandTests(EmulatorFixture fixture) => _fx = fixture;

        private EmulatorStore Store => _fx.Emulator.Store;
        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private long Count(string op) => _fx.Emulator.RequestCount(op);
        private static Job[] Jobs(IEnumerable<PSObject> output) => output.Select(o => (Job)o.BaseObject).ToArray();

        private string SeedJob(int things = 2, params string[] inProgress)
        {
            var job = Unique("job");
            var names = Enumerable.Range(1, things).Select(i => $"{job}-t{i}").ToArray();
            Store.Seed(job, names, inProgress.Select(i => names[int.Parse(i)]).ToList());
            return job;
        }

        [Fact]
        public void Describe_many_with_counts_and_not_found_continuing()
        {
            var j1 = SeedJob(3, "0");
            var j2 = SeedJob(1);
            using var s = _fx.Open();
            var before = Count(Operations.DescribeJob);
            var result = Jobs(s.Invoke("Get-IoTJob -JobId $args[0], 'no-such-job', $args[1]", j1, j2));
            Assert.Equal(new[] { j1, j2 }, result.Select(j => j.JobId));
            Assert.Equal(JobStatus.IN_PROGRESS, result[0].Status);
            Assert.Equal(2, result[0].QueuedCount);
            Assert.Equal(1, result[0].InProgressCount);
            Assert.Equal(Store.JobArn(j1), result[0].JobArn);
            Assert.Equal("us-east-1", result[0].Region);
            var err = Assert.Single(s.Errors);
            Assert.Equal("JobNotFound" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, err.CategoryInfo.Category);
            Assert.Equal("no-such-job", err.TargetObject);
            Assert.Equal("no-such-job", ((IoTJobsException)err.Exception).JobId);
            Assert.Equal(before + 3, Count(Operations.DescribeJob));
        }

        [Fact]
        public void Positional_and_arn_job_ids()
        {
            var job = SeedJob();
            using var s = _fx.Open();
            Assert.Equal(job, Jobs(s.Invoke("Get-IoTJob $args[0]", job)).Single().JobId);
            Assert.Equal(job, Jobs(s.Invoke("Get-IoTJob -JobId $args[0]", Store.JobArn(job))).Single().JobId);
            s.Invoke("Get-IoTJob -JobId $args[0]", Store.ThingArn("x"));
            Assert.Contains("ParameterArgumentTransformationError", Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void List_filters_by_status_and_target_selection_on_the_server()
        {
            var running = SeedJob(1);
            var canceled = SeedJob(1);
            Store.CancelJob(canceled);
            var continuous = Unique("job");
            Store.CreateThing(continuous + "-t");
            Store.CreateJob(continuous, new[] { Store.ThingArn(continuous + "-t") }, "{}", targetSelection: "CONTINUOUS");
            using var s = _fx.Open();
            var all = Jobs(s.Invoke("Get-IoTJob")).Select(j => j.JobId).ToArray();
            Assert.Contains(running, all);
            Assert.Contains(canceled, all);
            var canceledOnly = Jobs(s.Invoke("Get-IoTJob -Status CANCELED"));
            Assert.Contains(canceled, canceledOnly.Select(j => j.JobId));
            Assert.DoesNotContain(running, canceledOnly.Select(j => j.JobId));
            Assert.All(canceledOnly, j => Assert.Equal(JobStatus.CANCELED, j.Status));
            var cont = Jobs(s.Invoke("Get-IoTJob -TargetSelection CONTINUOUS"));
            Assert.Equal(continuous, Assert.Single(cont).JobId);
            Assert.Equal(TargetSelection.CONTINUOUS, cont[0].TargetSelection);
            Assert.Null(cont[0].QueuedCount); // a list summary has no process details: not invented
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void List_pages_and_select_first_stops_early()
        {
            for (int i = 0; i < 6; i++) SeedJob(1);
            using var s = _fx.Open();
            var before = Count(Operations.ListJobs);
            var all = s.Invoke("Get-IoTJob -PageSize 2");
            Assert.True(all.Count >= 6);
            var pages = Count(Operations.ListJobs) - before;
            Assert.True(pages >= 3, $"{all.Count} jobs at page size 2 took {pages} requests");
            before = Count(Operations.ListJobs);
            Assert.Equal(3, s.Invoke("Get-IoTJob -PageSize 2 | Select-Object -First 3").Count);
            Assert.Equal(before + 2, Count(Operations.ListJobs));
        }

        [Fact]
        public void Piped_strings_executions_csv_and_awstools_objects_bind_jobid()
        {
            var job = SeedJob(2);
            using var s = _fx.Open();
            Assert.Equal(job, Jobs(s.Invoke("$args[0] | Get-IoTJob", job)).Single().JobId);
            // Every execution of the job names it: one describe per piped execution.
            var fromExecutions = Jobs(s.Invoke("Get-IoTJobExecution -JobId $args[0] | Get-IoTJob", job));
            Assert.Equal(2, fromExecutions.Length);
            Assert.All(fromExecutions, j => Assert.Equal(job, j.JobId));
            Assert.Equal(job, Jobs(s.Invoke("\"JobId`n$($args[0])\" | ConvertFrom-Csv | Get-IoTJob", job)).Single().JobId);
            Assert.Equal(job, Jobs(s.Invoke("[pscustomobject]@{ JobArn = $args[0]; Status = 'IN_PROGRESS' } | Get-IoTJob", Store.JobArn(job))).Single().JobId);
            Assert.Equal(job, Jobs(s.Invoke("Get-IoTJob -JobId $args[0] | Get-IoTJob", job)).Single().JobId);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Bad_input_fails_before_any_request()
        {
            using var s = _fx.Open();
            var before = Count(Operations.DescribeJob) + Count(Operations.ListJobs);
            s.Invoke("Get-IoTJob -JobId 'bad.id'");
            Assert.Contains("'bad.id'", Assert.Single(s.Errors).Exception.Message);
            var caught = s.Invoke("try { Get-IoTJob -Status Unknown } catch { $_.FullyQualifiedErrorId }");
            Assert.Equal("InvalidStatus" + Fqid, Assert.Single(caught).ToString());
            s.Invoke("Get-IoTJob -Status DONE");
            Assert.Contains("DONE", Assert.Single(s.Errors).Exception.Message);
            s.Invoke("Get-IoTJob -ThingGroupName 'a b'");
            Assert.StartsWith("ParameterArgumentValidationError", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Equal(before, Count(Operations.DescribeJob) + Count(Operations.ListJobs));
        }

        [Fact]
        public void Status_tab_completes_the_services_values()
        {
            using var s = _fx.Open();
            var matches = s.Invoke("$i = 'Get-IoTJob -Status C'; (TabExpansion2 -inputScript $i -cursorColumn $i.Length).CompletionMatches.CompletionText");
            Assert.Equal(new[] { "CANCELED", "COMPLETED" }, matches.Select(m => m.ToString()));
        }

        [Fact]
        public void Table_view_shows_the_scanning_columns()
        {
            var job = SeedJob(2);
            using var s = _fx.Open();
            var text = string.Concat(s.Invoke("Get-IoTJob -JobId $args[0] | Out-String -Width 200", job));
            foreach (var column in new[] { "JobId", "Status", "Queued", "InProgress", "LastUpdatedAt", "Region" })
                Assert.Contains(column, text);
            Assert.Contains(job, text);
            Assert.DoesNotContain("CanceledCount", text);
        }
    }
}
