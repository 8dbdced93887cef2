namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Stop-IoTJob: CancelJob for each job the input names, one after another (see module/help). No default parameter
    /// set, as for Stop-IoTJobExecution, so a piped Job reaches -InputObject by value and keeps its status for the prompt.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Job))]
    public sealed partial class StopIoTJobCommand : CancelCommand
    {
        private const string ByIdSet = "ById";
        private const string InputObjectSet = "InputObject";

        internal const string ForceConsequence =
            "devices working on this job may be unable to report the status of their execution";

        /// <summary>Job ids or job ARNs to cancel.</summary>
        [Parameter(ParameterSetName = ByIdSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArnToName("job")]
        [ValidateIoTName(IoTNameKind.JobId)]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] JobId { get; set; } = Array.Empty<string>();

        /// <summary>Jobs as emitted by Get-IoTJob.</summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Job[] InputObject { get; set; } = Array.Empty<Job>();

        /// <summary>Also cancel the job's IN_PROGRESS executions (the service's force=true), confirmed per job.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Why the job was canceled, stored on the job: 1 to 128 upper-case letters, digits and underscores.</summary>
        [Parameter]
        [ValidateCancelText(CancelTextKind.ReasonCode)]
        public string? ReasonCode { get; set; }

        /// <summary>A comment stored on the job: 1 to 2028 characters, no control characters.</summary>
        [Parameter]
        [ValidateCancelText(CancelTextKind.Comment)]
        public string? Comment { get; set; }

        /// <summary>After the cancel is accepted, follow the service-side cancel until it is done, then emit the job.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: the most seconds to wait for each job (1 to 604800; default 3600).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int Timeout { get; set; } = DefaultWaitTimeoutSeconds;

        /// <summary>The piped item itself, whatever it is: the resolver reads it. Hidden: users pipe, they never type it.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? PipelineObject { get; set; }

        private protected override int? Limit => 1;

        protected override void BeginProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && !Wait)
            {
                ThrowTerminatingError(NewError(new ArgumentException("-Timeout limits how long -Wait waits: give -Wait too."),
                    "TimeoutNeedsWait", ErrorCategory.InvalidArgument, Timeout));
            }
            base.BeginProcessing();
        }

        private protected override CancelEngine CreateEngine() => new CancelEngine(Force.IsPresent, reasonCode: ReasonCode, comment: Comment);

        private protected override IEnumerable<Resolution<Target>> Resolve()
        {
            var cl = CommandLineFor(null, JobId);
            if (ParameterSetName == InputObjectSet && !MyInvocation.ExpectingInput)
            {
                cl.ExpectingInput = true;
                foreach (var job in InputObject) yield return TargetResolver.ForJobCancel(cl, PipedItem.Of(job)).Widen();
                yield break;
            }
            if (!MyInvocation.ExpectingInput && JobId.Length == 0)
            {
                Terminate(NewError(new ArgumentException("Nothing to cancel: -JobId is missing. Name the jobs (Stop-IoTJob -JobId fw-2026-11) or pipe them (Get-IoTJob -JobId fw-2026-11 | Stop-IoTJob)."),
                    "MissingJobId", ErrorCategory.InvalidArgument, null));
            }
            yield return TargetResolver.ForJobCancel(cl, MyInvocation.ExpectingInput ? PipedItem.Of(PipelineObject) : null).Widen();
        }

        private protected override Task<CancelOutcome> CancelAsync(IIoTJobsClient client, Target target, CancellationToken ct) =>
            Engine.CancelJobAsync(client, (JobTarget)target, ct);

        private protected override string KeyOf(Target target, string region) => region + "\n" + ((JobTarget)target).Job;

        private protected override object TargetObjectOf(Target target, string region) =>
            target.Item ?? new Job { JobId = ((JobTarget)target).Job, Region = region };

        private protected override (string, string, string, ConfirmImpact, string, string) Confirmations(Target target, string region)
        {
            var t = (JobTarget)target;
            var status = t.KnownStatus != null ? $"last known status {t.KnownStatus}" : "status unknown";
            return Force
                ? ($"Force-canceling job '{t.Job}' ({status}) in {region}: its QUEUED and IN_PROGRESS executions on every thing are canceled and the rollout stops.",
                    $"Force-cancel job '{t.Job}' ({status}) in {region}? Every QUEUED and IN_PROGRESS execution of it is canceled on every thing, and {ForceConsequence}.",
                    "Force-cancel job", ConfirmImpact.High, $"Force-canceling job '{t.Job}' needs confirmation", $"Not canceling job '{t.Job}': not confirmed.")
                : ($"Canceling job '{t.Job}' ({status}) in {region}: its QUEUED executions on every thing are canceled and the rollout stops.",
                    $"Cancel job '{t.Job}' ({status}) in {region}? Its QUEUED executions are canceled on every thing and the rollout stops.",
                    "Cancel job", ConfirmImpact.High, $"Canceling job '{t.Job}' needs confirmation", $"Not canceling job '{t.Job}': not confirmed.");
        }

        private protected override string Sending(Target target, string region) =>
            $"Canceling job '{((JobTarget)target).Job}' in {region}" + (Force ? " with force" : "") +
            (ReasonCode != null ? $", reason code {ReasonCode}" : "") + (Comment != null ? ", with a comment" : "") + ".";

        private protected override void WriteApplied(CancelOutcome outcome, Target target, IIoTJobsClient client)
        {
            if (Wait && outcome.Job != null) WaitForCancel(client, ((JobTarget)target).Job, TargetObjectOf(target, client.Region), outcome.Job, outcome.Result);
            else base.WriteApplied(outcome, target, client);
        }
    }
}
