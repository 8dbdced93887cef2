using System.Globalization;

namespace IoTJobs.PowerShell.Reporting
{
    /// <summary>The streams a cmdlet writes besides output.</summary>
    internal enum Stream { Error, Warning, Verbose, Debug, Information, Progress }

    /// <summary>
    /// Which streams end the command when written to, read once per invocation: a common parameter (-ErrorAction,
    /// -WarningAction, -InformationAction, -ProgressAction, -Verbose, -Debug) or else the preference variable. Stop,
    /// Inquire (the answer may be Halt) and Break end it.
    /// </summary>
    internal sealed class StreamPreferences
    {
        private readonly bool[] _stops = new bool[6];

        public StreamPreferences(PSCmdlet cmdlet)
        {
            _stops[(int)Stream.Error] = Ends(Preference(cmdlet, "ErrorAction", "ErrorActionPreference"));
            _stops[(int)Stream.Warning] = Ends(Preference(cmdlet, "WarningAction", "WarningPreference"));
            _stops[(int)Stream.Information] = Ends(Preference(cmdlet, "InformationAction", "InformationPreference"));
            _stops[(int)Stream.Progress] = Ends(Preference(cmdlet, "ProgressAction", "ProgressPreference"));
            // -Verbose and -Debug are switches: present, they mean Continue; absent, the variable decides.
            _stops[(int)Stream.Verbose] = !cmdlet.MyInvocation.BoundParameters.ContainsKey("Verbose") && Ends(Variable(cmdlet, "VerbosePreference"));
            _stops[(int)Stream.Debug] = !cmdlet.MyInvocation.BoundParameters.ContainsKey("Debug") && Ends(Variable(cmdlet, "DebugPreference"));
        }

        public bool Stops(Stream stream) => _stops[(int)stream];

        private static object? Preference(PSCmdlet cmdlet, string parameter, string variable) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var bound) ? bound : Variable(cmdlet, variable);

        private static object? Variable(PSCmdlet cmdlet, string name) => cmdlet.GetVariableValue(name);

        private static bool Ends(object? value)
        {
            value = PSValue.Base(value);
            if (value == null || !LanguagePrimitives.TryConvertTo<ActionPreference>(value, CultureInfo.InvariantCulture, out var preference)) return false;
            // Break (6) is PowerShell 7's and not in the 5.1 reference assembly this builds against.
            return preference == ActionPreference.Stop || preference == ActionPreference.Inquire || (int)preference == 6;
        }
    }
}
