using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Cancels AWS IoT job executions (CancelJobExecution), one per thing and job.</para>
    /// <para type="description">
    /// Names come from -ThingName/-JobId (or ARNs), from piped objects' ThingName/JobId (or ThingArn/JobArn) properties,
    /// or from the module's own JobExecution objects (-InputObject). Each execution ends in one output object (the
    /// execution as the service reports it after the cancel) or one error record; one failure never stops the rest,
    /// except access denied, which would fail every item alike.
    /// -Force lets the cancel reach IN_PROGRESS executions; it is confirmed (a prompt per execution at the default
    /// $ConfirmPreference), never a way around confirmation. -WhatIf sends nothing.
    /// </para>
    /// </summary>
    /// <remarks>
    /// Parameter sets: there is deliberately no default set. PowerShell binds a piped object through the default set
    /// first, by property name, so with ByName as default a piped JobExecution would never reach -InputObject (and its
    /// known status would be lost for the prompt). Without one, strings bind to -ThingName by value, JobExecution
    /// objects to -InputObject by value, and anything with ThingName/JobId properties (CSV rows, things, jobs,
    /// AWS.Tools objects) by property name. The price: calling it with no arguments at all reports an ambiguous
    /// parameter set instead of prompting for names.
    /// Duplicates: an execution (region, thing, job) named again later in the same pipeline is not sent again and
    /// produces no second output or error, only a verbose line saying it was already handled; its one outcome was
    /// written the first time.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJobExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(JobExecution))]
    public sealed class StopIoTJobExecutionCommand : IoTJobsCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string InputObjectSet = "InputObject";

        internal const string ForceConsequence = "the device may be unable to report the status of this execution";

        /// <summary>Things whose execution of -JobId to cancel. Strings piped in bind here; so do ThingName/ThingArn properties.</summary>
        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ThingArn")]
        [ArnToName("thing")]
        [ValidateIoTName(IoTNameKind.ThingName)]
        public string[] ThingName { get; set; } = Array.Empty<string>();

        /// <summary>Jobs whose executions on -ThingName to cancel; binds from JobId/JobArn properties.</summary>
        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArnToName("job")]
        [ValidateIoTName(IoTNameKind.JobId)]
        public string[] JobId { get; set; } = Array.Empty<string>();

        /// <summary>Job executions as emitted by Get-IoTJobExecution.</summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public JobExecution[] InputObject { get; set; } = Array.Empty<JobExecution>();

        /// <summary>
        /// Also cancel IN_PROGRESS executions (the service's force=true). The device may then be unable to report the
        /// status of that execution. Asks for confirmation per execution unless -Confirm:$false.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Cancel only if the execution's version is still this one (expectedVersion). Binds by property name only, so
        /// a piped VersionNumber is never applied silently: use -ExpectedVersion { $_.VersionNumber } for that.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long? ExpectedVersion { get; set; }

        /// <summary>
        /// The piped object itself, whatever it is, in every set: it is the error records' TargetObject, and its own
        /// Region and (for execution-shaped objects) Status are read from it. Hidden: users pipe, they never type it.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? PipelineObject { get; set; }

        /// <summary>Status details to set on the canceled execution: at most 10 pairs, checked against the service's rules.</summary>
        [Parameter]
        [ValidateNotNull]
        [ValidateStatusDetails]
        public Hashtable? StatusDetails { get; set; }

        private readonly HashSet<(string, string, string)> _handled = new HashSet<(string, string, string)>();
        private Dictionary<string, string>? _details;
        private ConfirmImpact _confirmPreference;
        private string? _commandRegion;
        private bool _yesToAll;
        private bool _noToAll;

        protected override void BeginProcessing()
        {
            if (StatusDetails != null) _details = StatusDetailsValidator.ToDetailsMap(StatusDetails);
            _confirmPreference = EffectiveConfirmPreference();
            _commandRegion = Region;
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            // (1) On the pipeline thread: resolve the targets, drop duplicates, confirm. (2) Cancel and read back, as one
            // async call that returns an outcome. (3) Write the outcome on the pipeline thread. Today (2) runs per item;
            // the split is what lets a later -ThrottleLimit overlap it.
            var canceler = new JobExecutionCanceler(Force.IsPresent, ExpectedVersion, _details, IsFatalForAllItems);
            foreach (var target in ResolveTargets())
            {
                if (!_handled.Add(target.Key))
                {
                    WriteVerbose($"Skipping {target} in {target.Region}: already handled earlier in this pipeline (each execution is canceled once).");
                    continue;
                }
                if (!Confirm(target)) continue;

                WriteVerbose($"Canceling job '{target.JobId}' on thing '{target.ThingName}' in {target.Region}" +
                             (Force ? " with force" : "") +
                             (ExpectedVersion.HasValue ? $", expected version {ExpectedVersion.Value.ToString(CultureInfo.InvariantCulture)}" : "") +
                             (_details != null ? $", {_details.Count} status detail(s)" : "") + ".");
                CancelOutcome outcome;
                try
                {
                    outcome = Run(ct => canceler.CancelAsync(target, ct));
                }
                catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
                {
                    // Ctrl+C: the in-flight request was abandoned; end the pipeline the way PowerShell expects.
                    throw new PipelineStoppedException();
                }
                WriteOutcome(target, outcome);
            }
        }

        private IEnumerable<ExecutionTarget> ResolveTargets()
        {
            // Keep the PSObject wrapper of a custom object (CSV row): its properties live on the wrapper.
            var piped = PipelineObject is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : PipelineObject;
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var execution in InputObject)
                {
                    if (execution == null) continue;
                    if (string.IsNullOrEmpty(execution.ThingName) || string.IsNullOrEmpty(execution.JobId))
                    {
                        WriteError(NewError(
                            new ArgumentException($"The JobExecution '{execution}' has no ThingName or no JobId; both are needed to cancel it."),
                            "InvalidInputObject", ErrorCategory.InvalidArgument, execution));
                        continue;
                    }
                    // Each object stays in the region it came from (also for an array given to -InputObject).
                    if (!PipedRegion.Apply(this, execution, _commandRegion)) continue;
                    var status = execution.StatusText ?? execution.Status?.ToString();
                    yield return new ExecutionTarget(GetClient(), execution.ThingName, execution.JobId, execution, status);
                }
                yield break;
            }

            // A piped object's own Region wins, even over $PSDefaultParameterValues (as in the Get cmdlets).
            if (!PipedRegion.Apply(this, piped, _commandRegion)) yield break;
            var client = GetClient();
            foreach (var thing in ThingName)
            {
                foreach (var job in JobId)
                {
                    // The error records' TargetObject is the piped item; for names typed on the command line, a
                    // JobExecution naming the execution, so failed items can be piped straight back in.
                    var item = piped ?? new JobExecution { ThingName = thing, JobId = job, Region = client.Region };
                    yield return new ExecutionTarget(client, thing, job, item, KnownStatusOf(piped, thing, job));
                }
            }
        }

        /// <summary>
        /// The status an execution-shaped piped object showed (a CSV row of JobExecutions, an AWS.Tools JobExecution),
        /// only when it names this very execution: a job's or thing's Status is not the execution's.
        /// </summary>
        private static string? KnownStatusOf(object? piped, string thing, string job)
        {
            if (piped == null || piped is string) return null;
            var pso = PSObject.AsPSObject(piped);
            if (pso.BaseObject is string) return null;
            if (!pso.TypeNames.Any(t => t.EndsWith("JobExecution", StringComparison.Ordinal))) return null;
            var pipedJob = Text(pso.Properties["JobId"]?.Value);
            var pipedThing = Text(pso.Properties["ThingName"]?.Value) ?? IoTNames.ThingNameFromArn(Text(pso.Properties["ThingArn"]?.Value));
            if (pipedJob != job || pipedThing != thing) return null;
            return Text(pso.Properties["Status"]?.Value);
        }

        private static string? Text(object? value)
        {
            if (value is PSObject p) value = p.BaseObject;
            var text = value?.ToString();
            return string.IsNullOrEmpty(text) ? null : text;
        }

        /// <summary>
        /// One confirmation per execution in every case. ShouldProcess comes first, so -WhatIf and $WhatIfPreference win
        /// over everything. Without -Force, ShouldProcess alone decides (it prompts only when $ConfirmPreference is
        /// Medium or Low, or -Confirm was given). With -Force, when ShouldProcess has not prompted already, ShouldContinue
        /// asks (Yes / Yes to All / No / No to All) unless -Confirm:$false or $ConfirmPreference = 'None'.
        /// </summary>
        private bool Confirm(ExecutionTarget target)
        {
            var status = target.KnownStatus != null ? $"last known status {target.KnownStatus}" : "status unknown";
            string whatIf, query, caption;
            if (Force)
            {
                whatIf = $"Force-canceling the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status}) in {target.Region}.";
                query = $"Force-cancel the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status})? " +
                        $"With -Force the cancel also stops an execution the device is working on, and {ForceConsequence}.";
                caption = "Force-cancel job execution";
            }
            else
            {
                whatIf = $"Canceling the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status}) in {target.Region}.";
                query = $"Cancel the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status})?";
                caption = "Cancel job execution";
            }

            try
            {
                if (!ShouldProcess(whatIf, query, caption)) return false;

                bool shouldProcessPrompts = _confirmPreference == ConfirmImpact.Medium || _confirmPreference == ConfirmImpact.Low;
                if (Force && !shouldProcessPrompts && _confirmPreference != ConfirmImpact.None)
                {
                    if (!ShouldContinue(query, caption, ref _yesToAll, ref _noToAll))
                    {
                        WriteVerbose($"Not canceling {target}: not confirmed.");
                        return false;
                    }
                }
                return true;
            }
            catch (Exception ex) when (ex is HostException || ex is PSInvalidOperationException || ex is NotImplementedException || ex is NotSupportedException)
            {
                // A host that cannot prompt (a runbook, pwsh -NonInteractive, a bare runspace): fail this item clearly
                // instead of hanging or cancelling unconfirmed.
                var message = $"{(Force ? "Force-canceling" : "Canceling")} the execution of job '{target.JobId}' on thing '{target.ThingName}' needs confirmation, " +
                              "but this host cannot prompt. Check the targets with -WhatIf, then pass -Confirm:$false to run without prompts (the runbook-safe form).";
                var error = new IoTJobsException(message, ex) { ThingName = target.ThingName, JobId = target.JobId };
                WriteError(NewError(error, "ConfirmationRequired", ErrorCategory.InvalidOperation, target.InputItem));
                return false;
            }
        }

        /// <summary>The $ConfirmPreference in force for this invocation: -Confirm sets Low, -Confirm:$false sets None.</summary>
        private ConfirmImpact EffectiveConfirmPreference()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
            {
                return LanguagePrimitives.IsTrue(confirm) ? ConfirmImpact.Low : ConfirmImpact.None;
            }
            var value = GetVariableValue("ConfirmPreference");
            if (value != null && LanguagePrimitives.TryConvertTo<ConfirmImpact>(value, CultureInfo.InvariantCulture, out var preference))
            {
                return preference;
            }
            return ConfirmImpact.High;
        }

        private void WriteOutcome(ExecutionTarget target, CancelOutcome outcome)
        {
            if (outcome.Fatal != null)
            {
                ThrowFatal(outcome.Fatal, target.InputItem);
                return;
            }
            if (outcome.Verbose != null) WriteVerbose(outcome.Verbose);
            if (outcome.Warning != null) WriteWarning(outcome.Warning);
            if (outcome.Execution != null)
            {
                WriteObject(outcome.Execution);
            }
            else
            {
                WriteError(NewError(outcome.Exception!, outcome.ErrorId!, outcome.Category, target.InputItem));
            }
        }
    }
}
