using System;
using System.Management.Automation;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// Names from pipeline input, the way Stop-Process keeps -Name by property name and -InputObject typed: the name
    /// parameters bind by property name only (ThingName/ThingArn, JobId/JobArn), a piped string is read here as the
    /// one name a cmdlet takes from strings, and any other piped object that lacks the property is an error for that
    /// item. PowerShell's own by-value binding would turn any object into a name through ToString(): a Thing into a job
    /// id, a Job into a thing name, a hashtable into "System.Collections.Hashtable".
    /// </summary>
    internal static class PipedNames
    {
        /// <summary>
        /// The name a piped string gives: an ARN of the right kind becomes its name. Throws ArgumentException with the
        /// same message the parameter itself would give (wrong kind of ARN, invalid name).
        /// </summary>
        public static string FromString(IoTNameKind kind, string text)
        {
            string name;
            try
            {
                name = new ArnToNameAttribute(kind == IoTNameKind.ThingName ? "thing" : "job").Convert(text);
            }
            catch (ArgumentTransformationMetadataException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
            try
            {
                ValidateIoTNameAttribute.Check(kind, name);
            }
            catch (ValidationMetadataException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
            return name;
        }

        /// <summary>
        /// The message for a piped item that names no thing (or no job): says what was piped, which properties were
        /// looked for, and ends with the cmdlet's <paramref name="advice"/> on what would work.
        /// </summary>
        public static string Missing(string command, IoTNameKind kind, object? piped, string advice)
        {
            var label = kind == IoTNameKind.ThingName ? "thing" : "job";
            var looked = kind == IoTNameKind.ThingName ? "ThingName or ThingArn" : "JobId or JobArn";
            string what;
            if (piped == null)
                what = $"$null was piped to {command}, so it names no {label}.";
            else if (PipedObject.IsDictionary(piped))
                what = $"A hashtable was piped to {command}: {PipedObject.HashtableAdvice}";
            else if (PipedObject.ModuleKind(piped) is string moduleKind)
                what = $"{Capitalize(PipedObject.Describe(piped))} was piped to {command}, but {Article(moduleKind)} {moduleKind} names no {label} ({command} reads the {label} from a {looked} property).";
            else
                what = $"{Capitalize(PipedObject.Describe(piped))} was piped to {command}, but it has no {looked} property (its properties: {PipedObject.PropertyNames(piped)}), so it names no {label}.";
            return $"{what} Nothing was done for it. {advice}";
        }

        private static string Article(string word) => "AEIOU".IndexOf(char.ToUpperInvariant(word[0])) >= 0 ? "an" : "a";

        public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
