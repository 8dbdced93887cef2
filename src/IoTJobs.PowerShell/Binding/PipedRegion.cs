using System.Management.Automation;
using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// The Region a piped object carries. PowerShell binds $PSDefaultParameterValues before pipeline input, so a
    /// default such as $PSDefaultParameterValues['*-IoT*:Region'] would otherwise beat the Region of every piped
    /// object; cmdlets read the object's own Region through this so objects stay in the region they came from.
    /// </summary>
    internal static class PipedRegion
    {
        private static readonly Regex Pattern = new Regex(IoTJobsCmdlet.RegionPattern, RegexOptions.CultureInvariant);

        /// <summary>The object's Region property when it is a non-empty string; null for strings, objects without one, or $null.</summary>
        public static string? Of(object? input)
        {
            if (input == null) return null;
            var pso = PSObject.AsPSObject(input);
            if (pso.BaseObject is string) return null;
            var value = pso.Properties["Region"]?.Value;
            if (value is PSObject p) value = p.BaseObject;
            return value is string s && s.Trim().Length > 0 ? s.Trim() : null;
        }

        public static bool IsValid(string region) => Pattern.IsMatch(region);

        /// <summary>
        /// Sets the cmdlet's Region for the current input: the object's own Region, else the one the command started
        /// with (-Region or a default). False, after writing an error for this input alone, when the object's Region is
        /// not a region name.
        /// </summary>
        public static bool Apply(IoTJobsCmdlet cmdlet, object? input, string? commandRegion)
        {
            var piped = Of(input);
            if (piped != null && !IsValid(piped))
            {
                var shown = piped.Length > 40 ? piped.Substring(0, 40) + "..." : piped;
                cmdlet.WriteError(new ErrorRecord(
                    new System.ArgumentException($"The input object's Region '{shown}' is not an AWS region name such as us-east-1 or eu-west-1."),
                    "InvalidRegion", ErrorCategory.InvalidArgument, input));
                return false;
            }
            if (piped != null && commandRegion != null && piped != commandRegion)
                cmdlet.WriteVerbose($"Using the input object's region {piped} instead of {commandRegion}: objects are looked up where they came from.");
            cmdlet.Region = piped ?? commandRegion;
            return true;
        }
    }
}
