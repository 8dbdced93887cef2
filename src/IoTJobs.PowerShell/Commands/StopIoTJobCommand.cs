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
    /// -Force is confirmed under the same matrix as Stop-IoTJobExecution; -WhatIf sends nothing.
    /// </para>
    /// </summary>
    /// <remarks>
    /// Parameter sets: no default set, for the same reason as Stop-IoTJobExecution: a piped Job must reach -InputObject by
    /// value (keeping its Status for the prompt), strings bind to -JobId by value, anything else with a JobId/JobArn
    /// property by name.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Stop, "IoTJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Job))]
    public sealed class StopIoTJobCommand : IoTJobsCmdlet
    {
        private const string ByIdSet = "ById";
        private const string InputObjectSet = "InputObject";

        internal const string ForceConsequence =
            "devices working on this job may be unable to report the status of their execution";

        /// <summary>Job ids or job ARNs to cancel. Strings piped in bind here; so do JobId/JobArn properties.</summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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

        /// <summary>The piped object itself: the error records' TargetObject, and its own Region. Hidden: users pipe, they never type it.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? PipelineObject { get; set; }

        private readonly HashSet<(string Region, string JobId)> _handled = new HashSet<(string, string)>();
        private ForceConfirmation _confirmation = null!;
        private string? _commandRegion;

        protected override void BeginProcessing()
        {
            _confirmation = new ForceConfirmation(this, Force.IsPresent);
            _commandRegion = Region;
            base.BeginProcessing();
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
                        WriteError(NewError(new ArgumentException("The Job object has no JobId; it is needed to cancel the job."),
                            "InvalidInputObject", ErrorCategory.InvalidArgument, job));
                        continue;
                    }
                    if (!PipedRegion.Apply(this, job, _commandRegion)) continue;
                    yield return (GetClient(), job.JobId, job.StatusText ?? job.Status?.ToString(), job);
                }
                yield break;
            }

            var piped = PipedObject.Unwrap(PipelineObject);
            if (PipedObject.IsJobExecution(piped))
            {
                // An execution names one thing's run of a job; canceling the whole job for the fleet because of it is
                // almost certainly not what was meant (Stop-IoTJobExecution was).
                WriteError(NewError(
                    new ArgumentException("Stop-IoTJob cancels a whole job on every thing, and a job execution was piped in. To cancel this execution only, pipe it to Stop-IoTJobExecution; to cancel its job, pass -JobId or pipe the job (Get-IoTJob)."),
                    "JobExecutionPipedToStopJob", ErrorCategory.InvalidArgument, piped));
                yield break;
            }
            if (!PipedRegion.Apply(this, piped, _commandRegion)) yield break;
            var client = GetClient();
            foreach (var jobId in JobId)
            {
                // Names typed on the command line: a Job naming the job is the TargetObject, so failures pipe straight back in.
                yield return (client, jobId, null, piped ?? new Job { JobId = jobId, Region = client.Region });
            }
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
            return _confirmation.Confirm(whatIf, query, caption,
                ex => NewError(new IoTJobsException($"{(Force ? "Force-canceling" : "Canceling")} job '{jobId}' needs confirmation, {ForceConfirmation.CannotPromptAdvice}", ex) { JobId = jobId },
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
                    if (IsFatalForAllItems(ex)) ThrowFatal(ex, item);
                    WriteWarning($"The service accepted the cancel of job '{jobId}', but reading the job back failed ({ex.ErrorCode}, HTTP {ex.StatusCode}, request id {ex.RequestId ?? "none"}): {ex.ServiceMessage ?? ex.Message} Its status and counts are left empty.");
                    WriteObject(new Job { JobId = jobId, Region = client.Region });
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
            if (IsFatalForAllItems(ex)) ThrowFatal(ex, item);
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
                    if (IsFatalForAllItems(dex)) ThrowFatal(dex, item);
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
            WriteError(NewError(Describe(ex, message, null, jobId), errorId, category, item));
        }
    }
}
