using System;
using System.Collections.Concurrent;
using System.Globalization;

namespace IoTJobs.Client
{
    /// <summary>
    /// Clock-skew correction as AWSSDK.Core does it (RetryPolicy.IsClockskew): when the service refuses a request on
    /// time, the service's clock is read from the response's Date header, else from the time in the error message
    /// ("Signature expired: ... (20261201T100000Z - 15 min.)"), and if it is more than 5 minutes from the time the
    /// request was signed with, the difference becomes this endpoint's correction; the request is then signed again with
    /// the corrected time and retried. Corrections are per endpoint and last for the process, like the SDK's.
    /// </summary>
    public static class ClockSkew
    {
        /// <summary>AWSSDK.Core's clockSkewMaxThreshold: smaller differences are left alone.</summary>
        public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

        // Codes that say the clock is off whatever the time difference (AWSSDK.Core's definite list)...
        private static readonly string[] DefiniteCodes = { "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture" };
        // ...and codes that may, when the service's time is known and differs by more than the threshold.
        private static readonly string[] PossibleCodes = { ErrorCodes.InvalidSignatureException, "AuthFailure", ErrorCodes.SignatureDoesNotMatch };

        private static readonly ConcurrentDictionary<string, TimeSpan> Corrections = new ConcurrentDictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The source of "now" (tests replace it; the real one is the machine's clock).</summary>
        internal static Func<DateTime> UtcNowSource = () => DateTime.UtcNow;

        /// <summary>The correction in force for an endpoint (zero when none).</summary>
        public static TimeSpan CorrectionFor(Uri endpoint) =>
            Corrections.TryGetValue(Key(endpoint), out var c) ? c : TimeSpan.Zero;

        /// <summary>The time to sign a request to this endpoint with: the machine's clock plus the endpoint's correction.</summary>
        public static DateTime CorrectedUtcNow(Uri endpoint) => UtcNowSource() + CorrectionFor(endpoint);

        /// <summary>Forgets every correction (tests).</summary>
        public static void Reset() => Corrections.Clear();

        /// <summary>True when the error code is one the service uses for a request signed at the wrong time.</summary>
        public static bool IsTimeError(string? code, string? message) =>
            Array.IndexOf(DefiniteCodes, code) >= 0 ||
            (Array.IndexOf(PossibleCodes, code) >= 0 && message != null &&
             (message.IndexOf("Signature expired", StringComparison.OrdinalIgnoreCase) >= 0 ||
              message.IndexOf("Signature not yet current", StringComparison.OrdinalIgnoreCase) >= 0));

        /// <summary>
        /// Called after a refused attempt. Returns true (and records the new correction) when the refusal is a clock-skew
        /// error and the service's time shows a difference worth correcting: the caller then signs again and retries.
        /// </summary>
        /// <param name="endpoint">Where the request went.</param>
        /// <param name="code">The error code.</param>
        /// <param name="message">The service's error message.</param>
        /// <param name="dateHeader">The response's Date header, if any.</param>
        /// <param name="signedAt">The time the refused request was signed with.</param>
        /// <param name="serverTime">The service's time, when it could be read.</param>
        public static bool TryCorrect(Uri endpoint, string? code, string? message, string? dateHeader, DateTime signedAt, out DateTime? serverTime)
        {
            serverTime = null;
            bool definite = Array.IndexOf(DefiniteCodes, code) >= 0;
            bool possible = Array.IndexOf(PossibleCodes, code) >= 0;
            if (!definite && !possible) return false;
            if (!TryParseDate(dateHeader, out var server) && !TryParseMessage(message, out server)) return false;
            serverTime = server;
            var now = UtcNowSource();
            var key = Key(endpoint);
            var newCorrection = server - now;
            if (definite)
            {
                Corrections[key] = newCorrection;
                return true;
            }
            var diff = signedAt - server;
            if (diff.Duration() <= Threshold) return false;
            Corrections[key] = newCorrection;
            return true;
        }

        /// <summary>"+20m03s" / "-19m58s": a correction as people read it.</summary>
        public static string Describe(TimeSpan correction)
        {
            var sign = correction < TimeSpan.Zero ? "-" : "+";
            var d = correction.Duration();
            return d.TotalHours >= 1
                ? string.Format(CultureInfo.InvariantCulture, "{0}{1}h{2:00}m{3:00}s", sign, (int)d.TotalHours, d.Minutes, d.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0}{1}m{2:00}s", sign, (int)d.TotalMinutes, d.Seconds);
        }

        private static string Key(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);

        // RFC 1123, as in Date headers: "Tue, 01 Dec 2026 10:00:00 GMT".
        internal static bool TryParseDate(string? value, out DateTime time)
        {
            time = default;
            if (string.IsNullOrWhiteSpace(value)) return false;
            if (!DateTime.TryParseExact(value!.Trim(), "r", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)) return false;
            time = DateTime.SpecifyKind(time, DateTimeKind.Utc);
            return true;
        }

        // The service's time is the first timestamp inside the parentheses, before " + " or " - ":
        // "Signature expired: 20261201T093000Z is now earlier than 20261201T094500Z (20261201T100000Z - 15 min.)".
        internal static bool TryParseMessage(string? message, out DateTime time)
        {
            time = default;
            if (string.IsNullOrEmpty(message)) return false;
            int open = message!.IndexOf('(');
            if (open < 0) return false;
            open++;
            int sep = message.IndexOf(" + ", open, StringComparison.Ordinal);
            if (sep < 0) sep = message.IndexOf(" - ", open, StringComparison.Ordinal);
            if (sep <= open) return false;
            if (!DateTime.TryParseExact(message.Substring(open, sep - open), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)) return false;
            time = DateTime.SpecifyKind(time, DateTimeKind.Utc);
            return true;
        }
    }
}
