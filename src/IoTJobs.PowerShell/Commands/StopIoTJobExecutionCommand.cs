using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading.Tasks;
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
    /// <para>
    /// Bulk work (-ThrottleLimit, ordering, progress): up to -ThrottleLimit cancels (default 32) run at once; each is a
    /// CancelJobExecution followed by a DescribeJobExecution. Confirmation prompts, -WhatIf and duplicate checks happen on
    /// the pipeline thread before an item is sent, and every output object, warning and error is written from the
    /// pipeline thread. Output keeps input order: each execution's one object or error appears in the order the
    /// executions were named, even when a later one finished first. Input is read as it arrives and, once -ThrottleLimit
    /// cancels are in flight, the command waits for one to finish before reading more, so memory stays flat for any
    /// number of executions and output streams while the input is still being listed. The first cancel through each
    /// region/credential runs alone, so wrong credentials cost one request: access denied (401/403, expired or unknown
    /// keys) stops the command with a terminating error after the outcomes already finished are written.
    /// -ThrottleLimit 1 cancels one execution after another.
    /// The cmdlets pace themselves to the service's limit (AWS's "adaptive" retry mode; AWS_RETRY_MODE=standard turns it
    /// off): the first throttling response switches on a per-operation token bucket that settles just under the rate the
    /// service allows (AWS's default is 10 CancelJobExecution and 10 DescribeJobExecution calls per second per account
    /// and region), and throttled requests are retried without counting against the retry attempts while other requests
    /// are getting through, so a bulk run shows no ThrottlingException while it makes progress.
    /// Progress: Write-Progress (activity "Canceling job executions") shows the items done, canceled and failed and the
    /// current rate in items per second; with the executions given as an array by parameter (not piped) it also shows
    /// percent complete and time remaining. Ctrl+C stops sending within a second and cancels the requests, waits and
    /// retries in flight; executions whose cancel was in flight may or may not be canceled.
    /// </para>
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJobExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(JobExecution))]
    public sealed class StopIoTJobExecutionCommand : IoTJobsCmdlet, IDisposable
    {
        private const string ByNameSet = "ByName";
        private const string InputObjectSet = "InputObject";

        internal const string ForceConsequence = "the device may be unable to report the status of this execution";

        /// <summary>Things whose execution of -JobId to cancel. Strings piped in bind here; so do ThingName/ThingArn properties.</summary>
        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ThingArn")]
        [ArnToName("thing")]
        [ValidateIoTName(IoTNameKind.ThingName)]
        [ArgumentCompleter(typeof(ThingNameCompleter))]
        public string[] ThingName { get; set; } = Array.Empty<string>();

        /// <summary>Jobs whose executions on -ThingName to cancel; binds from JobId/JobArn properties.</summary>
        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArnToName("job")]
        [ValidateIoTName(IoTNameKind.JobId)]
        [ArgumentCompleter(typeof(JobIdCompleter))]
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
        [StatusDetailsText]
        [ValidateNotNull]
        [ValidateStatusDetails]
        public Hashtable? StatusDetails { get; set; }

        /// <summary>
        /// How many cancels may be in flight at once (1 to 256; default 32). Output keeps input order whatever the value;
        /// 1 cancels one execution after another. The rate is paced to the service's limit separately.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>
        /// 32: with two calls per item (cancel, then describe) and ~40-50 ms per call, 32 in flight reach ~300 items/s,
        /// above the highest per-API limits seen for these calls, while the limiter paces lower limits.
        /// </summary>
        internal const int DefaultThrottleLimit = 32;

        private readonly HashSet<(string, string, string)> _handled = new HashSet<(string, string, string)>();
        private Dictionary<string, string>? _details;
        private ForceConfirmation _confirmation = null!;
        private string? _commandRegion;
        private BulkDispatcher? _dispatcher;
        private ProgressReporter? _progress;

        protected override void BeginProcessing()
        {
            if (StatusDetails != null) _details = StatusDetailsValidator.ToDetailsMap(StatusDetails);
            _confirmation = new ForceConfirmation(this, Force.IsPresent);
            _commandRegion = Region;
            _dispatcher = new BulkDispatcher(ThrottleLimit, StopToken);
            _progress = new ProgressReporter(MyInvocation.GetHashCode() & 0x7fffffff);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            // (1) On the pipeline thread: resolve the targets, drop duplicates, confirm. (2) Cancel and read back, as one
            // async task per item that returns an outcome, up to -ThrottleLimit at once. (3) Write the outcomes on the
            // pipeline thread, in input order, as they finish.
            var canceler = new JobExecutionCanceler(Force.IsPresent, ExpectedVersion, _details, IsFatalForAllItems);
            if (!MyInvocation.ExpectingInput)
            {
                // Everything comes in this one call: the total is known, so progress can show percent and time left.
                _progress!.Total = ParameterSetName == InputObjectSet ? InputObject.Length : (long)ThingName.Length * JobId.Length;
            }
            Dispatching(() =>
            {
                foreach (var target in ResolveTargets())
                {
                    if (!_handled.Add(target.Key))
                    {
                        WriteVerbose($"Skipping {target} in {target.Region}: already handled earlier in this pipeline (each execution is canceled once).");
                        _progress!.AddSkipped();
                        continue;
                    }
                    if (!Confirm(target))
                    {
                        _progress!.AddSkipped();
                        continue;
                    }

                    WriteVerbose($"Canceling job '{target.JobId}' on thing '{target.ThingName}' in {target.Region}" +
                                 (Force ? " with force" : "") +
                                 (ExpectedVersion.HasValue ? $", expected version {ExpectedVersion.Value.ToString(CultureInfo.InvariantCulture)}" : "") +
                                 (_details != null ? $", {_details.Count} status detail(s)" : "") + ".");
                    Dispatch(target, canceler);
                }
                WriteFinished();
                ReportProgress();
            });
        }

        protected override void EndProcessing()
        {
            Dispatching(WriteAllPending);
            var done = _progress!.Completed();
            if (done != null) WriteProgress(done);
            base.EndProcessing();
        }

        /// <summary>Runs pipeline-thread work while cancels may be in flight, and ends it the way PowerShell expects.</summary>
        private void Dispatching(Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C: the requests and waits in flight were canceled; end the pipeline the way PowerShell expects.
                throw new PipelineStoppedException();
            }
            catch
            {
                // Whatever stops the command stops the cancels in flight too (nobody would write their outcomes).
                _dispatcher!.Abandon();
                throw;
            }
        }

        /// <summary>Pipeline teardown (also after Ctrl+C or an error): nothing keeps running once the command is gone.</summary>
        public void Dispose() => _dispatcher?.Dispose();

        /// <summary>
        /// Starts one cancel, first waiting (on the pipeline thread, writing finished outcomes meanwhile) while
        /// -ThrottleLimit cancels are in flight, so input is read only as fast as it is handled.
        /// </summary>
        private void Dispatch(ExecutionTarget target, JobExecutionCanceler canceler)
        {
            var dispatcher = _dispatcher!;
            bool probe = !dispatcher.IsProven(target.Client);
            while (!dispatcher.HasRoom) WaitAndWrite();

            // Started inside Run so the client's request log lines (an AsyncLocal sink) reach this cmdlet's verbose stream.
            Task<CancelOutcome>? task = null;
            var token = dispatcher.Token;
            Run(_ =>
            {
                task = canceler.CancelAsync(target, token);
                return Task.FromResult(true);
            });
            dispatcher.Add(target, task!);

            if (probe)
            {
                // The first cancel through a client runs alone (see BulkDispatcher.IsProven): wait for it and write it.
                WriteAllPending();
                dispatcher.MarkProven(target.Client);
            }
            else
            {
                WriteFinished();
                ReportProgress();
            }
        }

        /// <summary>Waits for every cancel in flight, writing outcomes (and progress) as they finish.</summary>
        private void WriteAllPending()
        {
            while (_dispatcher!.Pending > 0) WaitAndWrite();
        }

        private void WaitAndWrite()
        {
            _dispatcher!.WaitForAny(ProgressReporter.Interval);
            FlushVerbose();
            WriteFinished();
            ReportProgress();
        }

        /// <summary>Writes the outcomes that are finished, oldest first, stopping at the first one still running.</summary>
        private void WriteFinished()
        {
            var dispatcher = _dispatcher!;
            while (dispatcher.TryTakeFinished(out var entry))
            {
                var outcome = OutcomeOf(entry);
                if (outcome.Fatal != null)
                {
                    StopAll(entry, outcome.Fatal);
                    return;
                }
                WriteOutcome(entry.Target, outcome);
            }
        }

        private CancelOutcome OutcomeOf(BulkDispatcher.Entry entry)
        {
            var task = entry.Task;
            if (task.Status == TaskStatus.RanToCompletion) return task.Result;
            if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            // Not a service error (those are outcomes): a bug or a broken environment. Stop, as the sequential code did.
            var error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            throw error; // not reached
        }

        /// <summary>
        /// Access denied (or an equally fatal error): stop dispatching, cancel what is in flight, write the outcomes that
        /// had finished successfully, then throw the terminating error.
        /// </summary>
        private void StopAll(BulkDispatcher.Entry failed, IoTServiceException fatal)
        {
            var dispatcher = _dispatcher!;
            dispatcher.Abandon();
            int abandoned = 0;
            while (dispatcher.Pending > 0)
            {
                if (!dispatcher.TryTakeFinished(out var entry))
                {
                    dispatcher.WaitForAny(ProgressReporter.Interval);
                    continue;
                }
                if (entry.Task.Status != TaskStatus.RanToCompletion || entry.Task.Result.Fatal != null)
                {
                    abandoned++;
                    continue;
                }
                WriteOutcome(entry.Target, entry.Task.Result);
            }
            FlushVerbose();
            if (abandoned > 0)
                WriteVerbose($"{abandoned} cancel(s) in flight were stopped; those executions may or may not have been canceled.");
            ThrowFatal(fatal, failed.Target.InputItem);
        }

        private void ReportProgress()
        {
            var record = _progress!.Next();
            if (record != null) WriteProgress(record);
        }

        private IEnumerable<ExecutionTarget> ResolveTargets()
        {
            var piped = PipedObject.Unwrap(PipelineObject);
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
            if (!PipedObject.IsJobExecution(piped)) return null;
            var pso = PSObject.AsPSObject(piped);
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

            // Shared with Stop-IoTJob: one confirmation per item in every row of the matrix.
            return _confirmation.Confirm(whatIf, query, caption,
                ex => NewError(new IoTJobsException(
                        $"{(Force ? "Force-canceling" : "Canceling")} the execution of job '{target.JobId}' on thing '{target.ThingName}' needs confirmation, {ForceConfirmation.CannotPromptAdvice}", ex)
                    { ThingName = target.ThingName, JobId = target.JobId },
                    "ConfirmationRequired", ErrorCategory.InvalidOperation, target.InputItem),
                $"Not canceling {target}: not confirmed.");
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
                _progress!.AddCanceled();
                WriteObject(outcome.Execution);
            }
            else
            {
                _progress!.AddFailed();
                WriteError(NewError(outcome.Exception!, outcome.ErrorId!, outcome.Category, target.InputItem));
            }
        }
    }
}
