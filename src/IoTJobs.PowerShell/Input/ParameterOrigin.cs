namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// Tells a value typed on the command line from one $PSDefaultParameterValues supplied. PowerShell binds both the
    /// same way (the command's own text is read to tell them apart; where it is not known, the value is compared with
    /// the defaults), but they mean different things next to a piped object: a default (the README's rehearsal setup puts
    /// '*-IoT*:Region' there) yields to the region a piped object came from, while a region the user typed and the
    /// object's own disagree, which must be an error rather than a silent choice.
    /// </summary>
    internal static class ParameterOrigin
    {
        private static readonly System.Reflection.PropertyInfo? StatementProperty = typeof(InvocationInfo).GetProperty("Statement");

        /// <summary>
        /// Whether the parameter was typed in this command's own text (or splatted from a hashtable that has it): true or
        /// false when the invocation's text is known, null when it is not (the command was built through the API).
        /// </summary>
        public static bool? Typed(PSCmdlet cmdlet, string parameter)
        {
            // InvocationInfo.Statement (the command's own text) is PowerShell 7's; the 5.1 reference assembly lacks it.
            var text = StatementProperty?.GetValue(cmdlet.MyInvocation) as string;
            if (string.IsNullOrWhiteSpace(text)) return null;
            var ast = System.Management.Automation.Language.Parser.ParseInput(text, out _, out _);
            if (!(ast.Find(a => a is System.Management.Automation.Language.CommandAst, true) is System.Management.Automation.Language.CommandAst command)) return null;
            foreach (var element in command.CommandElements)
            {
                switch (element)
                {
                    case System.Management.Automation.Language.CommandParameterAst p
                        when p.ParameterName.Length > 0 && parameter.StartsWith(p.ParameterName, StringComparison.OrdinalIgnoreCase):
                        return true;
                    case System.Management.Automation.Language.VariableExpressionAst v when v.Splatted:
                        var value = cmdlet.GetVariableValue(v.VariablePath.UserPath);
                        value = PSValue.Base(value);
                        if (value is IDictionary splat && splat.Keys.Cast<object>().Any(k => string.Equals(k?.ToString(), parameter, StringComparison.OrdinalIgnoreCase)))
                            return true;
                        break;
                }
            }
            return false;
        }

        /// <summary>
        /// True when a $PSDefaultParameterValues entry for this command and parameter would have supplied
        /// <paramref name="boundValue"/> (an entry whose value is a script block counts, since its result cannot be known
        /// here). A value typed that equals the default is indistinguishable from it and counts as the default.
        /// </summary>
        public static bool FromDefaults(PSCmdlet cmdlet, string parameter, object? boundValue)
        {
            if (!(cmdlet.GetVariableValue("PSDefaultParameterValues") is IDictionary defaults)) return false;
            if (defaults.Contains("Disabled") && LanguagePrimitives.IsTrue(defaults["Disabled"])) return false;
            var command = cmdlet.MyInvocation.MyCommand?.Name ?? "";
            foreach (DictionaryEntry entry in defaults)
            {
                if (!(entry.Key is string key)) continue;
                var colon = key.LastIndexOf(':');
                if (colon <= 0) continue;
                var name = key.Substring(colon + 1).Trim();
                if (!string.Equals(name, parameter, StringComparison.OrdinalIgnoreCase)) continue;
                var pattern = key.Substring(0, colon).Trim();
                if (!WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(command)) continue;
                var value = PSValue.Base(entry.Value);
                if (value is ScriptBlock) return true;
                if (string.Equals(value?.ToString(), boundValue?.ToString(), StringComparison.Ordinal)) return true;
            }
            return false;
        }
    }
}
