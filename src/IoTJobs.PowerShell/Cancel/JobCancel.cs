namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>One whole job: CancelJob, read back with DescribeJob.</summary>
    internal sealed class JobCancel(CancelEngine engine, IIoTJobsClient client, JobTarget target)
        : CancelSubject<JobData>(engine, client, "the job", "Its status and counts are left empty.")
    {
        public override string Names => $"job '{target.Job}'";
        protected override string Where => $" in {Region}";
        public override string CheckCommand => $"Get-IoTJob -JobId {target.Job} -Region {Region}";

        /// <summary>
        /// A job canceled before answers a new CancelJob as if it canceled it, so the job is read first: one request
        /// per job, so that Outcome tells this command's cancels from earlier ones. With -Force and executions still
        /// IN_PROGRESS the cancel is sent anyway: it is the way to reach them.
        /// </summary>
        public override async Task<CancelOutcome?> BeforeCancelAsync(CancellationToken ct)
        {
            JobData current;
            try
            {
                current = await ReadAsync(ct).ConfigureAwait(false);
            }
            catch (IoTServiceException)
            {
                return null;
            }
            if (current.Status != CancelEngine.Canceled) return null;
            if (Engine.Force && (current.ProcessDetails?.NumberOfInProgressThings ?? 0) > 0) return null;
            return CancelOutcome.Applied(Output(current, CancelResult.AlreadyCanceled), CancelResult.AlreadyCanceled, job: current,
                verbose: $"Job '{target.Job}' in {Region} was already canceled; nothing was sent.");
        }

        public override Task CancelAsync(CancellationToken ct) => Client.CancelJobAsync(new CancelJobRequest
        {
            JobId = target.Job,
            Force = Engine.Force,
            ReasonCode = Engine.ReasonCode,
            Comment = Engine.Comment,
        }, ct);

        public override Task<JobData> ReadAsync(CancellationToken ct) => Client.DescribeJobAsync(target.Job, ct);

        public override string? StatusOf(JobData state) => state.Status;

        public override object Output(JobData? state, CancelResult result)
        {
            var job = state == null ? new Job { JobId = target.Job, Region = Region } : ModelMapper.ToJob(state, target.Job, Region);
            job.Outcome = result;
            return job;
        }

        public override string CanceledNote(JobData state) =>
            $"Canceled job '{target.Job}' in {Region}: {state.ProcessDetails?.NumberOfCanceledThings?.ToString() ?? "?"} execution(s) canceled so far, {state.ProcessDetails?.NumberOfInProgressThings?.ToString() ?? "?"} in progress.";

        /// <summary>
        /// CancelJob's model lists no 409: a job that cannot be canceled any more (COMPLETED, DELETION_IN_PROGRESS) is
        /// refused with 400 InvalidRequestException, which is also what a bad request gets, so the job is described to tell.
        /// </summary>
        public override bool NeedsState(IoTServiceException ex) => ex.StatusCode == 409 || ex.ErrorCode == ErrorCodes.InvalidRequestException;

        public override CancelOutcome? CanceledButNotAsAsked(IoTServiceException ex, JobData current, bool ambiguous)
        {
            var inProgress = current.ProcessDetails?.NumberOfInProgressThings ?? 0;
            if (!Engine.Force || ambiguous || !NeedsState(ex) || inProgress == 0) return null;
            // Canceled before, and the service will not cancel it again: -Force did not reach the executions still IN_PROGRESS.
            return Fail(ex, current, "JobAlreadyCanceled", ErrorCategory.InvalidOperation,
                $"Job '{target.Job}' in {Region} was already canceled, and the service refused to cancel it again ({ex.ErrorCode}, HTTP {ex.StatusCode}): {ServiceErrors.Said(ex)} " +
                $"Its {inProgress} IN_PROGRESS execution(s) were not force-canceled. To force-cancel them: " +
                $"Get-IoTJobExecution -JobId {target.Job} -Status IN_PROGRESS | Stop-IoTJobExecution -Force");
        }

        public override CancelOutcome Explain(IoTServiceException ex, JobData? current, IoTServiceException? readError)
        {
            var answer = $"{ex.ErrorCode}, HTTP {ex.StatusCode}";
            var said = ServiceErrors.Said(ex);
            if (NeedsState(ex))
            {
                bool invalid = ex.ErrorCode == ErrorCodes.InvalidRequestException;
                var (id, category) = invalid ? ("InvalidRequest", ErrorCategory.InvalidArgument) : ("ServiceError", ErrorCategory.InvalidOperation);
                switch (current?.Status)
                {
                    case "COMPLETED":
                        return Fail(ex, current, "JobTerminal", ErrorCategory.InvalidOperation,
                            $"Job '{target.Job}' in {Region} has already finished (COMPLETED: every execution of it has ended), so there is nothing to cancel. The service refused the cancel ({answer}): {said}");
                    case "DELETION_IN_PROGRESS":
                        return Fail(ex, current, "JobTerminal", ErrorCategory.InvalidOperation,
                            $"Job '{target.Job}' in {Region} is being deleted (DELETION_IN_PROGRESS) and cannot be canceled. The service refused the cancel ({answer}): {said}");
                    case null:
                        return Fail(ex, null, id, category,
                            $"The service refused to cancel job '{target.Job}' in {Region} ({answer}): {said} Its current status could not be read to tell why " +
                            $"({readError?.ErrorCode ?? "unknown"}: {(readError == null ? null : ServiceErrors.Said(readError))}).");
                    default:
                        // The job can still be canceled: the refusal is about the request itself.
                        return Fail(ex, current, id, category,
                            $"The service refused to cancel job '{target.Job}' in {Region} ({answer}): {said} The job is {current.Status}, so this is not about the job having finished" +
                            (invalid ? "; check the request (-ReasonCode, -Comment)." : "."));
                }
            }
            if (ex.ErrorCode == ErrorCodes.LimitExceededException)
            {
                // 410: an account limit on jobs being canceled or deleted at once; retrying later can work.
                return Fail(ex, current, "LimitExceeded", ErrorCategory.LimitsExceeded,
                    $"The service refused to cancel job '{target.Job}' in {Region}: a limit was exceeded ({answer}, after {ex.Attempts} attempt(s)): {said} Wait for other job cancellations or deletions to finish, then retry.");
            }
            var (errorId, errorCategory) = ServiceErrors.Classify(ex, "JobNotFound");
            return errorId switch
            {
                "Throttled" => Fail(ex, current, errorId, errorCategory, Throttled(ex, "jobs")),
                "JobNotFound" => Fail(ex, current, errorId, errorCategory, $"Job '{target.Job}' was not found in {Region}: {said}"),
                _ => Fail(ex, current, errorId, errorCategory, Failed(ex)),
            };
        }

        public override CancelOutcome Fail(IoTServiceException ex, JobData? current, string errorId, ErrorCategory category, string message, IoTServiceException? refusal = null) =>
            CancelOutcome.Failed(errorId, category, IoTJobsException.For(ex, message, null, target.Job), refusal);
    }
}
