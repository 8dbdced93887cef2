using System.Management.Automation.Language;

namespace IoTJobs.PowerShell.Input.Completion
{
    /// <summary>
    /// Completes the field names of the fleet indexing query syntax in -Query (no request: the names are the syntax's).
    /// The field is the last word of the query text, which is where the cursor is while a query is typed: PowerShell
    /// hands an argument completer the whole argument, not the cursor. The rest of the text is kept as typed, and a
    /// string still open stays open, so typing goes on after the field. Values (after ':', inside ranges, field groups
    /// and phrases) are not completed.
    /// </summary>
    public sealed class FleetQueryCompleter : IArgumentCompleter
    {
        private static readonly (string Field, string Tip)[] Fields =
        {
            ("thingName", "The thing's name, e.g. thingName:sensor-*"),
            ("thingId", "The thing's id"),
            ("thingTypeName", "The thing's type"),
            ("thingGroupNames", "A static thing group the thing is directly in"),
            ("attributes.", "A registry attribute: attributes.<name>:<value>"),
            ("shadow.reported.", "A value the device reported: shadow.reported.<path>:<value> (indexing mode REGISTRY_AND_SHADOW)"),
            ("shadow.desired.", "A desired shadow value: shadow.desired.<path>:<value>"),
            ("shadow.delta.", "A desired value the device has not reported yet"),
            ("shadow.hasDelta", "true when desired and reported state differ"),
            ("connectivity.connected", "true or false (connectivity indexing STATUS)"),
            ("connectivity.timestamp", "When the thing last connected or disconnected, epoch milliseconds"),
            ("connectivity.disconnectReason", "Why the thing last disconnected, e.g. CONNECTION_LOST"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var argument = ArgumentOf(commandAst, parameterName);
                if (argument == null) return Complete(wordToComplete ?? "", closed: wordToComplete?.Length > 1);
                if (!(argument is StringConstantExpressionAst) && !(argument is ExpandableStringExpressionAst)) return Array.Empty<CompletionResult>();
                var raw = argument.Extent.Text;
                return Complete(raw, IsClosed(raw));
            }
            catch
            {
                // Completion must never disturb the prompt.
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>
        /// The completions of <paramref name="raw"/>, the argument as typed (quotes and escapes included); each replaces
        /// the whole argument. <paramref name="closed"/>: the string's closing quote is there, and is kept.
        /// </summary>
        internal static IEnumerable<CompletionResult> Complete(string raw, bool closed)
        {
            char quote = raw.Length > 0 && (IsSingleQuote(raw[0]) || IsDoubleQuote(raw[0])) ? raw[0] : '\0';
            if (quote == '\0') closed = false;
            var body = raw.Substring(quote == '\0' ? 0 : 1);
            if (closed) body = body.Substring(0, body.Length - 1);
            int start = body.Length;
            while (start > 0 && (char.IsLetterOrDigit(body[start - 1]) || body[start - 1] == '.' || body[start - 1] == '_')) start--;
            var before = body.Substring(0, start);
            var word = body.Substring(start);
            if (!AtField(before, quote)) return Array.Empty<CompletionResult>();
            var open = quote == '\0' ? "" : quote.ToString();
            var close = closed ? raw.Substring(raw.Length - 1) : "";
            return Fields
                .Where(f => f.Field.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(f => new CompletionResult(open + before + f.Field + close, f.Field, CompletionResultType.ParameterValue, f.Tip))
                .ToList();
        }

        /// <summary>
        /// True when a word after <paramref name="before"/> starts a term (after white space, '(', or a NOT written '-',
        /// '!' or '+'), outside a phrase, a range and a field group, and not as the value of a field ("field: value").
        /// </summary>
        private static bool AtField(string before, char quote)
        {
            bool phrase = false;
            int ranges = 0;
            var groups = new Stack<bool>();
            char last = ' ';
            for (int i = 0; i < before.Length; i++)
            {
                char c = before[i];
                // PowerShell's own escapes: '' in a single-quoted string; `x and "" in a double-quoted one.
                if (IsSingleQuote(quote) && IsSingleQuote(c) && i + 1 < before.Length && IsSingleQuote(before[i + 1])) { i++; last = c; continue; }
                if (IsDoubleQuote(quote) && c == '`' && i + 1 < before.Length) c = before[++i];
                else if (IsDoubleQuote(quote) && IsDoubleQuote(c) && i + 1 < before.Length && IsDoubleQuote(before[i + 1])) i++;
                if (c == '"') phrase = !phrase;
                else if (phrase) { }
                else if (c == '\\' && i + 1 < before.Length) i++;
                else if (c == '(') groups.Push(last == ':');
                else if (c == ')' && groups.Count > 0) groups.Pop();
                else if (c == '[' || c == '{') ranges++;
                else if ((c == ']' || c == '}') && ranges > 0) ranges--;
                if (!char.IsWhiteSpace(c)) last = c;
            }
            if (phrase || ranges > 0 || groups.Contains(true)) return false;
            int term = before.Length;
            while (term > 0 && "-!+".IndexOf(before[term - 1]) >= 0) term--;
            if (term > 0 && !char.IsWhiteSpace(before[term - 1]) && before[term - 1] != '(') return false;
            var previous = before.Substring(0, term).TrimEnd();
            return previous.Length == 0 || ":<>=".IndexOf(previous[previous.Length - 1]) < 0;
        }

        /// <summary>The argument given to the parameter being completed (-Query x, -Query:x, or an abbreviation such as -Qu).</summary>
        private static CommandElementAst? ArgumentOf(CommandAst command, string parameterName)
        {
            var elements = command.CommandElements;
            for (int i = 0; i < elements.Count; i++)
            {
                if (!(elements[i] is CommandParameterAst p) || p.ParameterName.Length == 0 ||
                    !parameterName.StartsWith(p.ParameterName, StringComparison.OrdinalIgnoreCase)) continue;
                if (p.Argument != null) return p.Argument;
                return i + 1 < elements.Count && !(elements[i + 1] is CommandParameterAst) ? elements[i + 1] : null;
            }
            return null;
        }

        /// <summary>False for a string whose closing quote is missing (the one being typed).</summary>
        private static bool IsClosed(string raw)
        {
            Parser.ParseInput(raw, out _, out var errors);
            return !errors.Any(e => e.ErrorId == "TerminatorExpectedAtEndOfString");
        }

        // PowerShell reads the typographic quotes as quotes too.
        private static bool IsSingleQuote(char c) => c == '\'' || (c >= '\u2018' && c <= '\u201b');
        private static bool IsDoubleQuote(char c) => c == '"' || (c >= '\u201c' && c <= '\u201e');
    }
}
