namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// What both Stop cmdlets are: per item, resolve the targets (TargetResolver), check the account and earlier
    /// refusals, drop duplicates, confirm on the pipeline thread; cancel through the one engine, up to a limit at once;
    /// write every outcome through one path, in input order. That path keeps one promise for every stream: before any
    /// record that may end the command (an error, warning, verbose, information, debug or progress record whose
    /// preference is Stop) every applied cancel is written; on Ctrl+C or a downstream stop, the host is told which
    /// cancels may have been applied unreported.
    /// </summary>
    public abstract class CancelCommand : IoTJobsCmdlet, IDisposable
    {
        private readonly Dictionary<string, long?> _handled = new Dictionary<string, long?>(StringComparer.Ordinal);
        private BulkDispatcher<(Target Target, IIoTJobsClient Client), CancelOutcome>? _dispatcher;
        private Confirmation _confirmation = null!;
        // An applied cancel whose object is being written: a stop during the write may keep it from being reported.
        private string? _beingWritten;
        private bool _toldHost;
        private protected CancelEngine Engine { get; private set; } = null!;
        private protected ProgressReporter? Progress { get; private set; }

        /// <summary>-ThrottleLimit when given, else null (adaptive); 1 for one cancel after another.</summary>
        private protected abstract int? Limit { get; }
        private protected abstract CancelEngine CreateEngine();
        private protected virtual ProgressReporter? CreateProgress() => null;
        /// <summary>The targets of this ProcessRecord call: one resolution per input item.</summary>
        private protected abstract IEnumerable<Resolution<Target>> Resolve();
        private protected abstract Task<CancelOutcome> CancelAsync(IIoTJobsClient client, Target target, System.Threading.CancellationToken ct);
        /// <summary>The identity duplicates are found by (names are case-sensitive), and the condition two namings must share.</summary>
        private protected abstract string KeyOf(Target target, string region);
        private protected virtual long? ConditionOf(Target target) => null;
        /// <summary>The error records' TargetObject: the piped item, or an object naming the target (failures pipe straight back in).</summary>
        private protected abstract object TargetObjectOf(Target target, string region);
        private protected abstract (string WhatIf, string Query, string Caption, ConfirmImpact Impact, string CannotPrompt, string Declined) Confirmations(Target target, string region);
        private protected abstract string Sending(Target target, string region);
        /// <summary>How an applied cancel is written (Stop-IoTJob -Wait follows the job first).</summary>
        private protected virtual void WriteApplied(CancelOutcome outcome, Target target, IIoTJobsClient client) => Report.Output(outcome.Output!);
        /// <summary>After the last item (its records go out after every object).</summary>
        private protected virtual void AfterAll() { }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            Engine = CreateEngine();
            _confirmation = new Confirmation(this);
            _dispatcher = new BulkDispatcher<(Target, IIoTJobsClient), CancelOutcome>(Limit, StopToken, o => o.ServiceTime);
            Progress = CreateProgress();
            Report.BeforeStop = WriteAppliedFirst;
        }

        protected override void ProcessRecord()
        {
            Dispatching(() =>
            {
                foreach (var resolution in Resolve())
                {
                    if (!Accept(resolution))
                    {
                        Progress?.AddFailed();
                        continue;
                    }
                    foreach (var target in resolution.Targets) Consider(target);
                }
                WriteFinished();
                ReportProgress();
            });
        }

        private void Consider(Target target)
        {
            var client = ClientFor(target.Region);
            var region = client.Region;
            var item = TargetObjectOf(target, region);
            var key = KeyOf(target, region);
            var condition = ConditionOf(target);
            if (_handled.TryGetValue(key, out var earlier))
            {
                if (earlier == condition)
                {
                    Report.Verbose($"Skipping {target} in {region}: already handled earlier in this pipeline (each is canceled once).");
                    Progress?.AddSkipped();
                    return;
                }
                Progress?.AddFailed();
                Report.Error(NewError(new ArgumentException(
                        $"{MessageText.Capitalize(target.ToString())} in {region} was named again with {Shown(condition)}, but earlier in this pipeline with {Shown(earlier)}. " +
                        "Each is canceled once, under one condition: which one was meant cannot be known. Nothing was sent for it; name it once."),
                    "DuplicateWithDifferentCondition", ErrorCategory.InvalidArgument, item));
                return;
            }
            if (SkipRefused(client, item))
            {
                // An earlier item's request in this region was refused as a whole: not sent, and not asked about either.
                Progress?.AddFailed();
                return;
            }
            if (!AccountAgrees(client, target, item, _confirmation.WhatIf))
            {
                Progress?.AddFailed();
                return;
            }
            _handled[key] = condition;
            var c = Confirmations(target, region);
            if (!_confirmation.Confirm(c.WhatIf, c.Query, c.Caption, c.Impact,
                    (why, ex) => NewError(new IoTJobsException($"{c.CannotPrompt}, but this host cannot prompt ({why}). Nothing was sent for it. {Confirmation.CannotPromptAdvice}", ex)
                    {
                        ThingName = (target as ExecutionTarget)?.Thing,
                        JobId = (target as ExecutionTarget)?.Job ?? (target as JobTarget)?.Job,
                    }, "ConfirmationRequired", ErrorCategory.InvalidOperation, item),
                    c.Declined))
            {
                Progress?.AddSkipped();
                return;
            }
            Report.Verbose(Sending(target, region));
            Dispatch(target, client);
        }

        private static string Shown(long? condition) => condition.HasValue ? $"-ExpectedVersion {condition.Value}" : "no condition";

        protected override void EndProcessing()
        {
            Dispatching(WriteAllPending);
            if (Limit != 1) WriteConcurrency("Concurrency: " + _dispatcher!.Summary() + ".");
            AfterAll();
            var done = Progress?.Completed();
            if (done != null) Report.Progress(done);
            base.EndProcessing();
        }

        /// <summary>
        /// Pipeline teardown (also after Ctrl+C or an error): nothing keeps running once the command is gone. A command
        /// ended from outside (an upstream command's terminating error) tells the host what it could not write.
        /// </summary>
        public void Dispose()
        {
            if (_dispatcher != null && (_dispatcher.Pending > 0 || _beingWritten != null)) TellHostWhatIsUnreported();
            _dispatcher?.Dispose();
        }

        // ---- dispatch

        /// <summary>
        /// Starts one cancel, first waiting (on the pipeline thread, writing finished outcomes meanwhile) while the window
        /// is full, so input is read only as fast as it is handled.
        /// </summary>
        private void Dispatch(Target target, IIoTJobsClient client)
        {
            var dispatcher = _dispatcher!;
            bool probe = !dispatcher.IsProven(client);
            while (!dispatcher.HasRoom) WaitAndWrite();
            var token = dispatcher.Token;
            dispatcher.Add((target, client), Start(() => CancelAsync(client, target, token)));
            if (probe || dispatcher.Sequential)
            {
                // The first cancel through a client runs alone (wrong credentials cost one request), and a limit of 1
                // writes each item before the next one is read.
                WriteAllPending();
                if (!IsRefused(client)) dispatcher.MarkProven(client);
            }
            else
            {
                WriteFinished();
                ReportProgress();
            }
        }

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
            while (_dispatcher!.TryTakeFinished(out var entry)) WriteOutcome(entry.Target.Target, entry.Target.Client, OutcomeOf(entry));
        }

        private CancelOutcome OutcomeOf(BulkDispatcher<(Target, IIoTJobsClient), CancelOutcome>.Entry entry)
        {
            var task = entry.Task;
            if (task.Status == TaskStatus.RanToCompletion) return task.Result;
            if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            // Not a service error (those are outcomes): a bug or a broken environment. Stop.
            var error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            throw error; // not reached
        }

        /// <summary>The one path an outcome takes to PowerShell: the object first, then what goes with it.</summary>
        private void WriteOutcome(Target target, IIoTJobsClient client, CancelOutcome outcome)
        {
            var item = TargetObjectOf(target, client.Region);
            switch (outcome.Kind)
            {
                case OutcomeKind.Applied:
                    WriteAppliedObject(outcome, target, client);
                    WriteRecords(outcome);
                    break;
                case OutcomeKind.Refused:
                    Progress?.AddFailed();
                    WriteRefused(outcome.Refusal!, item, client);
                    break;
                default:
                    Progress?.AddFailed();
                    if (outcome.Refusal != null) MarkRefused(outcome.Refusal, client);
                    Report.Error(NewError(outcome.Exception!, outcome.ErrorId!, outcome.Category, item));
                    break;
            }
        }

        private void WriteAppliedObject(CancelOutcome outcome, Target target, IIoTJobsClient client)
        {
            Progress?.AddCanceled(outcome.Result == CancelResult.AlreadyCanceled);
            _beingWritten = Named(target, client);
            WriteApplied(outcome, target, client);
            _beingWritten = null;
        }

        /// <summary>For a WriteApplied with records of its own (Stop-IoTJob -Wait): its object is written, or the host was told of it.</summary>
        private protected void AppliedObjectAccountedFor() => _beingWritten = null;

        private static string Named(Target target, IIoTJobsClient client) => $"{target} ({client.Region})";

        private void WriteRecords(CancelOutcome outcome)
        {
            if (outcome.Verbose != null) Report.Verbose(outcome.Verbose);
            foreach (var warning in outcome.Warnings) Report.Warning(warning);
        }

        private void ReportProgress()
        {
            var record = Progress?.Next();
            if (record != null) Report.Progress(record);
        }

        // ---- the promise: applied cancels are written before anything that ends the command

        /// <summary>
        /// Runs pipeline-thread work while cancels may be in flight, and ends it the way PowerShell expects: an error that
        /// stops the command gets the applied cancels written first; Ctrl+C and a downstream stop get the host told.
        /// </summary>
        private void Dispatching(Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                TellHostWhatIsUnreported();
                throw new PipelineStoppedException();
            }
            catch (PipelineStoppedException)
            {
                // A later command stopped the pipeline (Select-Object -First) or Ctrl+C: nothing can be written any more.
                TellHostWhatIsUnreported();
                throw;
            }
            catch (Exception) when (!StopToken.IsCancellationRequested)
            {
                // An item's error turned into a stop by its preference, or a bug: send nothing more, and write every
                // cancel that was applied before the command ends.
                WriteAppliedFirst();
                throw;
            }
        }

        /// <summary>
        /// Awaits the cancels in flight (never aborting them) and writes every applied one, then the other outcomes'
        /// records; the Reporter calls it before any record that may end the command.
        /// </summary>
        private void WriteAppliedFirst()
        {
            var dispatcher = _dispatcher;
            if (dispatcher == null || dispatcher.Pending == 0) return;
            var later = new List<(Target Target, IIoTJobsClient Client, CancelOutcome? Outcome)>();
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
                    var (target, client) = entry.Target;
                    if (outcome?.Kind == OutcomeKind.Applied) WriteAppliedObject(outcome, target, client);
                    later.Add((target, client, outcome));
                }
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is OperationCanceledException)
            {
                TellHostWhatIsUnreported();
                return;
            }
            // Every object is out; now the records of the drained outcomes (any of them may end the command now).
            var failed = new List<string>();
            foreach (var (target, client, outcome) in later)
            {
                if (outcome?.Kind == OutcomeKind.Applied) WriteRecords(outcome);
                else
                {
                    Progress?.AddFailed();
                    if (outcome?.Refusal != null) MarkRefused(outcome.Refusal, client);
                    failed.Add($"{target} in {client.Region}: {outcome?.ErrorId ?? outcome?.Refusal?.ErrorCode ?? "not finished"}");
                }
            }
            if (failed.Count > 0 && !Report.Stops(Reporting.Stream.Warning))
            {
                Report.Warning($"The command is stopping at an error; {failed.Count} other cancel(s) that were in flight failed and were not canceled: " +
                               string.Join("; ", failed.Take(10)) + (failed.Count > 10 ? "; ..." : "") + ".");
            }
        }

        /// <summary>
        /// Ctrl+C or a downstream stop: PowerShell takes no more output, so the host is told how many cancels may have
        /// been applied without being reported, and which (up to 20).
        /// </summary>
        private void TellHostWhatIsUnreported()
        {
            var dispatcher = _dispatcher;
            if (dispatcher == null || _toldHost) return;
            _toldHost = true;
            var unreported = dispatcher.PendingEntries
                .Where(e => !e.Task.IsCompleted || e.Task.Status != TaskStatus.RanToCompletion || e.Task.Result.MayBeApplied)
                .Select(e => Named(e.Target.Target, e.Target.Client)).ToList();
            if (_beingWritten != null) unreported.Insert(0, _beingWritten);
            dispatcher.Abandon();
            if (unreported.Count == 0) return;
            try
            {
                Host?.UI?.WriteWarningLine(
                    $"Stopped with {unreported.Count} cancel(s) that may have been applied and were not reported: " +
                    string.Join("; ", unreported.Take(20)) + (unreported.Count > 20 ? $"; and {unreported.Count - 20} more" : "") +
                    ". Read them back before acting on them again.");
            }
            catch (Exception)
            {
                // A host that cannot write must not keep Ctrl+C from working.
            }
        }
    }
}
