using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Cancels whole AWS IoT jobs (CancelJob): the service stops the rollout and cancels the executions itself.</para>
    /// <para type="description">
    /// One request per job instead of one per execution: AWS cancels the job's QUEUED executions (and, with -Force, its
    /// IN_PROGRESS ones) server-side, at fleet scale. Executions already in a terminal state are left alone. Emits the job
    /// as the service describes it after the cancel (Status CANCELED, ReasonCode, Comment, execution counts).
    /// Canceling a job is irreversible and fleet-wide, so the cmdlet's ConfirmImpact is High: at the default preferences it
    /// asks per job (Yes / Yes to All / No / No to All, default No); a runbook passes -Confirm:$false. -WhatIf sends nothing.
    /// The service cancels the executions after CancelJob returns (AWS: about 1,000 a minute; meanwhile DescribeJob shows
    /// IsConcurrent true and the counts move); -Wait follows that with Write-Progress and emits the job once it is done.
    /// </para>
    /// </summary>
    /// <remarks>
    /// Parameter sets: no default set, for the same reason as Stop-IoTJobExecution: a piped Job must reach -InputObject by
    /// value (keeping its Status for the prompt). -JobId binds by property name only (JobId/JobArn); a piped string is read
    /// from the hidden -PipelineObject as a job id. Nothing else piped becomes a job id: a Thing's name is not a job's,
    /// and any object that names an execution (a ThingName or ThingArn beside the job, an ExecutionNumber, an AWS.Tools
    /// job execution summary, whatever its type names say: CSV, JSON, Clixml) is refused, because canceling its whole
    /// job on every device is not what piping one execution means.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Job))]
    public sealed class StopIoTJobCommand : IoTJobsCmdlet
    {
        private const string ByIdSet = "ById";
        private const string InputObjectSet = "InputObject";

        internal const string ForceConsequence =
            "devices working on this job may be unable to report the status of their execution";

        /// <summary>Job ids or job ARNs to cancel. Piped strings are job ids; JobId/JobArn properties bind here too.</summary>
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

        /// <summary>
        /// Also cancel the job's IN_PROGRESS executions (the service's force=true); devices working on them may then be
        /// unable to report their status. Asks for confirmation per job unless -Confirm:$false.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Why the job was canceled, stored on the job: 1 to 128 upper-case letters, digits and underscores (e.g. BAD_FIRMWARE).</summary>
        [Parameter]
        [ValidateCancelText(CancelTextKind.ReasonCode)]
        public string? ReasonCode { get; set; }

        /// <summary>A comment stored on the job: 1 to 2028 characters, no control characters.</summary>
        [Parameter]
        [ValidateCancelText(CancelTextKind.Comment)]
        public string? Comment { get; set; }

        /// <summary>
        /// After the cancel is accepted, follow the service-side cancel (DescribeJob, once a second) with Write-Progress
        /// until the service has finished canceling executions (IsConcurrent false), then emit the job with its final
        /// counts. Ctrl+C stops the waiting, not the cancel.
        /// </summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>
        /// With -Wait: the most seconds to wait for each job (1 to 604800; default 3600, an hour: AWS cancels about
        /// 60,000 executions in that time). When it runs out, an error (WaitTimeout) says the cancel is still going on.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int Timeout { get; set; } = DefaultWaitTimeoutSeconds;

        /// <summary>The piped object itself: a piped string is a job id; for objects, the error records' TargetObject and the source of their Region. Hidden: users pipe, they never type it.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? PipelineObject { get; set; }

        private readonly HashSet<(string Region, string JobId)> _handled = new HashSet<(string, string)>();
        private Confirmation _confirmation = null!;
        private bool _jobsOnCommandLine;
        private const string Command = "Stop-IoTJob";

        protected override void BeginProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && !Wait)
            {
                ThrowTerminatingError(NewError(new ArgumentException("-Timeout limits how long -Wait waits: give -Wait too."),
                    "TimeoutNeedsWait", ErrorCategory.InvalidArgument, Timeout));
            }
            base.BeginProcessing();
            _confirmation = new Confirmation(this);
            _jobsOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(JobId));
        }

        protected override void ProcessRecord()
        {
            foreach (var (client, jobId, knownStatus, item) in ResolveTargets())
            {
                if (!_handled.Add((client.Region, jobId)))
                {
                    WriteVerbose($"Skipping job '{jobId}' in {client.Region}: already handled earlier in this pipeline (each job is canceled once).");
                    continue;
                }
                if (SkipRefused(client, item)) continue;
                if (!Confirm(client, jobId, knownStatus, item)) continue;

                WriteVerbose($"Canceling job '{jobId}' in {client.Region}" + (Force ? " with force" : "") +
                             (ReasonCode != null ? $", reason code {ReasonCode}" : "") + (Comment != null ? ", with a comment" : "") + ".");
                try
                {
                    CancelOne(client, jobId, item);
                }
                catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
            }
        }

        private IEnumerable<(IIoTJobsClient Client, string JobId, string? KnownStatus, object Item)> ResolveTargets()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var job in InputObject)
                {
                    if (job == null) continue;
                    if (string.IsNullOrEmpty(job.JobId))
                    {
                        WriteItemError(NewError(new ArgumentException("The Job object has no JobId; it is needed to cancel the job."),
                            "InvalidInputObject", ErrorCategory.InvalidArgument, job));
                        continue;
                    }
                    if (!PipedRegion.Apply(this, job)) continue;
                    yield return (GetClient(), job.JobId, job.StatusText ?? job.Status?.ToString(), job);
                }
                yield break;
            }

            var piped = PipedObject.Unwrap(PipelineObject);
            // The object's region, then the regions of the ARNs it was named by (typed, bound or piped; see ArnNames).
            if (!PipedRegion.Apply(this, piped) || !ResolveArnNames(piped)) yield break;
            var jobs = JobId;
            if (MyInvocation.ExpectingInput && !TryJobs(piped, ref jobs)) yield break;
            if (!MyInvocation.ExpectingInput && jobs.Length == 0)
            {
                ThrowTerminatingError(NewError(new ArgumentException("Nothing to cancel: -JobId is missing. Name the jobs (Stop-IoTJob -JobId fw-2026-11) or pipe them (Get-IoTJob -JobId fw-2026-11 | Stop-IoTJob)."),
                    "MissingJobId", ErrorCategory.InvalidArgument, null));
            }
            var client = GetClient();
            foreach (var jobId in jobs)
            {
                // Names typed on the command line: a Job naming the job is the TargetObject, so failures pipe straight back in.
                yield return (client, jobId, null, piped ?? new Job { JobId = jobId, Region = client.Region });
            }
        }

        /// <summary>
        /// The job ids one piped item names: a string, or a JobId/JobArn property (bound by name). False, after writing
        /// the item's error, for anything that names an execution, another kind of object, or nothing.
        /// </summary>
        private bool TryJobs(object? piped, ref string[] jobs)
        {
            if (PipedObject.IsThingGroup(piped))
            {
                // A group is not a job: never cancel a job by a group's name.
                return Refuse("ThingGroupPipedToStopJob", piped,
                    $"A thing group ('{piped}') was piped in; Stop-IoTJob cancels whole jobs. To cancel a job on this group's things only, pipe its things: Get-IoTThing -ThingGroupName <group> | Stop-IoTJobExecution -JobId <job>; to cancel a job, pass -JobId. Nothing was canceled for this input.");
            }
            if (PipedObject.NamesExecution(piped))
            {
                // An execution names one thing's run of a job; canceling the whole job for the fleet because of it is
                // almost certainly not what was meant (Stop-IoTJobExecution was).
                return Refuse("JobExecutionPipedToStopJob", piped,
                    $"Stop-IoTJob cancels a whole job on every thing, and {PipedObject.Describe(piped)} names one job execution (it has {PipedObject.ExecutionMarks(piped)}). Nothing was canceled. " +
                    "To cancel this execution only, pipe it to Stop-IoTJobExecution; to cancel its whole job, pass -JobId or pipe the job itself (Get-IoTJob -JobId <id> | Stop-IoTJob).");
            }
            var text = PipedObject.AsString(piped);
            if (text != null)
            {
                if (_jobsOnCommandLine)
                {
                    return Refuse("PipedStringWithJobId", piped,
                        $"The string '{text}' was piped to {Command}, and piped strings are job ids, but -JobId was given too. Nothing was canceled. Pipe the job ids, or pass -JobId without piping.");
                }
                try
                {
                    jobs = new[] { PipedNames.FromString(IoTNameKind.JobId, text) };
                }
                catch (ArgumentException ex)
                {
                    return Refuse("InvalidPipedName", piped, $"The piped string cannot be used as a job id: {ex.Message} Nothing was canceled.");
                }
                return true;
            }
            var pipedId = PipedObject.PropertyText(piped, "JobId");
            var pipedArn = PipedObject.PropertyText(piped, "JobArn");
            if (pipedId != null && IoTNames.NameFromArn("job", pipedArn) is string inArn && inArn != pipedId)
            {
                return Refuse("NameConflict", piped,
                    $"The piped object's JobId '{MessageText.Shorten(pipedId)}' and its JobArn '{MessageText.Shorten(pipedArn!)}' name different jobs. Nothing was canceled; fix the object so that they agree.");
            }
            var pipedJob = pipedId ?? pipedArn;
            if (_jobsOnCommandLine && pipedJob != null && !(jobs.Length == 1 && (jobs[0] == pipedJob || pipedJob.EndsWith(":job/" + jobs[0], StringComparison.Ordinal))))
            {
                return Refuse("NameConflict", piped,
                    $"The piped object names job '{pipedJob}', but -JobId {string.Join(", ", jobs)} was given. Nothing was canceled. Leave out -JobId to cancel the object's job, or pass -JobId without piping.");
            }
            if (jobs.Length == 0)
            {
                var advice = PipedObject.ModuleKind(piped) switch
                {
                    "Thing" => $"To cancel a job's execution on this thing only, use Stop-IoTJobExecution -ThingName {PipedObject.PropertyText(piped, "ThingName")} -JobId <job>.",
                    "ThingGroup" => "To stop a job on a group's things, pipe them to Stop-IoTJobExecution: Get-IoTThing -ThingGroupName <group> | Stop-IoTJobExecution -JobId <job>.",
                    _ => "Pipe jobs (Get-IoTJob), job ids as strings, or objects with a JobId (or JobArn) property, or pass -JobId.",
                };
                return Refuse("MissingJobId", piped, PipedNames.Missing(Command, IoTNameKind.JobId, piped, advice));
            }
            return true;
        }

        private bool Refuse(string errorId, object? piped, string message)
        {
            WriteItemError(NewError(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, piped));
            return false;
        }

        private bool Confirm(IIoTJobsClient client, string jobId, string? knownStatus, object item)
        {
            var status = knownStatus != null ? $"last known status {knownStatus}" : "status unknown";
            string whatIf, query, caption;
            if (Force)
            {
                whatIf = $"Force-canceling job '{jobId}' ({status}) in {client.Region}: its QUEUED and IN_PROGRESS executions on every thing are canceled and the rollout stops.";
                query = $"Force-cancel job '{jobId}' ({status}) in {client.Region}? Every QUEUED and IN_PROGRESS execution of it is canceled on every thing, " +
                        $"and {ForceConsequence}.";
                caption = "Force-cancel job";
            }
            else
            {
                whatIf = $"Canceling job '{jobId}' ({status}) in {client.Region}: its QUEUED executions on every thing are canceled and the rollout stops.";
                query = $"Cancel job '{jobId}' ({status}) in {client.Region}? Its QUEUED executions are canceled on every thing and the rollout stops.";
                caption = "Cancel job";
            }
            return _confirmation.Confirm(whatIf, query, caption, ConfirmImpact.High,
                (why, ex) => NewError(new IoTJobsException($"{(Force ? "Force-canceling" : "Canceling")} job '{jobId}' needs confirmation, but this host cannot prompt ({why}). Nothing was canceled. {Confirmation.CannotPromptAdvice}", ex) { JobId = jobId },
                    "ConfirmationRequired", ErrorCategory.InvalidOperation, item),
                $"Not canceling job '{jobId}': not confirmed.");
        }

        private void CancelOne(IIoTJobsClient client, string jobId, object item)
        {
            var request = new CancelJobRequest { JobId = jobId, Force = Force, ReasonCode = ReasonCode, Comment = Comment };
            try
            {
                Run(ct => client.CancelJobAsync(request, ct));
            }
            catch (IoTServiceException ex)
            {
                OnCancelError(client, jobId, item, ex);
                return;
            }
            WriteCanceled(client, jobId, item, alreadyCanceled: null);
        }

        /// <summary>The cancel was accepted (or found done): emit the job as the service now describes it, never made up.</summary>
        private void WriteCanceled(IIoTJobsClient client, string jobId, object item, string? alreadyCanceled, JobData? known = null)
        {
            JobData? data = known;
            if (data == null)
            {
                try
                {
                    // CancelJob is eventually consistent: DescribeJob right after it may still show IN_PROGRESS.
                    data = Run(ct => EventualConsistency.ReadUntilAsync(c => client.DescribeJobAsync(jobId, c), d => d.Status == "CANCELED", ct));
                }
                catch (IoTServiceException ex)
                {
                    // The cancel was applied, so it is reported whatever the read-back says (an access-denied answer
                    // here still stops the rest of this region's items, below).
                    WriteWarning($"The service accepted the cancel of job '{jobId}', but reading the job back failed ({ex.ErrorCode}, HTTP {ex.StatusCode}, request id {ex.RequestId ?? "none"}): {ex.ServiceMessage ?? ex.Message} Its status and counts are left empty.");
                    WriteObject(new Job { JobId = jobId, Region = client.Region });
                    if (IsFatalForAllItems(ex)) WriteAccessDenied(ex, item, client);
                    return;
                }
            }

            if (alreadyCanceled != null) WriteVerbose(alreadyCanceled);
            else if (data.Status == "CANCELED")
                WriteVerbose($"Canceled job '{jobId}' in {client.Region}: {data.ProcessDetails?.NumberOfCanceledThings?.ToString() ?? "?"} execution(s) canceled so far, {data.ProcessDetails?.NumberOfInProgressThings?.ToString() ?? "?"} in progress.");
            else
                WriteWarning($"The service accepted the cancel of job '{jobId}', but still reports status {data.Status ?? "(none)"}; CANCELED can take a moment to show (it is eventually consistent). The object shows what the service reported.");
            if (Wait) WaitForCancel(client, jobId, item, data);
            else WriteObject(ModelMapper.ToJob(data, jobId, client.Region));
        }

        private void OnCancelError(IIoTJobsClient client, string jobId, object item, IoTServiceException ex)
        {
            if (IsFatalForAllItems(ex))
            {
                WriteAccessDenied(ex, item, client);
                return;
            }
            var region = client.Region;

            // A refused cancel (409), or an attempt that may have been applied without its answer arriving: only the
            // job's current state says what happened.
            bool ambiguous = ServiceErrors.MayHaveBeenApplied(ex);
            if (IsRefusalAboutTheJob(ex))
            {
                OnRefusedCancel(client, jobId, item, ex, ambiguous);
                return;
            }
            JobData? current = null;
            IoTServiceException? describeError = null;
            if (ambiguous && !TryDescribeAfterError(client, jobId, item, out current, out describeError)) return;
            if (current?.Status == "CANCELED" && ambiguous)
            {
                WriteCanceled(client, jobId, item,
                    $"Job '{jobId}' is CANCELED: an earlier attempt of this request reached the service before its response was lost, or it was already canceled ({ex.ErrorCode} on attempt {ex.Attempts}).", current);
                return;
            }
            if (ambiguous && current == null)
            {
                WriteOutcomeUnknown(client, jobId, item, ex, describeError);
                return;
            }

            // The ids and categories every cmdlet uses (Throttled, JobNotFound, ...); only the messages are this cmdlet's own.
            var (errorId, category) = ServiceErrors.Classify(ex, "JobNotFound");
            string message;
            if (ex.ErrorCode == ErrorCodes.LimitExceededException)
            {
                // 410: an account limit on jobs being canceled or deleted at once; retrying later can work.
                (errorId, category) = ("LimitExceeded", ErrorCategory.LimitsExceeded);
                message = $"The service refused to cancel job '{jobId}' in {region}: a limit was exceeded ({ex.ErrorCode}, HTTP {ex.StatusCode}, after {ex.Attempts} attempt(s)): {ex.ServiceMessage ?? ex.Message} Wait for other job cancellations or deletions to finish, then retry.";
            }
            else if (errorId == "Throttled")
            {
                message = $"The service throttled the cancel of job '{jobId}' in {region} ({ex.ErrorCode}) and still refused it after {ex.Attempts} attempt(s). Retry later, or cancel fewer jobs per second.";
            }
            else if (errorId == "JobNotFound")
            {
                message = $"Job '{jobId}' was not found in {region}: {ex.ServiceMessage ?? ex.Message}";
            }
            else
            {
                message = $"Canceling job '{jobId}' in {region} failed: {ex.ErrorCode} (HTTP {ex.StatusCode}{(ex.Attempts > 1 ? $", after {ex.Attempts} attempts" : "")}): {ex.ServiceMessage ?? ex.Message}" +
                          (ex.RetryQuotaNote == null ? "" : " " + ex.RetryQuotaNote);
            }
            WriteItemError(NewError(Describe(ex, message, null, jobId), errorId, category, item));
        }

        // ---- a cancel the service refused because of the job's state (a job that has finished, or is being deleted)

        /// <summary>
        /// Describes the job after its cancel failed, to tell what happened. False (after writing the item's
        /// AccessDenied) when the service refused the describe as a whole; otherwise true, with the job or the
        /// describe's own error.
        /// </summary>
        private bool TryDescribeAfterError(IIoTJobsClient client, string jobId, object item, out JobData? current, out IoTServiceException? describeError)
        {
            current = null;
            describeError = null;
            try
            {
                current = Run(ct => client.DescribeJobAsync(jobId, ct));
            }
            catch (IoTServiceException dex)
            {
                if (IsFatalForAllItems(dex))
                {
                    WriteAccessDenied(dex, item, client);
                    return false;
                }
                describeError = dex;
            }
            return true;
        }

        /// <summary>
        /// CancelJob's model lists no 409: a job that cannot be canceled any more (COMPLETED, DELETION_IN_PROGRESS) is
        /// refused with 400 InvalidRequestException, the only client error the model has for it, as the emulator does;
        /// a 409 InvalidStateTransitionException is handled the same way in case the service answers that. Either
        /// answer alone does not say why (a 400 is also what a bad request gets), so the job is described to tell.
        /// </summary>
        private static bool IsRefusalAboutTheJob(IoTServiceException ex) =>
            ex.StatusCode == 409 || ex.ErrorCode == ErrorCodes.InvalidRequestException;

        private void OnRefusedCancel(IIoTJobsClient client, string jobId, object item, IoTServiceException ex, bool ambiguous)
        {
            var region = client.Region;
            var answer = $"{ex.ErrorCode}, HTTP {ex.StatusCode}";
            var said = ex.ServiceMessage ?? ex.Message;
            if (!TryDescribeAfterError(client, jobId, item, out var current, out var describeError)) return;

            string errorId, message;
            var category = ErrorCategory.InvalidOperation;
            switch (current?.Status)
            {
                case "CANCELED" when Force && !ambiguous && (current.ProcessDetails?.NumberOfInProgressThings ?? 0) > 0:
                    // Canceled before, and the service will not cancel it again: -Force did not reach the executions
                    // still IN_PROGRESS. Never report that as done.
                    errorId = "JobAlreadyCanceled";
                    message = $"Job '{jobId}' in {region} was already canceled, and the service refused to cancel it again ({answer}): {said} " +
                              $"Its {current.ProcessDetails!.NumberOfInProgressThings} IN_PROGRESS execution(s) were not force-canceled. To force-cancel them: " +
                              $"Get-IoTJobExecution -JobId {jobId} -Status IN_PROGRESS | Stop-IoTJobExecution -Force";
                    break;
                case "CANCELED":
                    WriteCanceled(client, jobId, item, ambiguous
                        ? $"Job '{jobId}' is CANCELED: an earlier attempt of this request reached the service before its response was lost, or it was already canceled ({ex.ErrorCode} on attempt {ex.Attempts})."
                        : $"Job '{jobId}' was already canceled (the service answered the new cancel with {answer}); nothing to do.", current);
                    return;
                case "COMPLETED":
                    errorId = "JobTerminal";
                    message = $"Job '{jobId}' in {region} has already finished (COMPLETED: every execution of it has ended), so there is nothing to cancel. The service refused the cancel ({answer}): {said}";
                    break;
                case "DELETION_IN_PROGRESS":
                    errorId = "JobTerminal";
                    message = $"Job '{jobId}' in {region} is being deleted (DELETION_IN_PROGRESS) and cannot be canceled. The service refused the cancel ({answer}): {said}";
                    break;
                case null when ambiguous:
                    WriteOutcomeUnknown(client, jobId, item, ex, describeError);
                    return;
                case null:
                    bool invalidRequest = ex.ErrorCode == ErrorCodes.InvalidRequestException;
                    errorId = invalidRequest ? "InvalidRequest" : "ServiceError";
                    category = invalidRequest ? ErrorCategory.InvalidArgument : ErrorCategory.InvalidOperation;
                    message = $"The service refused to cancel job '{jobId}' in {region} ({answer}): {said} Its current status could not be read to tell why " +
                              $"({describeError?.ErrorCode ?? "unknown"}: {describeError?.ServiceMessage ?? describeError?.Message}).";
                    break;
                default:
                    // The job can still be canceled: the refusal is about the request itself.
                    bool invalid = ex.ErrorCode == ErrorCodes.InvalidRequestException;
                    errorId = invalid ? "InvalidRequest" : "ServiceError";
                    category = invalid ? ErrorCategory.InvalidArgument : ErrorCategory.InvalidOperation;
                    message = $"The service refused to cancel job '{jobId}' in {region} ({answer}): {said} The job is {current.Status}, so this is not about the job having finished" +
                              (invalid ? "; check the request (-ReasonCode, -Comment)." : ".");
                    break;
            }
            WriteItemError(NewError(Describe(ex, message, null, jobId), errorId, category, item));
        }

        /// <summary>A cancel whose answer was lost and whose job could not be read back: applied or not, nobody knows.</summary>
        private void WriteOutcomeUnknown(IIoTJobsClient client, string jobId, object item, IoTServiceException ex, IoTServiceException? describeError)
        {
            var message = ServiceErrors.OutcomeUnknown($"job '{jobId}'", client.Region, "the job", ex, describeError, $"Get-IoTJob -JobId {jobId} -Region {client.Region}");
            WriteItemError(NewError(Describe(ex, message, null, jobId), ServiceErrors.OutcomeUnknownId, ErrorCategory.ConnectionError, item));
        }

        // ---- -Wait: following the service-side cancel

        internal const int DefaultWaitTimeoutSeconds = 3600;

        /// <summary>
        /// How often -Wait describes the job: once a second, a tenth of DescribeJob's default limit (10 requests per second
        /// per account and region), so other callers keep their share; the client's adaptive rate limiting slows it further
        /// if the service throttles.
        /// </summary>
        internal static TimeSpan WaitPollInterval = TimeSpan.FromSeconds(1);

        internal const string WaitActivity = "Waiting for the service-side cancel";

        // Read by StopProcessing (another thread) to say what Ctrl+C stopped.
        private volatile string? _waitingFor;

        /// <summary>
        /// Follows the cancel of one job until the service has finished it: DescribeJob at <see cref="WaitPollInterval"/>,
        /// Write-Progress from its counts, then the job with its final counts. The service is done when IsConcurrent is
        /// false (for a service that does not send IsConcurrent: when nothing is left to cancel).
        /// </summary>
        private void WaitForCancel(IIoTJobsClient client, string jobId, object item, JobData first)
        {
            var region = client.Region;
            var data = first;
            var clock = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(Timeout);
            int activityId = (MyInvocation.GetHashCode() ^ StringComparer.Ordinal.GetHashCode(jobId)) & 0x7fffffff;
            var samples = new Queue<(TimeSpan At, int Canceled)>();
            bool shown = false;
            _waitingFor = $"{jobId}|{region}";
            try
            {
                if (!CancelFinished(data))
                    WriteVerbose($"Waiting for the service to cancel the executions of job '{jobId}' (up to {Timeout} s; Ctrl+C stops the waiting, not the cancel).");
                while (!CancelFinished(data))
                {
                    var (canceled, left) = CancelCounts(data);
                    if (clock.Elapsed >= limit)
                    {
                        if (shown) WriteProgress(new ProgressRecord(activityId, WaitActivity, "Timed out") { RecordType = ProgressRecordType.Completed });
                        // The cancel was applied: report the job as last described, then say the waiting ran out.
                        WriteObject(ModelMapper.ToJob(data, jobId, region));
                        WriteItemError(NewError(new IoTJobsException(
                                $"Stopped waiting for job '{jobId}' in {region} after {Timeout} s (-Timeout): the service is still canceling its executions ({canceled} canceled, {left} left). " +
                                $"The cancel goes on; follow it with Get-IoTJob -JobId {jobId} (IsConcurrent, CanceledCount), or wait longer with a larger -Timeout.")
                            { JobId = jobId }, "WaitTimeout", ErrorCategory.OperationTimeout, ModelMapper.ToJob(data, jobId, region)));
                        return;
                    }
                    WriteProgress(WaitProgress(activityId, jobId, canceled, left, clock.Elapsed, samples));
                    shown = true;
                    var remaining = limit - clock.Elapsed;
                    var pause = remaining < WaitPollInterval ? remaining : WaitPollInterval;
                    if (pause > TimeSpan.Zero) Run(ct => Task.Delay(pause, ct));
                    try
                    {
                        data = Run(ct => client.DescribeJobAsync(jobId, ct));
                    }
                    catch (IoTServiceException ex)
                    {
                        // The rest of this region's items are not sent after a refusal as a whole (their error says so).
                        if (IsFatalForAllItems(ex)) MarkRefused(ex, client);
                        if (shown) WriteProgress(new ProgressRecord(activityId, WaitActivity, "Failed") { RecordType = ProgressRecordType.Completed });
                        // The cancel was applied: report the job as last described, then say the waiting failed.
                        WriteObject(ModelMapper.ToJob(data, jobId, region));
                        WriteItemError(NewError(Describe(ex,
                                $"The service accepted the cancel of job '{jobId}', but following it failed ({ex.ErrorCode}, HTTP {ex.StatusCode}, after {ex.Attempts} attempt(s)): {ex.ServiceMessage ?? ex.Message} " +
                                $"The cancel goes on; follow it with Get-IoTJob -JobId {jobId}.", null, jobId),
                            "WaitFailed", ErrorCategory.ConnectionError, item));
                        return;
                    }
                }
                if (shown) WriteProgress(new ProgressRecord(activityId, WaitActivity, "Completed") { RecordType = ProgressRecordType.Completed });
                var (done, _) = CancelCounts(data);
                WriteVerbose($"The service has finished canceling job '{jobId}' in {region} after {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: {done} execution(s) canceled.");
                WriteObject(ModelMapper.ToJob(data, jobId, region));
            }
            finally
            {
                _waitingFor = null;
            }
        }

        private bool CancelFinished(JobData data)
        {
            if (data.IsConcurrent.HasValue) return !data.IsConcurrent.Value;
            var (_, left) = CancelCounts(data);
            return left == 0;
        }

        /// <summary>Executions canceled so far, and those the cancel still has to reach (QUEUED; with -Force also IN_PROGRESS).</summary>
        private (int Canceled, int Left) CancelCounts(JobData data)
        {
            var d = data.ProcessDetails;
            int left = (d?.NumberOfQueuedThings ?? 0) + (Force ? d?.NumberOfInProgressThings ?? 0 : 0);
            return (d?.NumberOfCanceledThings ?? 0, left);
        }

        private static ProgressRecord WaitProgress(int activityId, string jobId, int canceled, int left, TimeSpan elapsed,
            Queue<(TimeSpan At, int Canceled)> samples)
        {
            // The rate over the last ten seconds.
            samples.Enqueue((elapsed, canceled));
            while (samples.Count > 1 && elapsed - samples.Peek().At > TimeSpan.FromSeconds(10)) samples.Dequeue();
            var (at, then) = samples.Peek();
            double seconds = (elapsed - at).TotalSeconds;
            double rate = seconds > 0.5 ? (canceled - then) / seconds : 0;
            // Short enough for PowerShell's one-line progress view on an 80-column console.
            var status = string.Format(CultureInfo.InvariantCulture, "{0}: {1} canceled, {2} left, {3:0.#}/s", jobId, canceled, left, rate);
            var record = new ProgressRecord(activityId, WaitActivity, status)
            {
                CurrentOperation = "Ctrl+C stops the waiting; the service goes on canceling.",
            };
            if (canceled + left > 0) record.PercentComplete = Math.Min(100, canceled * 100 / (canceled + left));
            if (rate > 0) record.SecondsRemaining = (int)Math.Ceiling(left / rate);
            return record;
        }

        /// <summary>Ctrl+C while waiting: PowerShell takes no more output then, so the host is told directly what stopped and what did not.</summary>
        protected override void StopProcessing()
        {
            var waiting = _waitingFor;
            if (waiting != null)
            {
                var parts = waiting.Split('|');
                try
                {
                    Host?.UI?.WriteWarningLine(
                        $"Stopped waiting for job '{parts[0]}' in {parts[1]}. Only the waiting stopped: the service goes on canceling the job's executions. " +
                        $"Follow it with Get-IoTJob -JobId {parts[0]} (IsConcurrent, CanceledCount).");
                }
                catch (Exception)
                {
                    // A host that cannot write must not keep Ctrl+C from working.
                }
            }
            base.StopProcessing();
        }
    }
}
