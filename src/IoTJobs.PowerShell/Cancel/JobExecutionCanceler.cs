using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>
    /// Cancels one execution and finds out what became of it (CancelJobExecution, then DescribeJobExecution). It never
    /// writes to PowerShell and never throws for a service error: it returns a <see cref="CancelOutcome"/>, so
    /// Stop-IoTJobExecution runs up to -ThrottleLimit of these at once and writes the outcomes on the pipeline thread. Only cancellation
    /// (Ctrl+C) escapes as OperationCanceledException.
    /// </summary>
    internal sealed class JobExecutionCanceler
    {
        private const string InvalidStateTransition = "InvalidStateTransitionException";
        private const string VersionConflict = "VersionConflictException";
        private const string ResourceNotFound = "ResourceNotFoundException";
        private const string Canceled = "CANCELED";

        private readonly bool _force;
        private readonly IDictionary<string, string>? _statusDetails;
        private readonly Func<IoTServiceException, bool> _isFatal;

        public JobExecutionCanceler(bool force, IDictionary<string, string>? statusDetails, Func<IoTServiceException, bool> isFatal)
        {
            _force = force;
            _statusDetails = statusDetails;
            _isFatal = isFatal;
        }

        public async Task<CancelOutcome> CancelAsync(ExecutionTarget target, CancellationToken ct)
        {
            // Times this item's requests with the service, apart from waits on the rate limiter (for the adaptive limit).
            var timer = ServiceTimer.Start();
            var outcome = await CancelAndDescribeAsync(target, ct).ConfigureAwait(false);
            outcome.ServiceTime = timer.Elapsed;
            return outcome;
        }

        private async Task<CancelOutcome> CancelAndDescribeAsync(ExecutionTarget target, CancellationToken ct)
        {
            var request = new CancelJobExecutionRequest
            {
                ThingName = target.ThingName,
                JobId = target.JobId,
                Force = _force,
                ExpectedVersion = target.ExpectedVersion,
                StatusDetails = _statusDetails == null ? null : new Dictionary<string, string>(_statusDetails, StringComparer.Ordinal),
            };

            try
            {
                await target.Client.CancelJobExecutionAsync(request, ct).ConfigureAwait(false);
            }
            catch (IoTServiceException ex)
            {
                return await FromCancelErrorAsync(target, ex, ct).ConfigureAwait(false);
            }

            return await AfterCancelAsync(target, ct).ConfigureAwait(false);
        }

        /// <summary>The cancel was accepted: report the execution as the service now describes it (never made up).</summary>
        private async Task<CancelOutcome> AfterCancelAsync(ExecutionTarget target, CancellationToken ct)
        {
            JobExecutionData data;
            try
            {
                data = await EventualConsistency.ReadUntilAsync(
                    c => target.Client.DescribeJobExecutionAsync(target.ThingName, target.JobId, null, c),
                    d => d.Status == Canceled, ct).ConfigureAwait(false);
            }
            catch (IoTServiceException ex)
            {
                // The cancel itself succeeded; only the read-back failed. Emit what is known for sure (the names),
                // and say plainly that the current state could not be read. An applied cancel is always reported, even
                // when the read-back was refused as a whole (then the refusal also stops the rest of this region's items).
                var bare = new JobExecution { ThingName = target.ThingName, JobId = target.JobId, Region = target.Region };
                return CancelOutcome.Canceled(bare, fatal: _isFatal(ex) ? ex : null, warning:
                    $"The service accepted the cancel of job '{target.JobId}' on thing '{target.ThingName}', but reading the execution back failed ({ex.ErrorCode}, HTTP {ex.StatusCode}, request id {ex.RequestId ?? "none"}): {ServiceText(ex)} Its status, version and other fields are left empty.");
            }

            var execution = ModelMapper.ToJobExecution(data, target.ThingName, target.JobId, target.Region);
            if (data.Status == Canceled)
            {
                return CancelOutcome.Canceled(execution, verbose: $"Canceled job '{target.JobId}' on thing '{target.ThingName}' (version {Show(data.VersionNumber)}).");
            }
            return CancelOutcome.Canceled(execution, warning:
                $"The service accepted the cancel of job '{target.JobId}' on thing '{target.ThingName}', but still reports status {data.Status ?? "(none)"}; CANCELED can take a moment to show (it is eventually consistent). The object shows what the service reported.");
        }

        private async Task<CancelOutcome> FromCancelErrorAsync(ExecutionTarget target, IoTServiceException ex, CancellationToken ct)
        {
            if (_isFatal(ex)) return CancelOutcome.StopAll(ex);

            // An attempt may have canceled the execution without its answer arriving (an earlier one, or the last one):
            // only the execution's current state can tell.
            bool ambiguous = ServiceErrors.MayHaveBeenApplied(ex);

            // The 409s need the current state to say what happened; so does an ambiguous failure of any kind. A
            // VersionConflictException carries only a message (its model has nothing else), so the execution is read.
            bool needState = ambiguous || ex.ErrorCode == InvalidStateTransition || ex.ErrorCode == VersionConflict;
            JobExecutionData? current = null;
            IoTServiceException? describeError = null;
            if (needState)
            {
                try
                {
                    current = await target.Client.DescribeJobExecutionAsync(target.ThingName, target.JobId, null, ct).ConfigureAwait(false);
                }
                catch (IoTServiceException dex)
                {
                    if (_isFatal(dex)) return CancelOutcome.StopAll(dex);
                    describeError = dex;
                }
            }

            if (current?.Status == Canceled && (ambiguous || ex.ErrorCode == InvalidStateTransition))
            {
                var execution = ModelMapper.ToJobExecution(current, target.ThingName, target.JobId, target.Region);
                var why = ambiguous
                    ? $"Job '{target.JobId}' on thing '{target.ThingName}' is CANCELED: an earlier attempt of this request reached the service before its response was lost, or it was already canceled ({ex.ErrorCode} on attempt {ex.Attempts})."
                    : $"Job '{target.JobId}' on thing '{target.ThingName}' was already canceled; nothing to do.";
                return CancelOutcome.Canceled(execution, verbose: why);
            }

            var names = $"job '{target.JobId}' on thing '{target.ThingName}'";
            if (ambiguous && current == null)
            {
                // Neither the answer nor the state is known: never report this as a plain failure.
                return Fail(target, ex, null, ServiceErrors.OutcomeUnknownId, ErrorCategory.ConnectionError,
                    ServiceErrors.OutcomeUnknown(names, target.Region, "the execution", ex, describeError,
                        $"Get-IoTJobExecution -ThingName {target.ThingName} -JobId {target.JobId}"));
            }
            if (ex.IsThrottling)
            {
                return Fail(target, ex, current, "Throttled", ErrorCategory.LimitsExceeded,
                    $"The service throttled the cancel of {names} ({ex.ErrorCode}) and still refused it after {ex.Attempts} attempt(s). Retry later, or cancel fewer executions per second.");
            }

            switch (ex.ErrorCode)
            {
                case ResourceNotFound:
                    return Fail(target, ex, current, "JobExecutionNotFound", ErrorCategory.ObjectNotFound,
                        $"There is no execution of job '{target.JobId}' on thing '{target.ThingName}' in region {target.Region} (the job, the thing or the execution does not exist): {ServiceText(ex)}");

                case VersionConflict:
                {
                    // CurrentStatus and CurrentVersion come from the DescribeJobExecution above.
                    var failure = Fail(target, ex, current, "JobExecutionVersionConflict", ErrorCategory.InvalidOperation, "");
                    var state = current != null
                        ? $"it is now at version {Show(current.VersionNumber)} with status {ShowStatus(failure.Exception!.CurrentStatus, current.Status)}"
                        : $"its current state could not be read ({describeError?.ErrorCode ?? "unknown"}: {(describeError == null ? "" : ServiceText(describeError))})";
                    return Rewrap(failure,
                        $"The execution of {names} was not canceled: -ExpectedVersion {Show(target.ExpectedVersion)} does not match, {state}. It changed since it was read; read it again (Get-IoTJobExecution) before deciding.");
                }

                case InvalidStateTransition:
                {
                    var status = current?.Status;
                    if (status == "IN_PROGRESS" && !_force)
                    {
                        return Fail(target, ex, current, "JobExecutionInProgress", ErrorCategory.InvalidOperation,
                            $"The execution of {names} is IN_PROGRESS: the device is working on it, and only a forced cancel stops it. Pass -Force to cancel it anyway (the device may then be unable to report the status of this execution).");
                    }
                    if (status != null && IsTerminal(status))
                    {
                        return Fail(target, ex, current, "JobExecutionTerminal", ErrorCategory.InvalidOperation,
                            $"The execution of {names} has already ended with status {status}; an execution in a terminal state cannot be canceled.");
                    }
                    var known = status != null
                        ? $"its status is {status}"
                        : $"its current status could not be read ({describeError?.ErrorCode ?? "unknown"}: {(describeError == null ? "" : ServiceText(describeError))})";
                    return Fail(target, ex, current, "ServiceError", ErrorCategory.InvalidOperation,
                        $"The service refused to cancel {names} ({ex.ErrorCode}, HTTP {ex.StatusCode}): {ServiceText(ex)} ({known}).");
                }
            }

            return Fail(target, ex, current, "ServiceError", CategoryOf(ex),
                $"Canceling {names} failed: {ex.ErrorCode} (HTTP {ex.StatusCode}{(ex.Attempts > 1 ? $", after {ex.Attempts} attempts" : "")}): {ServiceText(ex)}" +
                (ex.RetryQuotaNote == null ? "" : " " + ex.RetryQuotaNote));
        }

        private static CancelOutcome Fail(ExecutionTarget target, IoTServiceException ex, JobExecutionData? current, string errorId, ErrorCategory category, string message)
        {
            var exception = new IoTJobsException(message, ex)
            {
                ThingName = target.ThingName,
                JobId = target.JobId,
                ErrorCode = ex.ErrorCode,
                StatusCode = ex.StatusCode,
                RequestId = ex.RequestId,
                CurrentStatus = current == null ? null : EnumParser.Parse<JobExecutionStatus>(current.Status),
                CurrentVersion = current?.VersionNumber,
            };
            return CancelOutcome.Failed(errorId, category, exception);
        }

        // The message is built after the state is known; the exception is immutable in its message, so copy it.
        private static CancelOutcome Rewrap(CancelOutcome failure, string message)
        {
            var old = failure.Exception!;
            var exception = new IoTJobsException(message, old.InnerException)
            {
                ThingName = old.ThingName,
                JobId = old.JobId,
                ErrorCode = old.ErrorCode,
                StatusCode = old.StatusCode,
                RequestId = old.RequestId,
                CurrentStatus = old.CurrentStatus,
                CurrentVersion = old.CurrentVersion,
            };
            return CancelOutcome.Failed(failure.ErrorId!, failure.Category, exception);
        }

        private static bool IsTerminal(string status) =>
            status is "SUCCEEDED" or "FAILED" or "TIMED_OUT" or "REJECTED" or "REMOVED" or "CANCELED";

        private static ErrorCategory CategoryOf(IoTServiceException ex)
        {
            if (ex.StatusCode == 0) return ErrorCategory.ConnectionError;
            if (ex.StatusCode >= 500) return ErrorCategory.ResourceUnavailable;
            if (ex.StatusCode == 409) return ErrorCategory.InvalidOperation;
            if (ex.StatusCode == 400 || ex.StatusCode == 413 || ex.StatusCode == 414) return ErrorCategory.InvalidArgument;
            return ErrorCategory.NotSpecified;
        }

        // The service's own words without the client's "<Operation> failed: <Code>:" prefix (the code is shown separately).
        private static string ServiceText(IoTServiceException ex) => ex.ServiceMessage ?? ex.Message;

        private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

        private static string ShowStatus(JobExecutionStatus? parsed, string? raw) =>
            raw ?? (parsed?.ToString() ?? "unknown");
    }
}
