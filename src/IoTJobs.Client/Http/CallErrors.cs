using IoTJobs.Client.Credentials;
using IoTJobs.Client.Retry;

namespace IoTJobs.Client.Http
{
    /// <summary>The <see cref="IoTServiceException"/> a call ends with: its message, notes and counts, never with a secret.</summary>
    internal static class CallErrors
    {
        public const string QuotaNote =
            "Not retried: the client's retry quota is used up by recent failures (the service failed many requests in a row); it refills as requests succeed.";

        public static IoTServiceException From(string operation, Failure f, string?[] secrets, int attempts, bool outcomeUnknown, string suffix = "")
        {
            var ex = new IoTServiceException(f.Code, f.Status, Redactor.Redact(f.Message, secrets) + suffix, f.RequestId)
            {
                Attempts = attempts,
                PreviousAttemptOutcomeUnknown = outcomeUnknown,
                Operation = operation,
                ServiceMessage = f.ServiceMessage == null ? null : Redactor.Redact(f.ServiceMessage, secrets),
            };
            if (f.Extra != null)
                ex.ExtraFields = f.Extra.ToDictionary(kv => kv.Key, kv => Redactor.Redact(kv.Value, secrets), StringComparer.Ordinal);
            return ex;
        }

        /// <summary>The error of a call the retry policy gave up on: after how many attempts, and why when that helps.</summary>
        public static IoTServiceException GiveUp(ApiRequest request, Failure f, string?[] secrets, int attempt, bool outcomeUnknown, string? previousCode,
            RetryDecision decision, RetryQuota quota, DateTime signedAt, ClockSkew clockSkew)
        {
            var quotaNote = !decision.QuotaExhausted ? ""
                : $" (not retried: the client's retry quota is used up by recent failures ({quota.Available} of {quota.Capacity} tokens left), " +
                  "which happens when the service fails many requests in a row; it refills as requests succeed)";
            var clockNote = ClockSkew.IsTimeError(f.Code, f.ServiceMessage) ? ClockAdvice(request.Uri, signedAt, f, clockSkew) : "";
            if (attempt <= 1 && quotaNote.Length == 0 && clockNote.Length == 0)
                return From(request.Operation, f, secrets, attempt, outcomeUnknown);
            var suffix = attempt <= 1 ? ""
                : decision.Retryable ? $" (gave up after {attempt} attempts)"
                : $" (on attempt {attempt}; earlier attempts failed with {previousCode})";
            var error = From(request.Operation, f, secrets, attempt, outcomeUnknown, suffix + quotaNote + clockNote);
            error.IsClockError = clockNote.Length > 0;
            if (quotaNote.Length > 0) error.RetryQuotaNote = QuotaNote;
            return error;
        }

        /// <summary>The credentials could not be had at request time: say where they came from and what to do.</summary>
        public static IoTServiceException CredentialsUnavailable(string operation, Exception ex, string source, string? refreshAdvice, int attempt, bool outcomeUnknown)
        {
            string detail = $"{ex.GetType().Name}: {Redactor.Redact(ex.Message, Array.Empty<string>())}";
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is MfaCodeUnavailableException mfa) { detail = mfa.Message; break; }
            }
            var advice = refreshAdvice ?? "refresh them or supply others";
            return new IoTServiceException(ErrorCodes.CredentialsUnavailable, 0,
                $"{operation} failed: {ErrorCodes.CredentialsUnavailable}: credentials from {source} could not be obtained ({detail}). " +
                char.ToUpperInvariant(advice[0]) + advice.Substring(1) + ".", null, ex)
            { Operation = operation, Attempts = attempt, PreviousAttemptOutcomeUnknown = outcomeUnknown };
        }

        /// <summary>The end of a message for a request refused on time after correction: the times seen, and what to check.</summary>
        private static string ClockAdvice(Uri endpoint, DateTime signedAt, Failure f, ClockSkew clockSkew)
        {
            string server = ClockSkew.TryParseDate(f.DateHeader, out var t) || ClockSkew.TryParseMessage(f.ServiceMessage, out t)
                ? $"the service's clock said {t:yyyy-MM-dd HH:mm:ss} UTC"
                : "the service did not say its time";
            var correction = clockSkew.CorrectionFor(endpoint);
            return $" The request was signed at {signedAt:yyyy-MM-dd HH:mm:ss} UTC (this computer's clock" +
                   (correction == TimeSpan.Zero ? "" : $" with a correction of {ClockSkew.Describe(correction)}") +
                   $") and {server}. Check this computer's clock: its time and time zone, and that it is kept in sync (NTP).";
        }
    }
}
