using System.Globalization;

namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>
    /// Checks a -StatusDetails hashtable against the service's DetailsMap limits (at most 10 pairs; key 1-128 characters
    /// from [a-zA-Z0-9:_-]; value 1-1024 characters, no control characters) and turns it into the string map the client
    /// sends. Checked before any request so a bad map fails the command instead of every item.
    /// </summary>
    internal static class StatusDetailsValidator
    {
        public const int MaxPairs = 10;
        public const string KeyRule = "1 to 128 characters from a-z, A-Z, 0-9, colon (:), underscore (_) and hyphen (-)";
        public const string ValueRule = "1 to 1024 characters, none of them control or format characters (such as newline or tab)";

        /// <summary>The map to send; throws <see cref="ArgumentException"/> naming the bad key or value and the rule.</summary>
        public static Dictionary<string, string> ToDetailsMap(IDictionary details)
        {
            if (details.Count > MaxPairs)
            {
                throw new ArgumentException(
                    $"-StatusDetails has {details.Count} pairs; the service accepts at most {MaxPairs}.");
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in details)
            {
                var key = PSValue.Base(entry.Key) as string;
                if (key == null)
                {
                    throw new ArgumentException(
                        $"-StatusDetails key {Show(entry.Key)} is not a string. A key has {KeyRule}.");
                }
                if (!IoTNames.DetailsKey.IsMatch(key))
                {
                    throw new ArgumentException(
                        $"-StatusDetails key '{MessageText.Shorten(key)}' is not valid ({key.Length} characters). A key has {KeyRule}.");
                }
                var value = ValueText(PSValue.Base(entry.Value));
                if (value == null)
                {
                    throw new ArgumentException(
                        $"-StatusDetails value for key '{key}' is {Show(entry.Value)}; a value must be text (or a number or boolean) with {ValueRule}.");
                }
                if (!IoTNames.DetailsValue.IsMatch(value))
                {
                    throw new ArgumentException(
                        $"-StatusDetails value for key '{key}' ('{MessageText.Shorten(Escape(value))}', {value.Length} characters) is not valid. A value has {ValueRule}.");
                }
                map[key] = value;
            }
            return map;
        }

        // Scalars become their invariant text (so @{attempt=3} works); collections and other objects are refused rather
        // than sent as a type name.
        private static string? ValueText(object? value) => value switch
        {
            null => null,
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, CultureInfo.InvariantCulture),
            char c => c.ToString(),
            Enum e => e.ToString(),
            _ => null,
        };

        private static string Show(object? value)
        {
            var inner = PSValue.Base(value);
            return inner == null ? "$null" : $"of type {inner.GetType().Name}";
        }

        private static string Escape(string s)
        {
            var sb = new System.Text.StringBuilder(s.Length);
            foreach (var ch in s)
            {
                if (char.IsControl(ch) || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format)
                {
                    sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(ch);
                }
            }
            return sb.ToString();
        }
    }
}
