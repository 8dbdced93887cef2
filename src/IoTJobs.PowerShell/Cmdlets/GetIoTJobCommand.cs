namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Gets jobs: -JobId describes each (DescribeJob, with execution counts); without it, lists the account's jobs
    /// (ListJobs), filtered by the service on -Status, -TargetSelection and -ThingGroupName. The objects pipe into
    /// Get-IoTJobExecution and Stop-IoTJobExecution by JobId (and Region).
    /// </summary>
    /// <remarks>
    /// -JobId binds by property name only; a piped string is read from the hidden -InputObject as a job id. Any other
    /// piped object without a JobId/JobArn is an error for that item: PowerShell would otherwise make a job id of its
    /// ToString() (a Thing's name), or, with the name parameter left unbound, fall back to listing every job for it.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "IoTJob", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Job))]
    public sealed class GetIoTJobCommand : GetCommand
    {
        /// <summary>Job ids or job ARNs to describe; piped strings, jobs, job executions and rows with a JobId/JobArn bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DescribeSet, ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArnToName("job")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateIoTName(IoTNameKind.JobId)]
        public string[] JobId { get; set; } = Array.Empty<string>();

        /// <summary>Only jobs in this status (filtered by the service).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public JobStatus? Status { get; set; }

        /// <summary>Only CONTINUOUS or SNAPSHOT jobs.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public TargetSelection? TargetSelection { get; set; }

        /// <summary>Only jobs that target this thing group (a name or a thing group ARN).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ThingGroupNameArgument]
        [ValidateIoTName(IoTNameKind.ThingGroupName)]
        [ArgumentCompleter(typeof(ThingGroupNameCompleter))]
        public string? ThingGroupName { get; set; }

        /// <summary>Items per list request (1-250; default: the service's).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 250)]
        public int? PageSize { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Status == JobStatus.Unknown)
                Fatal("InvalidStatus", Status, "-Status Unknown stands for service values this module does not know and cannot be sent. Use one of: IN_PROGRESS, CANCELED, COMPLETED, DELETION_IN_PROGRESS, SCHEDULED.");
            if (TargetSelection == Output.TargetSelection.Unknown)
                Fatal("InvalidTargetSelection", TargetSelection, "-TargetSelection Unknown cannot be sent. Use CONTINUOUS or SNAPSHOT.");
        }

        protected override void ProcessRecord()
        {
            if (!MyInvocation.ExpectingInput && ParameterSetName == ListSet)
            {
                InCommandRegion(List);
                return;
            }
            var cl = CommandLineFor(null, JobId);
            cl.ListFilters = Status.HasValue || TargetSelection.HasValue || ThingGroupName != null || PageSize.HasValue
                ? "-Status, -TargetSelection, -ThingGroupName or -PageSize" : null;
            ForEachTarget(TargetResolver.ForJobQuery(cl, PipedInput), target => target.Job, (client, target) => DescribeOne(client, target.Job));
        }

        private void DescribeOne(IIoTJobsClient client, string job) =>
            DescribeNamed(client, "job", job, "JobNotFound", ct => client.DescribeJobAsync(job, ct), (data, region) => ModelMapper.ToJob(data, job, region), jobId: job);

        private void List(IIoTJobsClient client)
        {
            var region = client.Region;
            var request = new ListJobsRequest
            {
                Status = Status?.ToString(),
                TargetSelection = TargetSelection?.ToString(),
                ThingGroupName = ThingGroupName,
                PageSize = PageSize,
            };
            // A 404 here can only be about the thing group filter.
            WriteEach(ct => client.ListJobsAsync(request, ct), data => Report.Output(ModelMapper.ToJob(data, "", region)),
                ex => WriteServiceError(client, ex, ThingGroupName != null ? "ThingGroupNotFound" : "JobNotFound", $"Thing group '{ThingGroupName}' was not found in {region}.",
                    $"Listing jobs in {region} failed", null, null, ThingGroupName ?? (object)region));
        }

        private void Fatal(string errorId, object? target, string message) =>
            ThrowTerminatingError(NewError(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
    }
}
