using System.Collections.ObjectModel;
using System.Text;

namespace IoTJobs.PowerShell.Output
{
    /// <summary>
    /// A read-only text-to-text map on the output objects (JobExecution.StatusDetails, Thing.Attributes). It is a
    /// dictionary to PowerShell ($_.StatusDetails.reason, ConvertTo-Json writes an object, [hashtable] copies it), and its
    /// text is <c>key=value;key=value</c> with the keys in ordinal order, which is what Export-Csv writes instead of a
    /// type name.
    /// <see cref="Parse"/> (and so a cast, <c>[IoTJobs.PowerShell.Output.StringMap]$row.StatusDetails</c>) reads that text back.
    /// A backslash escapes ';', '=' and '\' inside keys and values, so every map survives the round trip.
    /// </summary>
    public sealed class StringMap : ReadOnlyDictionary<string, string>
    {
        /// <summary>A map with no pairs.</summary>
        public static readonly StringMap Empty = new StringMap(Array.Empty<KeyValuePair<string, string>>());

        /// <summary>Copies the pairs, ordered by key (ordinal).</summary>
        public StringMap(IEnumerable<KeyValuePair<string, string>> pairs) : base(Copy(pairs)) { }

        private static Dictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            if (pairs == null) throw new ArgumentNullException(nameof(pairs));
            // Keys in ordinal order (the service's JSON object has none): the text is the same on every read, so two
            // records of the same details compare equal.
            var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in pairs) sorted[pair.Key] = pair.Value;
            return new Dictionary<string, string>(sorted, StringComparer.Ordinal);
        }

        /// <summary><c>key=value;key=value</c>, escaped with '\' where a key or value holds ';', '=' or '\'; "" for no pairs.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var pair in this)
            {
                if (sb.Length > 0) sb.Append(';');
                TextList.Escape(sb, pair.Key, escapeEquals: true);
                sb.Append('=');
                TextList.Escape(sb, pair.Value, escapeEquals: false);
            }
            return sb.ToString();
        }

        /// <summary>
        /// Reads <see cref="ToString"/>'s text back (e.g. a StatusDetails cell from Import-Csv). "" and whitespace give an
        /// empty map. Throws <see cref="FormatException"/> naming the part that is not <c>key=value</c>.
        /// </summary>
        public static StringMap Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var pairs = new List<KeyValuePair<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (text.Trim().Length == 0) return new StringMap(pairs);
            foreach (var part in TextList.Split(text, ';'))
            {
                var pieces = TextList.Split(part.Raw, '=', limit: 2);
                if (pieces.Count != 2 || pieces[0].Text.Trim().Length == 0)
                {
                    throw new FormatException(
                        $"'{part.Raw}' in '{text}' is not key=value. Status details and attributes are written as key=value pairs separated by ';', for example reason=rollback;by=ops (a backslash escapes ';', '=' and '\\').");
                }
                var key = pieces[0].Text.Trim(); // no key has spaces: 'reason=a; by=b' means 'by'
                if (!seen.Add(key)) throw new FormatException($"The key '{key}' appears twice in '{text}'.");
                pairs.Add(new KeyValuePair<string, string>(key, pieces[1].Text));
            }
            return new StringMap(pairs);
        }
    }

    /// <summary>
    /// A read-only list of text on the output objects (Job.Targets). Export-Csv writes it as the items separated by ';'
    /// (escaped with '\' where an item holds one), and <see cref="Parse"/> (or a cast) reads that text back.
    /// </summary>
    public sealed class StringList : ReadOnlyCollection<string>
    {
        public StringList(IEnumerable<string> items) : base(new List<string>(items ?? throw new ArgumentNullException(nameof(items)))) { }

        public override string ToString()
        {
            var sb = new StringBuilder();
            for (int i = 0; i < Count; i++)
            {
                if (i > 0) sb.Append(';');
                TextList.Escape(sb, this[i], escapeEquals: false);
            }
            return sb.ToString();
        }

        /// <summary>Reads <see cref="ToString"/>'s text back; "" gives an empty list.</summary>
        public static StringList Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var items = new List<string>();
            if (text.Length > 0)
            {
                foreach (var part in TextList.Split(text, ';')) items.Add(part.Text);
            }
            return new StringList(items);
        }
    }

    /// <summary>The escaping shared by <see cref="StringMap"/> and <see cref="StringList"/>.</summary>
    internal static class TextList
    {
        public static void Escape(StringBuilder sb, string? text, bool escapeEquals)
        {
            foreach (var ch in text ?? "")
            {
                if (ch == '\\' || ch == ';' || (escapeEquals && ch == '=')) sb.Append('\\');
                sb.Append(ch);
            }
        }

        /// <summary>One piece of a split: its raw text (escapes kept, for splitting further) and its unescaped text.</summary>
        public readonly struct Piece
        {
            public Piece(string raw, string text) { Raw = raw; Text = text; }
            public string Raw { get; }
            public string Text { get; }
        }

        /// <summary>Splits at unescaped <paramref name="separator"/>s, at most <paramref name="limit"/> pieces.</summary>
        public static List<Piece> Split(string text, char separator, int limit = int.MaxValue)
        {
            var pieces = new List<Piece>();
            var raw = new StringBuilder();
            var plain = new StringBuilder();
            for (int i = 0; i < text.Length; i++)
            {
                var ch = text[i];
                if (ch == '\\' && i + 1 < text.Length)
                {
                    raw.Append(ch).Append(text[i + 1]);
                    plain.Append(text[i + 1]);
                    i++;
                    continue;
                }
                if (ch == separator && pieces.Count < limit - 1)
                {
                    pieces.Add(new Piece(raw.ToString(), plain.ToString()));
                    raw.Clear();
                    plain.Clear();
                    continue;
                }
                raw.Append(ch);
                plain.Append(ch);
            }
            pieces.Add(new Piece(raw.ToString(), plain.ToString()));
            return pieces;
        }
    }
}
