using System;
using System.Collections.Generic;
using System.Management.Automation;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Cancels whole AWS IoT jobs (CancelJob): the service stops the rollout and cancels the executions itself.</para>
    /// <para type="description">
    /// One request per job instead of one per execution: AWS cancels the job's QUEUED executions (and, with -Force, its
    /// IN_PROGRESS ones) server-side, at fleet scale. Executions already in a terminal state are left alone. Emits the job
    /// as the service describes it after the cancel (Status CANCELED, ReasonCode, Comment, execution counts).
    /// Canceling a job is irreversible and fleet-wide, so the cmdlet's ConfirmImpact is High: at the default preferences it
    /// asks per job (Yes / Yes to All / No / No to All, default No); a runbook passes -Confirm:$false. -WhatIf sends nothing.
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

        /// <summary>The piped object itself: a piped string is a job id; for objects, the error records' TargetObject and the source of their Region. Hidden: users pipe, they never type it.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? PipelineObject { get; set; }

        private readonly HashSet<(string Region, string JobId)> _handled = new HashSet<(string, string)>();
        private Confirmation _confirmation = null!;
        private bool _jobsOnCommandLine;
        private const string Command = "Stop-IoTJob";

        protected override void BeginProcessing()
        {
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
                if (!Confirm(client, jobId, knownStatus, item)) continue;
                if (SkipRefused(client, item)) continue;

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
            var jobs = JobId;
            if (MyInvocation.ExpectingInput && !TryJobs(piped, ref jobs)) yield break;
            if (!MyInvocation.ExpectingInput && jobs.Length == 0)
            {
                ThrowTerminatingError(NewError(new ArgumentException("Nothing to cancel: -JobId is missing. Name the jobs (Stop-IoTJob -JobId fw-2026-11) or pipe them (Get-IoTJob -JobId fw-2026-11 | Stop-IoTJob)."),
                    "MissingJobId", ErrorCategory.InvalidArgument, null));
            }
            if (!PipedRegion.Apply(this, piped)) yield break;
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
            var pipedJob = PipedObject.PropertyText(piped, "JobId") ?? PipedObject.PropertyText(piped, "JobArn");
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
            WriteObject(ModelMapper.ToJob(data, jobId, client.Region));
        }

        private void OnCancelError(IIoTJobsClient client, string jobId, object item, IoTServiceException ex)
        {
            if (IsFatalForAllItems(ex))
            {
                WriteAccessDenied(ex, item, client);
                return;
            }
            var region = client.Region;

            // A refused cancel (409), or a retry after a lost response: only the job's current state says what happened.
            bool ambiguous = ex.PreviousAttemptOutcomeUnknown || (ex.StatusCode == 409 && ex.Attempts > 1);
            JobData? current = null;
            IoTServiceException? describeError = null;
            if (ex.StatusCode == 409 || ambiguous)
            {
                try
                {
                    current = Run(ct => client.DescribeJobAsync(jobId, ct));
                }
                catch (IoTServiceException dex)
                {
                    if (IsFatalForAllItems(dex))
                    {
                        WriteAccessDenied(dex, item, client);
                        return;
                    }
                    describeError = dex;
                }
            }
            if (current?.Status == "CANCELED" && (ambiguous || ex.StatusCode == 409))
            {
                WriteCanceled(client, jobId, item, ambiguous
                    ? $"Job '{jobId}' is CANCELED: an earlier attempt of this request reached the service before its response was lost, or it was already canceled ({ex.ErrorCode} on attempt {ex.Attempts})."
                    : $"Job '{jobId}' was already canceled; nothing to do.", current);
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
            else if (ex.StatusCode == 409)
            {
                var status = current?.Status;
                (errorId, category) = (status != null ? "JobTerminal" : "ServiceError", ErrorCategory.InvalidOperation);
                message = status != null
                    ? $"Job '{jobId}' in {region} is {status} and cannot be canceled{(status == "COMPLETED" ? ": every execution of it has already ended" : "")} ({ex.ErrorCode}): {ex.ServiceMessage ?? ex.Message}"
                    : $"The service refused to cancel job '{jobId}' in {region} ({ex.ErrorCode}, HTTP 409): {ex.ServiceMessage ?? ex.Message} (its current status could not be read: {describeError?.ErrorCode ?? "unknown"}).";
            }
            else
            {
                message = $"Canceling job '{jobId}' in {region} failed: {ex.ErrorCode} (HTTP {ex.StatusCode}{(ex.Attempts > 1 ? $", after {ex.Attempts} attempts" : "")}): {ex.ServiceMessage ?? ex.Message}" +
                          (ex.RetryQuotaNote == null ? "" : " " + ex.RetryQuotaNote);
            }
            WriteItemError(NewError(Describe(ex, message, null, jobId), errorId, category, item));
        }
    }
}
