using System.Globalization;

namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>
    /// The one cancel engine, for executions (CancelJobExecution) and whole jobs (CancelJob): send the cancel, then find
    /// out what became of it. It never writes to PowerShell and never throws for a service error: it returns a
    /// <see cref="CancelOutcome"/>. A failed cancel is judged in one order for both: "may have been applied" first
    /// (then only the current state tells), then "refused as a whole", then what the kind of target makes of it. A
    /// failed read-back never counts as a refusal: the cancel itself was allowed.
    /// </summary>
    internal sealed class CancelEngine
    {
        internal const string Canceled = "CANCELED";

        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        /// <summary>The conditions every cancel of the command carries; <paramref name="delay"/> is how read-backs wait (Task.Delay; tests pass a fake clock's).</summary>
        public CancelEngine(bool force, IDictionary<string, string>? statusDetails = null, string? reasonCode = null, string? comment = null,
            Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            Force = force;
            StatusDetails = statusDetails;
            ReasonCode = reasonCode;
            Comment = comment;
            _delay = delay ?? ((d, ct) => Task.Delay(d, ct));
        }

        public bool Force { get; }
        public IDictionary<string, string>? StatusDetails { get; }
        public string? ReasonCode { get; }
        public string? Comment { get; }

        public Task<CancelOutcome> CancelExecutionAsync(IIoTJobsClient client, ExecutionTarget target, CancellationToken ct) =>
            CancelAsync(new ExecutionCancel(this, client, target), ct);

        public Task<CancelOutcome> CancelJobAsync(IIoTJobsClient client, JobTarget target, CancellationToken ct) =>
            CancelAsync(new JobCancel(this, client, target), ct);

        private async Task<CancelOutcome> CancelAsync<TState>(CancelSubject<TState> s, CancellationToken ct) where TState : class
        {
            // Times this item's requests with the service, apart from waits on the rate limiter (for the adaptive limit).
            var timer = ServiceTimer.Start();
            CancelOutcome outcome;
            try
            {
                var known = await s.BeforeCancelAsync(ct).ConfigureAwait(false);
                if (known != null) outcome = known;
                else
                {
                    await s.CancelAsync(ct).ConfigureAwait(false);
                    outcome = await AfterCancelAsync(s, ct).ConfigureAwait(false);
                }
            }
            catch (IoTServiceException ex)
            {
                outcome = await AfterErrorAsync(s, ex, ct).ConfigureAwait(false);
            }
            outcome.ServiceTime = timer.Elapsed;
            return outcome;
        }

        /// <summary>The cancel was accepted: report it as the service now describes it (never made up).</summary>
        private async Task<CancelOutcome> AfterCancelAsync<TState>(CancelSubject<TState> s, CancellationToken ct) where TState : class
        {
            TState state;
            try
            {
                state = await EventualConsistency.ReadUntilAsync(s.ReadAsync, d => s.StatusOf(d) == Canceled, _delay, ct).ConfigureAwait(false);
            }
            catch (IoTServiceException ex)
            {
                // Applied, so reported whatever the read-back says; a refused read-back is not a refused cancel.
                return CancelOutcome.Applied(s.Output(null, CancelResult.Canceled), CancelResult.Canceled, warning:
                    $"The service accepted the cancel of {s.Names}, but reading {s.Noun} back failed ({ex.ErrorCode}, HTTP {ex.StatusCode}, request id {ex.RequestId ?? "none"}): " +
                    $"{ServiceErrors.Said(ex)} {s.EmptyFields}");
            }
            var status = s.StatusOf(state);
            var outcome = status == Canceled
                ? CancelOutcome.Applied(s.Output(state, CancelResult.Canceled), CancelResult.Canceled, verbose: s.CanceledNote(state), job: state as JobData)
                : CancelOutcome.Applied(s.Output(state, CancelResult.Canceled), CancelResult.Canceled, job: state as JobData, warning:
                    $"The service accepted the cancel of {s.Names}, but still reports status {status ?? "(none)"}; CANCELED can take a moment to show (it is eventually consistent). The object shows what the service reported.");
            outcome.Warnings.AddRange(s.Checks(state));
            return outcome;
        }

        private async Task<CancelOutcome> AfterErrorAsync<TState>(CancelSubject<TState> s, IoTServiceException ex, CancellationToken ct) where TState : class
        {
            bool ambiguous = ServiceErrors.MayHaveBeenApplied(ex);
            bool refusal = ServiceErrors.IsRefusal(ex);
            if (refusal && !ambiguous) return CancelOutcome.Refused(ex);

            TState? current = null;
            IoTServiceException? readError = null;
            if (ambiguous || s.NeedsState(ex))
            {
                try
                {
                    // After a lost response the read-back may lag the cancel it is to show: re-read as after an accepted one.
                    current = ambiguous
                        ? await EventualConsistency.ReadUntilAsync(s.ReadAsync, d => s.StatusOf(d) == Canceled, _delay, ct).ConfigureAwait(false)
                        : await s.ReadAsync(ct).ConfigureAwait(false);
                }
                catch (IoTServiceException rex)
                {
                    readError = rex;
                }
            }

            if (current != null && s.StatusOf(current) == Canceled)
            {
                var refusedAgain = s.CanceledButNotAsAsked(ex, current, ambiguous);
                if (refusedAgain != null) return refusedAgain;
                if (ambiguous)
                {
                    return CancelOutcome.Applied(s.Output(current, CancelResult.Canceled), CancelResult.Canceled, job: current as JobData, verbose:
                        $"{MessageText.Capitalize(s.Names)} is CANCELED: an earlier attempt of this request reached the service before its response was lost, or it was already canceled ({ex.ErrorCode} on attempt {ex.Attempts}).");
                }
                if (s.NeedsState(ex))
                {
                    return CancelOutcome.Applied(s.Output(current, CancelResult.AlreadyCanceled), CancelResult.AlreadyCanceled, job: current as JobData, verbose:
                        $"{MessageText.Capitalize(s.Names)} was already canceled (the service answered the new cancel with {ex.ErrorCode}, HTTP {ex.StatusCode}); nothing to do.");
                }
            }
            if (ambiguous && current == null)
            {
                // Neither the answer nor the state is known.
                return OutcomeUnknown(s, ex, null, refusal,
                    $"reading {s.Noun} back failed ({readError?.ErrorCode ?? "unknown"}: {(readError == null ? null : ServiceErrors.Said(readError))})");
            }
            if (ambiguous && current != null && MayStillShowTheOldStatus(s, s.StatusOf(current)))
            {
                // CANCELED is eventually consistent: a status the target had before the cancel proves nothing either way.
                return OutcomeUnknown(s, ex, current, refusal,
                    $"the service still reports status {s.StatusOf(current)}, which a cancel can take a moment to change");
            }
            if (refusal) return CancelOutcome.Refused(ex);
            return s.Explain(ex, current, readError);
        }


        /// <summary>Never a plain failure; a retry refused as a whole (an expired token) still keeps this client's later items unsent.</summary>
        private static CancelOutcome OutcomeUnknown<TState>(CancelSubject<TState> s, IoTServiceException ex, TState? current, bool refusal, string andThen) where TState : class =>
            s.Fail(ex, current, ServiceErrors.OutcomeUnknownId, System.Management.Automation.ErrorCategory.ConnectionError,
                $"The cancel of {s.Names} in {s.Region} may or may not have been applied: " +
                $"{(ErrorCodes.IsOutcomeUnknown(ex.ErrorCode, ex.StatusCode) ? "its response was lost" : "an earlier attempt's response was lost")} " +
                $"({ex.ErrorCode}, after {ex.Attempts} attempt(s)), and {andThen}. Check it ({s.CheckCommand}) before acting on it again.",
                refusal ? ex : null);

        /// <summary>
        /// A status this command's cancel moves to CANCELED, which a lagging read-back may still show after it (an
        /// execution IN_PROGRESS only moves with -Force).
        /// </summary>
        private bool MayStillShowTheOldStatus<TState>(CancelSubject<TState> s, string? status) where TState : class =>
            status is "QUEUED" or "SCHEDULED" || (status == "IN_PROGRESS" && (Force || s is not ExecutionCancel));

        internal static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

        /// <summary>"after N attempts" and the retry quota's note, for a failure the client retried.</summary>
        internal static string Attempts(IoTServiceException ex) => ex.Attempts > 1 ? $", after {ex.Attempts} attempts" : "";
    }
}
