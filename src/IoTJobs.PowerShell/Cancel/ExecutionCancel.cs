namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>One execution: CancelJobExecution, read back with DescribeJobExecution.</summary>
    internal sealed class ExecutionCancel(CancelEngine engine, IIoTJobsClient client, ExecutionTarget target)
        : CancelSubject<JobExecutionData>(engine, client, "the execution", "Its status, version and other fields are left empty.")
    {
        public override string Names => $"job '{target.Job}' on thing '{target.Thing}'";
        public override string CheckCommand => $"Get-IoTJobExecution -ThingName {target.Thing} -JobId {target.Job}";

        public override Task CancelAsync(CancellationToken ct) => Client.CancelJobExecutionAsync(new CancelJobExecutionRequest
        {
            ThingName = target.Thing,
            JobId = target.Job,
            Force = Engine.Force,
            ExpectedVersion = target.ExpectedVersion,
            StatusDetails = Engine.StatusDetails == null ? null : new Dictionary<string, string>(Engine.StatusDetails, StringComparer.Ordinal),
        }, ct);

        public override Task<JobExecutionData> ReadAsync(CancellationToken ct) => Client.DescribeJobExecutionAsync(target.Thing, target.Job, null, ct);

        public override string? StatusOf(JobExecutionData state) => state.Status;

        public override object Output(JobExecutionData? state, CancelResult result)
        {
            var execution = state == null
                ? new JobExecution { ThingName = target.Thing, JobId = target.Job, Region = Region }
                : ModelMapper.ToJobExecution(state, target.Thing, target.Job, Region);
            execution.Outcome = result;
            return execution;
        }

        public override string CanceledNote(JobExecutionData state) =>
            $"Canceled job '{target.Job}' on thing '{target.Thing}' (version {CancelEngine.Show(state.VersionNumber)}).";

        public override IEnumerable<string> Checks(JobExecutionData state)
        {
            // CancelJobExecution has no execution number: it acts on the thing's current execution of the job.
            if (target.ExecutionNumber is long named && state.ExecutionNumber is long canceled && named != canceled)
            {
                yield return $"The input named execution number {named} of job '{target.Job}' on thing '{target.Thing}', but the execution canceled is number {canceled}: " +
                             "a cancel acts on the thing's current execution of the job, and it is not the one the input was read from. " +
                             $"Check that it is the one meant ({CheckCommand}).";
            }
        }

        public override bool NeedsState(IoTServiceException ex) =>
            ex.ErrorCode == ErrorCodes.InvalidStateTransitionException || ex.ErrorCode == ErrorCodes.VersionConflictException;

        public override CancelOutcome Explain(IoTServiceException ex, JobExecutionData? current, IoTServiceException? readError)
        {
            var known = current != null
                ? $"its status is {current.Status}"
                : $"its current status could not be read ({readError?.ErrorCode ?? "unknown"}: {(readError == null ? "" : ServiceErrors.Said(readError))})";
            if (ex.IsThrottling) return Fail(ex, current, "Throttled", ErrorCategory.LimitsExceeded, Throttled(ex, "executions"));
            switch (ex.ErrorCode)
            {
                case ErrorCodes.ResourceNotFoundException:
                    return Fail(ex, current, "JobExecutionNotFound", ErrorCategory.ObjectNotFound,
                        $"There is no execution of job '{target.Job}' on thing '{target.Thing}' in region {Region} (the job, the thing or the execution does not exist): {ServiceErrors.Said(ex)}");
                case ErrorCodes.VersionConflictException:
                {
                    var state = current != null
                        ? $"it is now at version {CancelEngine.Show(current.VersionNumber)} with status {current.Status ?? "unknown"}"
                        : $"its current state could not be read ({readError?.ErrorCode ?? "unknown"}: {(readError == null ? "" : ServiceErrors.Said(readError))})";
                    return Fail(ex, current, "JobExecutionVersionConflict", ErrorCategory.InvalidOperation,
                        $"The execution of {Names} was not canceled: -ExpectedVersion {CancelEngine.Show(target.ExpectedVersion)} does not match, {state}. It changed since it was read; read it again (Get-IoTJobExecution) before deciding.");
                }
                case ErrorCodes.InvalidStateTransitionException:
                {
                    var status = current?.Status;
                    if (status == "IN_PROGRESS" && !Engine.Force)
                    {
                        return Fail(ex, current, "JobExecutionInProgress", ErrorCategory.InvalidOperation,
                            $"The execution of {Names} is IN_PROGRESS: the device is working on it, and only a forced cancel stops it. Pass -Force to cancel it anyway (the device may then be unable to report the status of this execution).");
                    }
                    if (status != null && IsTerminal(status))
                    {
                        return Fail(ex, current, "JobExecutionTerminal", ErrorCategory.InvalidOperation,
                            $"The execution of {Names} has already ended with status {status}; an execution in a terminal state cannot be canceled.");
                    }
                    return Fail(ex, current, "ServiceError", ErrorCategory.InvalidOperation,
                        $"The service refused to cancel {Names} ({ex.ErrorCode}, HTTP {ex.StatusCode}): {ServiceErrors.Said(ex)} ({known}).");
                }
            }
            return Fail(ex, current, "ServiceError", ServiceErrors.CategoryOf(ex), Failed(ex));
        }

        public override CancelOutcome Fail(IoTServiceException ex, JobExecutionData? current, string errorId, ErrorCategory category, string message, IoTServiceException? refusal = null)
        {
            var error = IoTJobsException.For(ex, message, target.Thing, target.Job);
            error.CurrentStatus = current == null ? null : EnumParser.Parse<JobExecutionStatus>(current.Status);
            error.CurrentVersion = current?.VersionNumber;
            return CancelOutcome.Failed(errorId, category, error, refusal);
        }

        private static bool IsTerminal(string status) =>
            status is "SUCCEEDED" or "FAILED" or "TIMED_OUT" or "REJECTED" or "REMOVED" or "CANCELED";
    }
}
