namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Get-IoTJobExecution: per item, describes a pair (DescribeJobExecution) or lists a job's or a thing's executions
    /// (ListJobExecutionsForJob/ForThing), lazily; -Detailed describes the listed ones concurrently, in list order. One
    /// parameter set on purpose: what an item names decides the operation (TargetResolver), not parameter-set resolution.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "IoTJobExecution")]
    [OutputType(typeof(JobExecution))]
    public sealed class GetIoTJobExecutionCommand : GetCommand, IDisposable
    {
        /// <summary>Thing names (or thing ARNs). With -JobId: describe each pair; alone: list each thing's executions.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ThingArn")]
        [ArnToName("thing")]
        [ArgumentCompleter(typeof(ThingNameCompleter))]
        [ValidateIoTName(IoTNameKind.ThingName)]
        public string[]? ThingName { get; set; }

        /// <summary>Job ids (or job ARNs). With -ThingName: describe each pair; alone: list each job's executions.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArnToName("job")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateIoTName(IoTNameKind.JobId)]
        public string[]? JobId { get; set; }

        /// <summary>Which execution of the job on the thing to describe (default: the latest). Only with both names.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long? ExecutionNumber { get; set; }

        /// <summary>Only executions in this status (lists: filtered by the service; describe: filtered here).</summary>
        [Parameter]
        public JobExecutionStatus? Status { get; set; }

        /// <summary>The namespace of the thing's jobs (lists for a thing only; the other operations take none).</summary>
        [Parameter]
        [ValidateIoTName(IoTNameKind.NamespaceId)]
        public string? NamespaceId { get; set; }

        /// <summary>Describe every listed execution, so list results carry full detail (VersionNumber, StatusDetails, ...).</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <summary>Items per list request (1-250; default: the service's).</summary>
        [Parameter]
        [ValidateRange(1, 250)]
        public int? PageSize { get; set; }

        /// <summary>With -Detailed: a hard cap on describes in flight (1 to 256); without it the number adapts, up to 128.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; }

        // -Detailed: the describes of listed executions, in flight at once, written in list order.
        private BulkDispatcher<(string Thing, string Job, string Region, IIoTJobsClient Client), DescribeOutcome>? _describes;

        private sealed class DescribeOutcome
        {
            public JobExecutionData? Data;
            public IoTServiceException? Error;
            public TimeSpan ServiceTime;
        }
        private bool _namespaceWarned;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Status == JobExecutionStatus.Unknown)
            {
                Fatal("InvalidStatus", ErrorCategory.InvalidArgument, Status,
                    "-Status Unknown stands for service values this module does not know and cannot be sent. Use one of: QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED.");
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) && !Detailed)
            {
                Fatal("ThrottleLimitNeedsDetailed", ErrorCategory.InvalidArgument, ThrottleLimit,
                    "-ThrottleLimit bounds the describes of -Detailed: give -Detailed with it (lists are paged one request at a time).");
            }
            if (Detailed)
            {
                _describes = new BulkDispatcher<(string, string, string, IIoTJobsClient), DescribeOutcome>(
                    MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null, StopToken, o => o.ServiceTime);
            }
        }

        protected override void ProcessRecord()
        {
            var cl = CommandLineFor(ThingName, JobId);
            cl.ExecutionNumber = Given(nameof(ExecutionNumber)) ? ExecutionNumber : null;
            ForEachTarget(TargetResolver.ForExecutionQuery(cl, PipedInput),
                query => query.Thing != null && query.Job != null ? $"{query.Thing}/{query.Job}" : query.Thing ?? query.Job!, (client, query) =>
            {
                if (query.Thing != null && query.Job != null)
                {
                    WarnNamespaceIgnored();
                    DescribeOne(client, query.Thing, query.Job, query.ExecutionNumber);
                }
                else if (query.Job != null)
                {
                    WarnNamespaceIgnored();
                    ListForJob(client, query.Job);
                }
                else ListForThing(client, query.Thing!);
            });
        }

        private void DescribeOne(IIoTJobsClient client, string thing, string job, long? executionNumber)
        {
            var region = client.Region;
            JobExecutionData? data = null;
            var which = executionNumber.HasValue ? $" with execution number {executionNumber}" : "";
            if (!Attempt(() => data = Run(ct => client.DescribeJobExecutionAsync(thing, job, executionNumber, ct)),
                ex => WriteServiceError(client, ex, "JobExecutionNotFound",
                    $"No execution of job '{job}' on thing '{thing}'{which} was found in {region}.",
                    $"Describing the execution of job '{job}' on thing '{thing}'{which} in {region} failed",
                    thing, job, $"{thing}/{job}"))) return;
            WriteIfStatus(ModelMapper.ToJobExecution(data!, thing, job, region));
        }

        private void ListForJob(IIoTJobsClient client, string job)
        {
            var region = client.Region;
            var request = new ListJobExecutionsForJobRequest { JobId = job, Status = Status?.ToString(), PageSize = PageSize };
            WriteEach(ct => client.ListJobExecutionsForJobAsync(request, ct), summary => Emit(ModelMapper.ToJobExecution(summary, null, job, region), client),
                ex => WriteServiceError(client, ex, "JobNotFound", $"Job '{job}' was not found in {region}.",
                    $"Listing the executions of job '{job}' in {region} failed", null, job, job));
        }

        private void ListForThing(IIoTJobsClient client, string thing)
        {
            var region = client.Region;
            var request = new ListJobExecutionsForThingRequest { ThingName = thing, Status = Status?.ToString(), NamespaceId = NamespaceId, PageSize = PageSize };
            WriteEach(ct => client.ListJobExecutionsForThingAsync(request, ct), summary => Emit(ModelMapper.ToJobExecution(summary, thing, null, region), client),
                ex => WriteServiceError(client, ex, "ThingNotFound", $"Thing '{thing}' was not found in {region}.",
                    $"Listing the executions on thing '{thing}' in {region} failed", thing, null, thing));
        }

        // A listed summary, or (with -Detailed) the full execution; a failed describe is that item's error alone.
        private void Emit(JobExecution summary, IIoTJobsClient client)
        {
            if (_describes == null)
            {
                Report.Output(summary);
                return;
            }
            // Room first (writing what has finished meanwhile), then the describe is sent; output keeps list order.
            while (!_describes.HasRoom) WaitAndWriteDescribed();
            var thing = summary.ThingName;
            var job = summary.JobId;
            var executionNumber = summary.ExecutionNumber;
            var token = _describes.Token;
            Task<DescribeOutcome>? task = null;
            Run(_ =>
            {
                task = DescribeAsync(client, thing, job, executionNumber, token);
                return Task.FromResult(true);
            });
            _describes.Add((thing, job, summary.Region, client), task!);
            WriteDescribed();
        }

        private static async Task<DescribeOutcome> DescribeAsync(IIoTJobsClient client, string thing, string job, long? executionNumber, CancellationToken ct)
        {
            var timer = ServiceTimer.Start();
            try
            {
                var data = await client.DescribeJobExecutionAsync(thing, job, executionNumber, ct).ConfigureAwait(false);
                return new DescribeOutcome { Data = data, ServiceTime = timer.Elapsed };
            }
            catch (IoTServiceException ex)
            {
                return new DescribeOutcome { Error = ex, ServiceTime = timer.Elapsed };
            }
        }

        private void WaitAndWriteDescribed()
        {
            _describes!.WaitForAny(TimeSpan.FromMilliseconds(250));
            FlushVerbose();
            WriteDescribed();
        }

        /// <summary>Writes the finished describes, oldest first, stopping at the first one still running.</summary>
        private void WriteDescribed()
        {
            while (_describes!.TryTakeFinished(out var entry))
            {
                var (thing, job, region, client) = entry.Target;
                if (entry.Task.Status != TaskStatus.RanToCompletion)
                {
                    if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
                    var error = entry.Task.Exception?.GetBaseException() ?? new OperationCanceledException();
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                }
                var outcome = entry.Task.Result;
                if (outcome.Error != null)
                {
                    WriteServiceError(client, outcome.Error, "JobExecutionNotFound",
                        $"No execution of job '{job}' on thing '{thing}' was found in {region}.",
                        $"Describing the execution of job '{job}' on thing '{thing}' in {region} failed",
                        thing, job, $"{thing}/{job}");
                    continue;
                }
                // -Status holds for what the describe returned too: an execution listed QUEUED may be IN_PROGRESS by now.
                WriteIfStatus(ModelMapper.ToJobExecution(outcome.Data!, thing, job, region));
            }
        }

        protected override void EndProcessing()
        {
            if (_describes != null)
            {
                try
                {
                    while (_describes.Pending > 0) WaitAndWriteDescribed();
                }
                catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                WriteConcurrency("Concurrency of -Detailed: " + _describes.Summary() + ".");
            }
            base.EndProcessing();
        }

        /// <summary>Pipeline teardown (also after Ctrl+C or an error): no describe keeps running once the command is gone.</summary>
        public void Dispose() => _describes?.Dispose();

        /// <summary>Writes the execution when it has the -Status asked for (a describe is filtered here, lists by the service).</summary>
        private void WriteIfStatus(JobExecution execution)
        {
            if (Status.HasValue && execution.Status != Status)
            {
                Report.Verbose($"Leaving out the execution of job '{execution.JobId}' on thing '{execution.ThingName}': it is {execution.StatusText ?? "of unknown status"} now, not {Status}.");
                return;
            }
            Report.Output(execution);
        }

        private void WarnNamespaceIgnored()
        {
            if (NamespaceId == null || _namespaceWarned) return;
            _namespaceWarned = true;
            Report.Warning("-NamespaceId applies only to listing a thing's executions (-ThingName alone); it is ignored for lists of a job's executions and for describing.");
        }

        private void Fatal(string errorId, ErrorCategory category, object? target, string message) =>
            ThrowTerminatingError(NewError(new ArgumentException(message), errorId, category, target));
    }
}
