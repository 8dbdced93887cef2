using System.Globalization;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// A piped object's ExpectedVersion, read strictly. PowerShell's by-property-name binding would drop a value it
    /// cannot convert (a CSV cell "v7" or "99999999999999999999": the cancel then goes out with no condition at all),
    /// round "1.6" to 2, and turn a blank cell into 0. A condition must never be dropped or changed, so the cmdlet reads
    /// the property itself: a whole number from 0 to 9223372036854775807 is the condition; blank or $null means "no
    /// condition"; anything else fails the item before anything is sent.
    /// </summary>
    internal static class ExpectedVersionInput
    {
        /// <summary>
        /// True with the version (null for blank: no condition), or false when the value is not a whole non-negative
        /// number; <paramref name="shown"/> is the value as the message should quote it.
        /// </summary>
        public static bool TryRead(object? raw, out long? version, out string shown)
        {
            version = null;
            var value = PSValue.Base(raw);
            shown = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "$null";
            shown = MessageText.Shorten(shown, 40);
            switch (value)
            {
                case null:
                    return true;
                case string s:
                    s = s.Trim();
                    if (s.Length == 0) return true;
                    if (s.Length > 0 && s.Length <= 19 && IsDigits(s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                    {
                        version = parsed;
                        return true;
                    }
                    return false;
                case long l:
                    return NonNegative(l, out version);
                case int i:
                    return NonNegative(i, out version);
                case short sh:
                    return NonNegative(sh, out version);
                case byte b:
                    version = b;
                    return true;
                case sbyte sb:
                    return NonNegative(sb, out version);
                case uint ui:
                    version = ui;
                    return true;
                case ushort us:
                    version = us;
                    return true;
                case ulong ul:
                    if (ul > long.MaxValue) return false;
                    version = (long)ul;
                    return true;
                case double d:
                    // JSON brings 7 back as a whole double sometimes; a fraction is never rounded.
                    if (double.IsNaN(d) || d < 0 || d != Math.Floor(d) || d >= 9.2233720368547758E18) return false;
                    version = (long)d;
                    return true;
                case float fl:
                    return TryRead((double)fl, out version, out _);
                case decimal m:
                    if (m < 0 || m != decimal.Floor(m) || m > long.MaxValue) return false;
                    version = (long)m;
                    return true;
                default:
                    return false;
            }
        }

        private static bool NonNegative(long value, out long? version)
        {
            version = value >= 0 ? value : (long?)null;
            return value >= 0;
        }

        private static bool IsDigits(string s)
        {
            foreach (var c in s) if (c < '0' || c > '9') return false;
            return true;
        }
    }
}
