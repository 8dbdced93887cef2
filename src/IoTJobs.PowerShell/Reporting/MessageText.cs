namespace IoTJobs.PowerShell.Reporting
{
    /// <summary>How messages quote what the user gave: a long value is cut, so one bad CSV cell cannot flood an error.</summary>
    internal static class MessageText
    {
        /// <summary>The text, or its first <paramref name="max"/> characters followed by "...".</summary>
        public static string Shorten(string text, int max = 80) => text.Length > max ? text.Substring(0, max) + "..." : text;

        /// <summary>The text with its first letter upper-case, to begin a sentence with a name ("job 'fw'", "thing group").</summary>
        public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
