using System.Globalization;
using System.Text.RegularExpressions;

namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// One value of one indexed field: its lower-cased text, split into words at white space (AWS: "Search is case
/// insensitive. Words are separated by white-space characters as defined by Java's Character.isWhitespace(int)"),
/// and, when the value is numeric, its number.
/// </summary>
internal sealed class IndexedValue
{
    private IndexedValue(string text, double? number)
    {
        Text = text;
        Number = number;
        Words = number is null ? IndexText.Words(text) : new[] { text };
    }

    public string Text { get; }
    public double? Number { get; }
    public string[] Words { get; }

    /// <summary>A string value; registry data that reads as a JSON number is numeric (attributes.x:[75 TO 80]).</summary>
    public static IndexedValue FromRegistryString(string value) =>
        new(IndexText.Fold(value), IndexText.TryParseNumber(value, out double n) ? n : null);

    /// <summary>A shadow string: numeric only when it was a JSON number literal, as AWS documents.</summary>
    public static IndexedValue FromText(string value) => new(IndexText.Fold(value), null);

    public static IndexedValue FromNumber(string jsonNumberText, double value) => new(IndexText.Fold(jsonNumberText), value);

    public static IndexedValue FromBoolean(bool value) => new(value ? "true" : "false", null);
}

/// <summary>The text rules the index and the query parser share: white space, case folding and numbers.</summary>
internal static class IndexText
{
    // A JSON number literal (RFC 8259), which is what AWS recognizes as numeric.
    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$",
        RegexOptions.CultureInvariant);

    /// <summary>Java's Character.isWhitespace: Unicode space separators except the no-break ones, and nine controls.</summary>
    public static bool IsWhitespace(char c)
    {
        if (c is '\t' or '\n' or '\u000B' or '\f' or '\r' or '\u001C' or '\u001D' or '\u001E' or '\u001F') return true;
        if (c is '\u00A0' or '\u2007' or '\u202F') return false;
        return char.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator;
    }

    public static string Fold(string s) => s.ToLowerInvariant();

    public static string[] Words(string s)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= s.Length; i++)
        {
            bool boundary = i == s.Length || IsWhitespace(s[i]);
            if (boundary && start >= 0)
            {
                words.Add(s[start..i]);
                start = -1;
            }
            else if (!boundary && start < 0)
            {
                start = i;
            }
        }
        return words.ToArray();
    }

    public static bool TryParseNumber(string s, out double value)
    {
        value = 0;
        return JsonNumber.IsMatch(s)
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }
}
