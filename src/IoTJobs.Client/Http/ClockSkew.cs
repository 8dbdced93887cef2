using System.Collections.Concurrent;
using System.Globalization;

namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Clock-skew correction as AWSSDK.Core does it: when the service refuses a request on time, its clock (the Date
    /// header, else the time in the message) becomes the endpoint's correction if it is more than <see cref="Threshold"/>
    /// from the signing time, and the request is signed again with it. <see cref="Shared"/> keeps corrections for the
    /// process, as the SDK does, so the next command to that endpoint is signed right from the start.
    /// </summary>
    public sealed class ClockSkew
    {
        /// <summary>AWSSDK.Core's clockSkewMaxThreshold: smaller differences are left alone.</summary>
        public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

        /// <summary>The corrections every client of this process uses.</summary>
        public static ClockSkew Shared { get; } = new ClockSkew();

        // Codes that say the clock is off whatever the time difference (AWSSDK.Core's definite list)...
        private static readonly string[] DefiniteCodes = { "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture" };
        // ...and codes that may, when the service's time is known and differs by more than the threshold.
        private static readonly string[] PossibleCodes = { ErrorCodes.InvalidSignatureException, "AuthFailure", ErrorCodes.SignatureDoesNotMatch };

        private readonly ConcurrentDictionary<string, TimeSpan> _corrections = new ConcurrentDictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The correction in force for an endpoint (zero when none).</summary>
        public TimeSpan CorrectionFor(Uri endpoint) =>
            _corrections.TryGetValue(Key(endpoint), out var c) ? c : TimeSpan.Zero;

        /// <summary>The time to sign a request to this endpoint with: the clock's time plus the endpoint's correction.</summary>
        public DateTime SigningTime(Uri endpoint, DateTime utcNow) => utcNow + CorrectionFor(endpoint);

        /// <summary>Forgets every correction.</summary>
        public void Reset() => _corrections.Clear();

        /// <summary>True when the error code is one the service uses for a request signed at the wrong time.</summary>
        public static bool IsTimeError(string? code, string? message) =>
            Array.IndexOf(DefiniteCodes, code) >= 0 ||
            (Array.IndexOf(PossibleCodes, code) >= 0 && message != null &&
             (message.IndexOf("Signature expired", StringComparison.OrdinalIgnoreCase) >= 0 ||
              message.IndexOf("Signature not yet current", StringComparison.OrdinalIgnoreCase) >= 0));

        /// <summary>
        /// After a refused attempt signed at <paramref name="signedAt"/>: records the service's clock as the endpoint's
        /// correction and returns true when the refusal is a time error worth correcting (the caller signs again and retries).
        /// </summary>
        public bool TryCorrect(Uri endpoint, string? code, string? message, string? dateHeader, DateTime signedAt, DateTime utcNow, out DateTime? serverTime)
        {
            serverTime = null;
            bool definite = Array.IndexOf(DefiniteCodes, code) >= 0;
            bool possible = Array.IndexOf(PossibleCodes, code) >= 0;
            if (!definite && !possible) return false;
            if (!TryParseDate(dateHeader, out var server) && !TryParseMessage(message, out server)) return false;
            serverTime = server;
            var key = Key(endpoint);
            var newCorrection = server - utcNow;
            if (definite)
            {
                _corrections[key] = newCorrection;
                return true;
            }
            var diff = signedAt - server;
            if (diff.Duration() <= Threshold) return false;
            _corrections[key] = newCorrection;
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
