namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>Seeding and assertions shared by the Stop-IoTJobExecution test classes.</summary>
    internal static class StopTestSupport
    {
        public const string CommandType = "IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand";

        /// <summary>A job id and thing names no other test uses, so tests sharing one emulator never see each other's state.</summary>
        public static (string Job, string[] Things) Names(int things, string prefix = "t")
        {
            var tag = Guid.NewGuid().ToString("N").Substring(0, 8);
            return ("job-" + tag, Enumerable.Range(1, things).Select(i => $"{prefix}{i}-{tag}").ToArray());
        }

        /// <summary>Creates the things and the job (QUEUED executions), moving the listed things to IN_PROGRESS.</summary>
        public static (string Job, string[] Things) Seed(EmulatorHost emulator, int things, params int[] inProgress)
        {
            var (job, names) = Names(things);
            emulator.Store.Seed(job, names, inProgress.Select(i => names[i]).ToList());
            return (job, names);
        }

        public static JobExecutionSnapshot State(EmulatorHost emulator, string thing, string job) =>
            emulator.Store.DescribeJobExecution(thing, job);

        public static long Cancels(EmulatorHost emulator) => emulator.RequestCount("CancelJobExecution");

        /// <summary>An emulator that grants <paramref name="operation"/> one request, then throttles it (one more in 100 s).</summary>
        public static System.Threading.Tasks.Task<EmulatorHost> OneRequestThenThrottled(string operation) => EmulatorHost.StartAsync(new EmulatorOptions
        {
            OperationRateLimits = new Dictionary<string, double> { [operation] = 0.01 },
            RateLimitBurst = 1,
        });

        /// <summary>The module's JobExecution, as Get-IoTJobExecution would emit it.</summary>
        public static JobExecution Exec(string thing, string job, JobExecutionStatus? status = JobExecutionStatus.QUEUED, long? version = null) =>
            new JobExecution { ThingName = thing, JobId = job, Status = status, StatusText = status?.ToString(), VersionNumber = version, Region = "us-east-1" };

        /// <summary>A property bag as a CSV row or a JSON round trip brings it: note properties only, no type.</summary>
        public static PSObject Row(params (string Name, object? Value)[] properties)
        {
            var row = new PSObject();
            foreach (var (name, value) in properties) row.Properties.Add(new PSNoteProperty(name, value));
            return row;
        }

        public static JobExecution Single(IEnumerable<PSObject> output) =>
            Assert.IsType<JobExecution>(Assert.Single(output).BaseObject);

        /// <summary>Checks the error record shape every item error must have and returns its exception.</summary>
        public static IoTJobsException AssertItemError(ErrorRecord error, string errorId, ErrorCategory category, string thing, string job)
        {
            Assert.Equal($"{errorId},{CommandType}", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
            Assert.NotNull(error.TargetObject);
            var ex = Assert.IsType<IoTJobsException>(error.Exception);
            Assert.Equal(thing, ex.ThingName);
            Assert.Equal(job, ex.JobId);
            return ex;
        }
    }
}
