using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Cancels AWS IoT job executions (CancelJobExecution), one per thing and job.</para>
    /// <para type="description">
    /// Names come from -ThingName/-JobId (or ARNs), from piped strings (thing names), from piped objects'
    /// ThingName/JobId (or ThingArn/JobArn) properties, or from the module's own JobExecution objects (-InputObject).
    /// Each execution ends in one output object (the execution as the service reports it after the cancel) or one error
    /// record; one failure never stops the rest. -Force lets the cancel reach IN_PROGRESS executions; it is confirmed (a
    /// prompt per execution at the default $ConfirmPreference, whose default answer is No), never a way around
    /// confirmation. -WhatIf sends nothing.
    /// </para>
    /// </summary>
    /// <remarks>
    /// Binding (safety first: nothing is canceled that the input did not name):
    /// - The name parameters bind by property name only, never by value: PowerShell would otherwise turn any piped
    ///   object into a thing name through ToString() (a Job into a thing named like the job). A piped string is read
    ///   from the hidden -PipelineObject as a thing name; any other piped object must carry the names as properties, and
    ///   one that does not (a Job without -ThingName, a CSV row with other headers, a hashtable) is an error for that item
    ///   saying what was piped, what was looked for and what would work.
    /// - A name given on the command line and a different one on the piped object is an error for that item, never a
    ///   silent choice; so is a typed -Region that differs from the object's region (a $PSDefaultParameterValues region
    ///   yields to the object's: objects are acted on where they came from).
    /// - A piped ExpectedVersion is read strictly (see ExpectedVersionInput): a value that is not a whole non-negative
    ///   number fails the item, a blank one means no condition (said in a verbose line), nothing is ever rounded.
    /// Parameter sets: there is deliberately no default set. PowerShell binds a piped object through the default set
    /// first, by property name, so with ByName as default a piped JobExecution would never reach -InputObject (and its
    /// known status would be lost for the prompt). The price: calling it with no arguments at all reports an ambiguous
    /// parameter set. Without pipeline input, -ThingName and -JobId are both required (a terminating error says so).
    /// Duplicates: an execution (region, thing, job) named again later in the same pipeline is not sent again and
    /// produces no second output or error, only a verbose line saying it was already handled.
    /// <para>
    /// Bulk work (-ThrottleLimit, ordering, progress): without -ThrottleLimit the number of cancels in flight adapts
    /// (AdaptiveConcurrency: it grows while concurrency is the bottleneck and settles where the rate limiter is, up to
    /// 128); -ThrottleLimit N is a hard cap. Each item is a CancelJobExecution followed by a DescribeJobExecution.
    /// Prompts, -WhatIf and duplicate checks happen on the pipeline thread before an item is sent, and every output
    /// object, warning and error is written from the pipeline thread, in input order. At most -ThrottleLimit (without
    /// it, 128) items are sent and not yet written at any time; that is the most that can be canceled without being
    /// reported when another command stops the pipeline (Select-Object -First), and with -ThrottleLimit 1 each item is
    /// written before the next is read, which is also what makes -PipelineVariable of an upstream command line up with
    /// each output. When an error stops the command (-ErrorAction Stop,
    /// $ErrorActionPreference = 'Stop'), nothing more is sent, the cancels in flight are awaited and every one that was
    /// applied is written before the terminating error (those outputs then come after the failed item's position).
    /// The first cancel through each region/credential runs alone, so wrong credentials cost one request: access denied
    /// (401/403, expired or unknown keys) is that item's error, and the rest of that region's items fail without being
    /// sent while other regions go on. The cmdlets pace themselves to the service's limit (adaptive retry mode).
    /// Ctrl+C stops sending at once and cancels the requests in flight; executions whose cancel was in flight may or may
    /// not be canceled.
    /// </para>
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJobExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(JobExecution))]
    public sealed class StopIoTJobExecutionCommand : IoTJobsCmdlet, IDisposable
    {
        private const string ByNameSet = "ByName";
        private const string InputObjectSet = "InputObject";
        private const string Command = "Stop-IoTJobExecution";

        internal const string ForceConsequence = "the device may be unable to report the status of this execution";

        // The names, the condition and the input object carry no validation attributes on purpose: they are checked per
        // item in ProcessRecord (same rules, same messages), so a bad value in one CSV row is that row's error written
        // through the cmdlet. A binding failure instead would end the pipeline under -ErrorAction Stop without the
        // cancels in flight ever being reported.

        /// <summary>Things (names or thing ARNs) whose execution of -JobId to cancel. Piped strings are thing names; so are ThingName/ThingArn properties.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ThingArn")]
        [ArgumentCompleter(typeof(ThingNameCompleter))]
        public string[]? ThingName { get; set; }

        /// <summary>Jobs (ids or job ARNs) whose executions on -ThingName to cancel; binds from JobId/JobArn properties.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("JobArn")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[]? JobId { get; set; }

        /// <summary>Job executions as emitted by Get-IoTJobExecution.</summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        public JobExecution[]? InputObject { get; set; }

        /// <summary>
        /// Also cancel IN_PROGRESS executions (the service's force=true). The device may then be unable to report the
        /// status of that execution. Asks for confirmation per execution unless -Confirm:$false.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Cancel only if the execution's version is still this one (expectedVersion): a whole number from 0 up. A piped
        /// object's ExpectedVersion property is the condition too (read strictly); a piped VersionNumber is never applied
        /// silently: use -ExpectedVersion { $_.VersionNumber } for that. Text on purpose, read per item by
        /// ExpectedVersionInput: as a number, PowerShell's binder would round 1.4 to 1, and a value it cannot convert (a
        /// script block's 'v7') would be a binding failure that ends a bulk run with cancels unreported. A value given
        /// here that is empty or $null for an item (a list summary's VersionNumber) fails that item: it is never "no
        /// condition".
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ExpectedVersion { get; set; }

        /// <summary>
        /// The piped object itself, whatever it is, in every set: a piped string is a thing name, and for objects it is
        /// the error records' TargetObject and the source of their Region, ARNs, ExpectedVersion and Status. Hidden: users
        /// pipe, they never type it.
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
        /// A hard cap on cancels in flight, and sent but not yet written, at once (1 to 256). Without it the number in
        /// flight adapts to the service's rate limit and latency, up to 128. Output keeps input order whatever the value;
        /// 1 cancels and writes one execution after another. The rate is paced to the service's limit separately.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; }

        private readonly HashSet<(string, string, string)> _handled = new HashSet<(string, string, string)>();
        private Dictionary<string, string>? _details;
        private Confirmation _confirmation = null!;
        private JobExecutionCanceler _canceler = null!;
        private BulkDispatcher<ExecutionTarget, CancelOutcome>? _dispatcher;
        private ProgressReporter? _progress;
        private bool _thingsOnCommandLine, _jobsOnCommandLine, _expectedOnCommandLine;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (StatusDetails != null) _details = StatusDetailsValidator.ToDetailsMap(StatusDetails);
            _confirmation = new Confirmation(this);
            _canceler = new JobExecutionCanceler(Force.IsPresent, _details, IsFatalForAllItems);
            _dispatcher = new BulkDispatcher<ExecutionTarget, CancelOutcome>(
                MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null, StopToken, o => o.ServiceTime);
            _progress = new ProgressReporter(MyInvocation.GetHashCode() & 0x7fffffff);
            // What the command line (or a delay-bind script block) gave; everything else per item comes from the pipeline.
            var bound = MyInvocation.BoundParameters;
            _thingsOnCommandLine = bound.ContainsKey(nameof(ThingName));
            _jobsOnCommandLine = bound.ContainsKey(nameof(JobId));
            _expectedOnCommandLine = bound.ContainsKey(nameof(ExpectedVersion));
        }

        protected override void ProcessRecord()
        {
            // (1) On the pipeline thread: resolve the targets, drop duplicates, confirm. (2) Cancel and read back, as one
            // async task per item that returns an outcome, up to -ThrottleLimit at once. (3) Write the outcomes on the
            // pipeline thread, in input order, as they finish.
            if (!MyInvocation.ExpectingInput)
            {
                CheckCommandLine();
                // Everything comes in this one call: the total is known, so progress can show percent and time left.
                _progress!.Total = ParameterSetName == InputObjectSet ? InputObject!.Length : (long)ThingName!.Length * JobId!.Length;
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
                    if (SkipRefused(target.Client, target.InputItem))
                    {
                        // An earlier item's request in this region was refused as a whole (access denied): not sent,
                        // and not asked about either.
                        _progress!.AddFailed();
                        continue;
                    }
                    if (!Confirm(target))
                    {
                        _progress!.AddSkipped();
                        continue;
                    }

                    WriteVerbose($"Canceling job '{target.JobId}' on thing '{target.ThingName}' in {target.Region}" +
                                 (Force ? " with force" : "") +
                                 (target.ExpectedVersion.HasValue ? $", expected version {target.ExpectedVersion.Value.ToString(CultureInfo.InvariantCulture)}" : "") +
                                 (_details != null ? $", {_details.Count} status detail(s)" : "") + ".");
                    Dispatch(target);
                }
                WriteFinished();
                ReportProgress();
            });
        }

        protected override void EndProcessing()
        {
            Dispatching(WriteAllPending);
            WriteConcurrency("Concurrency: " + _dispatcher!.Summary() + ".");
            var done = _progress!.Completed();
            if (done != null) WriteProgress(done);
            base.EndProcessing();
        }

        /// <summary>
        /// Without pipeline input everything is on the command line: check it all before anything is sent, and stop the
        /// command on the first problem (the names, the condition).
        /// </summary>
        private void CheckCommandLine()
        {
            if (_expectedOnCommandLine && CommandLineVersionProblem(out _) is string problem0) StopOnBadCommandLine("InvalidExpectedVersion", ExpectedVersion, problem0);
            if (ParameterSetName != ByNameSet) return;
            var things = ThingName ?? Array.Empty<string>();
            var jobs = JobId ?? Array.Empty<string>();
            string? missing = things.Length == 0 && jobs.Length == 0 ? "-ThingName and -JobId"
                : things.Length == 0 ? "-ThingName" : jobs.Length == 0 ? "-JobId" : null;
            if (missing != null)
            {
                StopOnBadCommandLine(things.Length == 0 ? "MissingThingName" : "MissingJobId", null,
                    $"Nothing to cancel: {missing} {(missing.Contains(" and ") ? "are" : "is")} missing. Name both the things and the jobs (Stop-IoTJobExecution -ThingName dev-1 -JobId fw), " +
                    "or pipe job executions (Get-IoTJobExecution -JobId fw -Status QUEUED | Stop-IoTJobExecution), things with -JobId, or jobs with -ThingName.");
            }
            _arnRegions = ArnRegions(things, jobs);
            if (!TryConvertNames(IoTNameKind.ThingName, things, out var thingNames, out var problem))
                StopOnBadCommandLine(problem!.Value.ErrorId, problem.Value.Value, problem.Value.Message);
            if (!TryConvertNames(IoTNameKind.JobId, jobs, out var jobIds, out problem))
                StopOnBadCommandLine(problem!.Value.ErrorId, problem.Value.Value, problem.Value.Message);
            ThingName = thingNames;
            JobId = jobIds;
        }

        private void StopOnBadCommandLine(string errorId, object? target, string message) =>
            ThrowTerminatingError(NewError(new ArgumentException(message + " Nothing was sent."), errorId, ErrorCategory.InvalidArgument, target));

        /// <summary>
        /// Names or ARNs as the service takes them: an ARN of the right kind becomes its name, and every name is checked
        /// against the service's rules (the messages the parameters' own validation used to give).
        /// </summary>
        private static bool TryConvertNames(IoTNameKind kind, string[]? values, out string[] names, out (string ErrorId, string Value, string Message)? problem)
        {
            problem = null;
            names = values ?? Array.Empty<string>();
            if (values == null) return true;
            var converted = new string[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                try
                {
                    converted[i] = PipedNames.FromString(kind, values[i] ?? "");
                }
                catch (ArgumentException ex)
                {
                    var parameter = kind == IoTNameKind.ThingName ? "-ThingName" : "-JobId";
                    problem = (kind == IoTNameKind.ThingName ? "InvalidThingName" : "InvalidJobId", values[i] ?? "", $"{parameter}: {ex.Message}");
                    return false;
                }
            }
            names = converted;
            return true;
        }

        // The regions inside the ARNs given as names for the current item (typed or bound from the piped object).
        private List<string> _arnRegions = new List<string>();

        private static List<string> ArnRegions(params string[][] values)
        {
            var regions = new List<string>();
            foreach (var list in values)
                foreach (var value in list)
                    ArnNames.AddRegion(regions, value);
            return regions;
        }

        /// <summary>
        /// An ARN names a resource in its own region: the cancel goes there, and an ARN whose region disagrees with a
        /// typed -Region, the object's region or another ARN is that item's error (see ArnNames).
        /// </summary>
        private bool ArnRegionAgrees(object? piped)
        {
            if (ArnNames.ApplyRegions(this, piped, _arnRegions)) return true;
            _progress!.AddFailed();
            return false;
        }

        /// <summary>
        /// Null with the condition when -ExpectedVersion (typed, or a delay-bind script block's result for this item) is a
        /// whole non-negative number; otherwise what is wrong with it. Empty or $null is wrong here: the parameter was given
        /// to set a condition, and canceling without one is not what it asked for.
        /// </summary>
        private string? CommandLineVersionProblem(out long? expected)
        {
            if (!ExpectedVersionInput.TryRead(ExpectedVersion, out expected, out var shown)) return ExpectedVersionRule(shown, "-ExpectedVersion");
            if (expected != null) return null;
            return "-ExpectedVersion gave no value (empty or $null), so the condition cannot be read, and a cancel without it could cancel an execution that changed. " +
                   "For -ExpectedVersion { $_.VersionNumber }, list with Get-IoTJobExecution -Detailed: list summaries carry no VersionNumber.";
        }

        private static string ExpectedVersionRule(string shown, string what) =>
            $"{what} '{shown}' is not a whole number from 0 to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}, so the condition cannot be read, and a cancel without it could cancel an execution that changed.";

        /// <summary>
        /// Runs pipeline-thread work while cancels may be in flight, and ends it the way PowerShell expects. When an
        /// error stops the command (-ErrorAction Stop), the cancels already sent are awaited and the applied ones written
        /// first, so nothing canceled goes unreported.
        /// </summary>
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
            catch (PipelineStoppedException)
            {
                // A later command stopped the pipeline (Select-Object -First) or Ctrl+C: nothing can be written any more,
                // so stop what is in flight (at most -ThrottleLimit items, or 128 without it: the documented bound).
                _dispatcher!.Abandon();
                throw;
            }
            catch (Exception ex) when (!StopToken.IsCancellationRequested)
            {
                // -ErrorAction Stop or $ErrorActionPreference = 'Stop' turned an item's error into this exception, or a
                // bug did: send nothing more, and report every cancel that was applied before the command ends.
                ReportInFlight(ex);
                throw;
            }
        }

        /// <summary>An error is about to stop the command: report what was already sent first (see WriteItemError).</summary>
        protected override void BeforeStoppingError() => ReportInFlight(null);

        /// <summary>Awaits the cancels in flight (never aborting them) and writes the applied ones; the others are summarized.</summary>
        private void ReportInFlight(Exception? stoppedBy)
        {
            var dispatcher = _dispatcher!;
            if (dispatcher.Pending == 0) return;
            var failed = new List<string>();
            try
            {
                while (dispatcher.Pending > 0)
                {
                    if (!dispatcher.TryTakeFinished(out var entry))
                    {
                        dispatcher.WaitForAny(ProgressReporter.Interval);
                        continue;
                    }
                    var outcome = entry.Task.Status == TaskStatus.RanToCompletion ? entry.Task.Result : null;
                    if (outcome?.Execution != null)
                    {
                        if (outcome.Warning != null) WriteWarning(outcome.Warning);
                        _progress!.AddCanceled();
                        WriteObject(outcome.Execution);
                    }
                    else
                    {
                        _progress!.AddFailed();
                        failed.Add($"{entry.Target} in {entry.Target.Region}: {outcome?.ErrorId ?? outcome?.Fatal?.ErrorCode ?? entry.Task.Exception?.GetBaseException().Message ?? "not finished"}");
                    }
                }
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is OperationCanceledException)
            {
                _dispatcher!.Abandon();
                return;
            }
            if (failed.Count > 0)
            {
                WriteWarning($"The command is stopping at an error{(stoppedBy == null ? "" : $" ({stoppedBy.GetType().Name})")}; {failed.Count} other cancel(s) that were in flight failed and were not canceled: " +
                             string.Join("; ", failed.Count > 10 ? failed.GetRange(0, 10) : failed) + (failed.Count > 10 ? "; ..." : "") + ".");
            }
        }

        /// <summary>Pipeline teardown (also after Ctrl+C or an error): nothing keeps running once the command is gone.</summary>
        public void Dispose() => _dispatcher?.Dispose();

        /// <summary>
        /// Starts one cancel, first waiting (on the pipeline thread, writing finished outcomes meanwhile) while
        /// -ThrottleLimit items are sent and not yet written, so input is read only as fast as it is handled.
        /// </summary>
        private void Dispatch(ExecutionTarget target)
        {
            var dispatcher = _dispatcher!;
            bool probe = !dispatcher.IsProven(target.Client);
            while (!dispatcher.HasRoom) WaitAndWrite();

            // Started inside Run so the client's request log lines (an AsyncLocal sink) reach this cmdlet's verbose stream.
            Task<CancelOutcome>? task = null;
            var token = dispatcher.Token;
            Run(_ =>
            {
                task = _canceler.CancelAsync(target, token);
                return Task.FromResult(true);
            });
            dispatcher.Add(target, task!);

            if (probe || dispatcher.Sequential)
            {
                // The first cancel through a client runs alone (see BulkDispatcher.IsProven), and -ThrottleLimit 1 writes
                // each item before the next one is read: wait for it and write it.
                WriteAllPending();
                if (!IsRefused(target.Client)) dispatcher.MarkProven(target.Client);
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
                WriteOutcome(entry.Target, OutcomeOf(entry));
            }
        }

        private CancelOutcome OutcomeOf(BulkDispatcher<ExecutionTarget, CancelOutcome>.Entry entry)
        {
            var task = entry.Task;
            if (task.Status == TaskStatus.RanToCompletion) return task.Result;
            if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            // Not a service error (those are outcomes): a bug or a broken environment. Stop, as the sequential code did.
            var error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            throw error; // not reached
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
                foreach (var execution in InputObject ?? new JobExecution[] { null! })
                {
                    if (execution == null)
                    {
                        WriteItemError(NewError(new ArgumentException("$null was given as a JobExecution; it names no execution. Nothing was sent for it."),
                            "InvalidInputObject", ErrorCategory.InvalidArgument, null));
                        continue;
                    }
                    if (string.IsNullOrEmpty(execution.ThingName) || string.IsNullOrEmpty(execution.JobId))
                    {
                        WriteItemError(NewError(
                            new ArgumentException($"The JobExecution '{execution}' has no ThingName or no JobId; both are needed to cancel it. Nothing was sent for it."),
                            "InvalidInputObject", ErrorCategory.InvalidArgument, execution));
                        continue;
                    }
                    // Each object stays in the region it came from (also for an array given to -InputObject).
                    if (!PipedRegion.Apply(this, execution)) continue;
                    if (!TryExpectedVersion(execution, out var expected)) continue;
                    var status = execution.StatusText ?? execution.Status?.ToString();
                    yield return new ExecutionTarget(GetClient(), execution.ThingName, execution.JobId, execution, status, expected);
                }
                yield break;
            }

            if (PipedObject.IsThingGroup(piped))
            {
                // A group is not a thing: never cancel by its name. Its things are what to pipe.
                WriteItemError(NewError(
                    new ArgumentException($"A thing group ('{piped}') was piped in; Stop-IoTJobExecution cancels the executions of things. To cancel the group's executions, pipe its things: Get-IoTThing -ThingGroupName <group> | Stop-IoTJobExecution -JobId <job>. Nothing was canceled for this input."),
                    "ThingGroupPipedToStopJobExecution", ErrorCategory.InvalidArgument, piped));
                _progress!.AddFailed();
                yield break;
            }
            if (!TryNames(piped, out var things, out var jobs)) yield break;
            if (!PipedRegion.Apply(this, piped)) yield break;
            if (!ArnRegionAgrees(piped)) yield break;
            if (!TryExpectedVersion(piped, out var expectedVersion)) yield break;
            var client = GetClient();
            foreach (var thing in things)
            {
                foreach (var job in jobs)
                {
                    // The error records' TargetObject is the piped item; for names typed on the command line, a
                    // JobExecution naming the execution, so failed items can be piped straight back in.
                    var item = piped ?? new JobExecution { ThingName = thing, JobId = job, Region = client.Region };
                    yield return new ExecutionTarget(client, thing, job, item, KnownStatusOf(piped, thing, job), expectedVersion);
                }
            }
        }

        /// <summary>
        /// The things and jobs this input item names (ByName set). False, after writing the item's error, when it names
        /// none, or when the piped object and the command line name different ones.
        /// </summary>
        private bool TryNames(object? piped, out string[] things, out string[] jobs)
        {
            things = ThingName ?? Array.Empty<string>();
            jobs = JobId ?? Array.Empty<string>();
            if (!MyInvocation.ExpectingInput) return true;
            // A piped string is a thing name or ARN (read below); its region counts as a typed ARN's would.
            _arnRegions = ArnRegions(things, jobs, PipedObject.AsString(piped) is string piped0 ? new[] { piped0 } : Array.Empty<string>());
            // Names bound by property name (or typed with pipeline input) are checked here, per item.
            if (!TryConvertNames(IoTNameKind.ThingName, things, out things, out var problem) ||
                !TryConvertNames(IoTNameKind.JobId, jobs, out jobs, out problem))
            {
                return Fail(problem!.Value.ErrorId, piped, problem.Value.Message + " Nothing was sent for it.");
            }

            var text = PipedObject.AsString(piped);
            if (text != null)
            {
                // A piped string is a thing name (or thing ARN).
                if (_thingsOnCommandLine)
                {
                    return Fail("PipedStringWithThingName", piped,
                        $"The string '{MessageText.Shorten(text)}' was piped to {Command}, and piped strings are thing names, but -ThingName was given too. Nothing was sent for it. " +
                        "Pipe the thing names and pass -JobId, or pass both -ThingName and -JobId without piping.");
                }
                try
                {
                    things = new[] { PipedNames.FromString(IoTNameKind.ThingName, text) };
                }
                catch (ArgumentException ex)
                {
                    return Fail("InvalidPipedName", piped, $"The piped string cannot be used as a thing name: {ex.Message} Nothing was sent for it.");
                }
            }
            else
            {
                if (!NoConflict(piped, IoTNameKind.ThingName, "ThingName", "ThingArn", _thingsOnCommandLine, things)) return false;
                if (!NoConflict(piped, IoTNameKind.JobId, "JobId", "JobArn", _jobsOnCommandLine, jobs)) return false;
                if (things.Length == 0)
                {
                    return Fail("MissingThingName", piped, PipedNames.Missing(Command, IoTNameKind.ThingName, piped, ThingAdvice(piped)));
                }
            }
            if (jobs.Length == 0)
            {
                return Fail("MissingJobId", piped, PipedNames.Missing(Command, IoTNameKind.JobId, piped, JobAdvice(piped)));
            }
            return true;
        }

        private static string ThingAdvice(object? piped)
        {
            var kind = PipedObject.ModuleKind(piped);
            if (kind == "Job")
            {
                var job = PipedObject.PropertyText(piped, "JobId");
                return $"To cancel this job's executions, pipe them (Get-IoTJobExecution -JobId {job} | {Command}) or name the things with -ThingName; to cancel the whole job on every thing, use Stop-IoTJob.";
            }
            if (kind == "ThingGroup")
                return $"A thing group is not a thing: pipe its things (Get-IoTThing -ThingGroupName {PipedObject.PropertyText(piped, "ThingGroupName")} | {Command} -JobId <job>).";
            if (PipedObject.IsDictionary(piped) || piped == null)
                return $"Pipe objects with ThingName and JobId properties, job executions (Get-IoTJobExecution), or pass -ThingName and -JobId.";
            return "Give the objects ThingName and JobId properties (for a CSV file: name the columns ThingName and JobId, or Import-Csv -Header ThingName,JobId), " +
                   $"pipe job executions (Get-IoTJobExecution | {Command}), or pass -ThingName.";
        }

        private static string JobAdvice(object? piped)
        {
            var kind = PipedObject.ModuleKind(piped);
            if (kind == "Thing")
                return $"Pass -JobId to say which job to cancel on the piped things (Get-IoTThing ... | {Command} -JobId fw).";
            if (PipedObject.IsDictionary(piped) || piped == null)
                return "Pipe objects with ThingName and JobId properties, job executions (Get-IoTJobExecution), or pass -ThingName and -JobId.";
            return "Give the objects a JobId (or JobArn) property, or pass -JobId.";
        }

        /// <summary>
        /// A name given on the command line and a different one carried by the piped object (or a ThingName and a
        /// ThingArn that disagree) is that item's error: which one was meant cannot be known.
        /// </summary>
        private bool NoConflict(object? piped, IoTNameKind kind, string nameProperty, string arnProperty, bool onCommandLine, string[] commandLine)
        {
            if (piped == null) return true;
            var label = kind == IoTNameKind.ThingName ? "thing" : "job";
            var byName = PipedObject.PropertyText(piped, nameProperty);
            var arn = PipedObject.PropertyText(piped, arnProperty);
            string? fromArn = null;
            if (arn != null && IoTNames.TryParseArn(arn, out var arnKind, out var arnName, out _) && arnKind == label) fromArn = arnName;
            if (byName != null && fromArn != null && byName != fromArn)
            {
                return Fail("NameConflict", piped,
                    $"The piped object's {nameProperty} '{MessageText.Shorten(byName)}' and its {arnProperty} '{MessageText.Shorten(arn!)}' name different {label}s. Nothing was sent for it; fix the object so that they agree.");
            }
            var pipedName = byName ?? fromArn;
            if (!onCommandLine || pipedName == null) return true;
            if (commandLine.Length == 1 && commandLine[0] == pipedName) return true;
            var given = string.Join(", ", commandLine);
            return Fail("NameConflict", piped,
                $"The piped object names {label} '{MessageText.Shorten(pipedName)}' (its {(byName != null ? nameProperty : arnProperty)}), but -{nameProperty} {MessageText.Shorten(given)} was given. Nothing was sent for it. " +
                $"Leave out -{nameProperty} to use the object's {label}, or pipe objects without a {nameProperty} property.");
        }

        /// <summary>
        /// The condition for this item: -ExpectedVersion (typed, or a delay-bind script block), else the piped object's
        /// own ExpectedVersion read strictly. False, after writing the item's error, when the piped value cannot be read or
        /// disagrees with the command line's.
        /// </summary>
        private bool TryExpectedVersion(object? piped, out long? expected)
        {
            expected = null;
            if (_expectedOnCommandLine)
            {
                // Typed, or what a delay-bind script block (-ExpectedVersion { ... }) gave for this item.
                if (CommandLineVersionProblem(out expected) is string problem) return Fail("InvalidExpectedVersion", piped, problem + " Nothing was sent for it.");
            }
            if (!PipedObject.TryGetProperty(piped, nameof(ExpectedVersion), out var raw)) return true;
            if (!ExpectedVersionInput.TryRead(raw, out var pipedVersion, out var shown))
            {
                return Fail("InvalidExpectedVersion", piped,
                    ExpectedVersionRule(shown, "The piped object's ExpectedVersion") + " Nothing was sent for it. Fix the value, or leave it blank for no condition.");
            }
            if (_expectedOnCommandLine)
            {
                if (pipedVersion == null || pipedVersion == expected) return true;
                return Fail("ExpectedVersionConflict", piped,
                    $"The piped object's ExpectedVersion {pipedVersion.Value.ToString(CultureInfo.InvariantCulture)} and -ExpectedVersion {(expected?.ToString(CultureInfo.InvariantCulture) ?? "(none)")} disagree. Nothing was sent for it; give one of them.");
            }
            if (pipedVersion == null)
            {
                WriteVerbose($"The piped object's ExpectedVersion is blank: canceling without a version condition.");
            }
            expected = pipedVersion;
            return true;
        }

        private bool Fail(string errorId, object? target, string message)
        {
            _progress!.AddFailed();
            WriteItemError(NewError(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
            return false;
        }

        /// <summary>
        /// The status an execution-shaped piped object showed (a CSV row of JobExecutions, an AWS.Tools JobExecution, a
        /// Clixml copy), only when it names this very execution: a job's or thing's Status is not the execution's.
        /// </summary>
        private static string? KnownStatusOf(object? piped, string thing, string job)
        {
            if (!PipedObject.IsJobExecution(piped)) return null;
            var pipedJob = PipedObject.PropertyText(piped, "JobId");
            var pipedThing = PipedObject.PropertyText(piped, "ThingName") ?? IoTNames.ThingNameFromArn(PipedObject.PropertyText(piped, "ThingArn"));
            if (pipedJob != job || pipedThing != thing) return null;
            // StatusText is the service's own text; a deserialized enum (Import-Clixml, Start-Job) is a number whose
            // wrapper remembers the name, so read it through the PSObject's ToString.
            if (PipedObject.PropertyText(piped, "StatusText") is string text) return text;
            if (piped == null) return null;
            var status = PSObject.AsPSObject(piped).Properties["Status"]?.Value;
            var shown = status?.ToString();
            return string.IsNullOrEmpty(shown) ? null : shown;
        }

        /// <summary>
        /// One confirmation per execution in every case (see Confirmation): -WhatIf lists it, a force-cancel prompts at
        /// the default preferences (High impact), a plain cancel only with -Confirm or $ConfirmPreference Medium/Low.
        /// </summary>
        private bool Confirm(ExecutionTarget target)
        {
            var status = target.KnownStatus != null ? $"last known status {target.KnownStatus}" : "status unknown";
            var condition = target.ExpectedVersion.HasValue ? $", only if still at version {target.ExpectedVersion.Value.ToString(CultureInfo.InvariantCulture)}" : "";
            string whatIf, query, caption;
            if (Force)
            {
                whatIf = $"Force-canceling the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status}) in {target.Region}{condition}.";
                query = $"Force-cancel the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status}) in {target.Region}{condition}? " +
                        $"With -Force the cancel also stops an execution the device is working on, and {ForceConsequence}.";
                caption = "Force-cancel job execution";
            }
            else
            {
                whatIf = $"Canceling the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status}) in {target.Region}{condition}.";
                query = $"Cancel the execution of job '{target.JobId}' on thing '{target.ThingName}' ({status}) in {target.Region}{condition}?";
                caption = "Cancel job execution";
            }

            return _confirmation.Confirm(whatIf, query, caption, Force ? ConfirmImpact.High : ConfirmImpact.Medium,
                (why, ex) => NewError(new IoTJobsException(
                        $"{(Force ? "Force-canceling" : "Canceling")} the execution of job '{target.JobId}' on thing '{target.ThingName}' needs confirmation, but this host cannot prompt ({why}). Nothing was sent for it. {Confirmation.CannotPromptAdvice}", ex)
                    { ThingName = target.ThingName, JobId = target.JobId },
                    "ConfirmationRequired", ErrorCategory.InvalidOperation, target.InputItem),
                $"Not canceling {target}: not confirmed.");
        }

        private void WriteOutcome(ExecutionTarget target, CancelOutcome outcome)
        {
            if (outcome.Fatal != null && outcome.Execution == null)
            {
                _progress!.AddFailed();
                WriteAccessDenied(outcome.Fatal, target.InputItem, target.Client);
                return;
            }
            if (outcome.Fatal != null) MarkRefused(outcome.Fatal, target.Client);
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
                WriteItemError(NewError(outcome.Exception!, outcome.ErrorId!, outcome.Category, target.InputItem));
            }
        }
    }
}
