using System.Globalization;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Stop-IoTJobExecution: CancelJobExecution for each execution the input names (see module/help). Parameter sets:
    /// deliberately no default set, so a piped JobExecution reaches -InputObject by value and keeps its known status for
    /// the prompt; the price is an ambiguous-set error when called with no arguments at all.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJobExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(JobExecution))]
    public sealed class StopIoTJobExecutionCommand : CancelCommand
    {
        private const string ByNameSet = "ByName";
        private const string InputObjectSet = "InputObject";

        internal const string ForceConsequence = "the device may be unable to report the status of this execution";

        // No validation attributes on the names, the condition and the input object: the resolver checks them per item,
        // so a bad value in one CSV row is that row's error, never a binding failure that ends a bulk run unreported.

        /// <summary>Things (names or thing ARNs) whose execution of -JobId to cancel.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ThingArn")]
        [ArgumentCompleter(typeof(ThingNameCompleter))]
        public string[]? ThingName { get; set; }

        /// <summary>Jobs (ids or job ARNs) whose executions on -ThingName to cancel.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[]? JobId { get; set; }

        /// <summary>Job executions as emitted by Get-IoTJobExecution.</summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        public JobExecution[]? InputObject { get; set; }

        /// <summary>Also cancel IN_PROGRESS executions (the service's force=true), confirmed per execution.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Cancel only if the execution's version is still this one (expectedVersion). Text on purpose, read strictly per
        /// item: as a number the binder would round 1.4 to 1, and a value it cannot convert would be a binding failure.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ExpectedVersion { get; set; }

        /// <summary>The piped item itself, whatever it is: the resolver reads it. Hidden: users pipe, they never type it.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? PipelineObject { get; set; }

        /// <summary>Status details to set on the canceled execution: at most 10 pairs, checked against the service's rules.</summary>
        [Parameter]
        [StatusDetailsText]
        [ValidateNotNull]
        [ValidateStatusDetails]
        public Hashtable? StatusDetails { get; set; }

        /// <summary>A hard cap on cancels in flight, and sent but not yet written (1 to 256); without it the number adapts, up to 128.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; }

        private Dictionary<string, string>? _details;
        // Jobs this command freshly canceled executions of (for the CONTINUOUS warning at the end).
        private readonly Dictionary<(IIoTJobsClient Client, string Job), int> _freshByJob = new Dictionary<(IIoTJobsClient, string), int>();

        private protected override int? Limit => MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null;

        private protected override CancelEngine CreateEngine()
        {
            if (StatusDetails != null) _details = StatusDetailsValidator.ToDetailsMap(StatusDetails);
            return new CancelEngine(Force.IsPresent, _details);
        }

        private protected override ProgressReporter? CreateProgress() => new ProgressReporter(MyInvocation.GetHashCode() & 0x7fffffff);

        protected override void ProcessRecord()
        {
            if (!MyInvocation.ExpectingInput)
            {
                // Everything comes in this one call: the total is known, so progress can show percent and time left.
                if (ParameterSetName == ByNameSet) CheckBothNamed();
                Progress!.Total = ParameterSetName == InputObjectSet ? InputObject!.Length : (long)ThingName!.Length * JobId!.Length;
            }
            base.ProcessRecord();
        }

        private void CheckBothNamed()
        {
            var things = ThingName ?? Array.Empty<string>();
            var jobs = JobId ?? Array.Empty<string>();
            string? missing = things.Length == 0 && jobs.Length == 0 ? "-ThingName and -JobId" : things.Length == 0 ? "-ThingName" : jobs.Length == 0 ? "-JobId" : null;
            if (missing == null) return;
            Terminate(NewError(new ArgumentException(
                    $"Nothing to cancel: {missing} {(missing.Contains(" and ") ? "are" : "is")} missing. Name both the things and the jobs (Stop-IoTJobExecution -ThingName dev-1 -JobId fw), " +
                    "or pipe job executions (Get-IoTJobExecution -JobId fw -Status QUEUED | Stop-IoTJobExecution), things with -JobId, or jobs with -ThingName. Nothing was sent."),
                things.Length == 0 ? "MissingThingName" : "MissingJobId", ErrorCategory.InvalidArgument, null));
        }

        private protected override IEnumerable<Resolution<Target>> Resolve()
        {
            var cl = CommandLineFor(ThingName, JobId);
            cl.ExpectedVersionGiven = Given(nameof(ExpectedVersion));
            cl.ExpectedVersion = ExpectedVersion;
            if (ParameterSetName == InputObjectSet && !MyInvocation.ExpectingInput)
            {
                // An -InputObject array: each object is an item, in the region it came from.
                cl.ExpectingInput = true;
                foreach (var execution in InputObject ?? Array.Empty<JobExecution>())
                    yield return TargetResolver.ForExecutionCancel(cl, PipedItem.Of(execution)).Widen();
                yield break;
            }
            yield return TargetResolver.ForExecutionCancel(cl, MyInvocation.ExpectingInput ? PipedItem.Of(PipelineObject) : null).Widen();
        }

        private protected override Task<CancelOutcome> CancelAsync(IIoTJobsClient client, Target target, CancellationToken ct) =>
            Engine.CancelExecutionAsync(client, (ExecutionTarget)target, ct);

        private protected override string KeyOf(Target target, string region)
        {
            var t = (ExecutionTarget)target;
            return region + "\n" + t.Thing + "\n" + t.Job;
        }

        private protected override long? ConditionOf(Target target) => ((ExecutionTarget)target).ExpectedVersion;

        private protected override object TargetObjectOf(Target target, string region)
        {
            var t = (ExecutionTarget)target;
            return t.Item ?? new JobExecution { ThingName = t.Thing, JobId = t.Job, Region = region };
        }

        private protected override (string, string, string, ConfirmImpact, string, string) Confirmations(Target target, string region)
        {
            var t = (ExecutionTarget)target;
            var status = t.KnownStatus != null ? $"last known status {t.KnownStatus}" : "status unknown";
            var condition = t.ExpectedVersion.HasValue ? $", only if still at version {t.ExpectedVersion.Value.ToString(CultureInfo.InvariantCulture)}" : "";
            var what = $"the execution of job '{t.Job}' on thing '{t.Thing}' ({status}) in {region}{condition}";
            return Force
                ? ($"Force-canceling {what}.", $"Force-cancel {what}? With -Force the cancel also stops an execution the device is working on, and {ForceConsequence}.",
                    "Force-cancel job execution", ConfirmImpact.High, $"Force-canceling the execution of job '{t.Job}' on thing '{t.Thing}' needs confirmation", $"Not canceling {t}: not confirmed.")
                : ($"Canceling {what}.", $"Cancel {what}?", "Cancel job execution", ConfirmImpact.Medium,
                    $"Canceling the execution of job '{t.Job}' on thing '{t.Thing}' needs confirmation", $"Not canceling {t}: not confirmed.");
        }

        private protected override string Sending(Target target, string region)
        {
            var t = (ExecutionTarget)target;
            return $"Canceling job '{t.Job}' on thing '{t.Thing}' in {region}" + (Force ? " with force" : "") +
                   (t.ExpectedVersion.HasValue ? $", expected version {t.ExpectedVersion.Value.ToString(CultureInfo.InvariantCulture)}" : "") +
                   (_details != null ? $", {_details.Count} status detail(s)" : "") + ".";
        }

        private protected override void WriteApplied(CancelOutcome outcome, Target target, IIoTJobsClient client)
        {
            if (outcome.Result == CancelResult.Canceled)
            {
                var key = (client, ((ExecutionTarget)target).Job);
                _freshByJob[key] = _freshByJob.TryGetValue(key, out var n) ? n + 1 : 1;
            }
            base.WriteApplied(outcome, target, client);
        }

        /// <summary>
        /// Canceling executions of a CONTINUOUS job does not stop the job: things that join its groups later still get
        /// it. One warning per such job, after every object.
        /// </summary>
        private protected override void AfterAll()
        {
            foreach (var entry in _freshByJob)
            {
                var (client, job) = entry.Key;
                var count = entry.Value;
                JobData data;
                try
                {
                    data = Run(ct => client.DescribeJobAsync(job, ct));
                }
                catch (IoTServiceException ex)
                {
                    Report.Verbose($"Could not read job '{job}' in {client.Region} to tell whether it is CONTINUOUS ({ex.ErrorCode}): {ServiceErrors.Said(ex)}");
                    continue;
                }
                if (data.TargetSelection != "CONTINUOUS") continue;
                Report.Warning($"Job '{job}' in {client.Region} is CONTINUOUS: {count} of its executions were canceled, but the job goes on, and things that join its target groups later still get new executions of it. " +
                               $"To stop that too, cancel the job itself: Stop-IoTJob -JobId {job} -Region {client.Region} (check first with -WhatIf).");
            }
        }
    }
}
