using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// The region a piped object belongs to, and how it meets the command's own region.
    /// - An object keeps the region it came from: its Region property, or the region inside its ThingArn/JobArn (an
    ///   AWS.Tools object carries only ARNs). A name alone does not say where a thing is, so a cancel sent to another
    ///   region would hit a different thing or job that happens to share the name.
    /// - A region from $PSDefaultParameterValues yields to the object's (PowerShell binds defaults before pipeline
    ///   input, so without this a default such as '*-IoT*:Region' would beat every piped object's own region).
    /// - A region typed on the command line that disagrees with the object's, or an object whose Region and ARNs
    ///   disagree, is an error for that item naming both: never a silent choice.
    /// </summary>
    internal static class PipedRegion
    {
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

        public static bool IsValid(string region) => IoTJobs.Aws.Regions.IsValid(region);

        /// <summary>The region the object states (its Region, else the region inside its ThingArn or JobArn), or null.</summary>
        public static string? ObjectRegion(object? input) => Of(input) ?? ArnRegions(input).Select(s => s.Region).FirstOrDefault();

        private static IEnumerable<(string From, string Region)> ArnRegions(object? input)
        {
            foreach (var property in new[] { "ThingArn", "JobArn" })
            {
                var arn = PipedObject.PropertyText(input, property);
                if (arn != null && IoTNames.TryParseArn(arn, out _, out _, out var arnRegion) && arnRegion.Length > 0)
                    yield return (property, arnRegion);
            }
        }

        /// <summary>
        /// Sets the cmdlet's Region for the current input: the object's own region, else the one the command started
        /// with (-Region or a default). False, after writing an error for this input alone, when the object's region is
        /// not a region name or the regions disagree.
        /// </summary>
        public static bool Apply(IoTJobsCmdlet cmdlet, object? input)
        {
            var commandRegion = cmdlet.CommandRegion;
            var piped = Of(input);
            if (piped != null && !IsValid(piped))
            {
                var shown = MessageText.Shorten(piped, 40);
                cmdlet.WriteItemError(new ErrorRecord(
                    new System.ArgumentException($"The input object's Region '{shown}' is not {IoTJobs.Aws.Regions.Rule}. Nothing was sent for it."),
                    "InvalidRegion", ErrorCategory.InvalidArgument, input));
                return false;
            }

            // Every region the object states must agree: Region, and the regions inside its ARNs.
            var stated = new List<(string From, string Region)>();
            if (piped != null) stated.Add(("Region", piped));
            stated.AddRange(ArnRegions(input));
            var first = stated.FirstOrDefault();
            var disagreeing = stated.FirstOrDefault(s => s.Region != first.Region);
            if (disagreeing.Region != null)
            {
                Conflict(cmdlet, input,
                    $"The input object's {first.From} says region {first.Region} but its {disagreeing.From} says {disagreeing.Region}, so it is not clear which execution it names. Nothing was sent for it; fix the object (or the CSV row) so that they agree.");
                return false;
            }
            var objectRegion = first.Region;

            if (objectRegion != null && commandRegion != null && objectRegion != commandRegion)
            {
                if (cmdlet.CommandRegionExplicit)
                {
                    Conflict(cmdlet, input,
                        $"-Region {commandRegion} was given, but the input object belongs to {objectRegion} (its {first.From}). Nothing was sent for it. " +
                        $"Leave out -Region to act on each object in its own region, or pass only the {commandRegion} objects (for example with Where-Object Region -eq '{commandRegion}').");
                    return false;
                }
                cmdlet.WriteVerbose($"Using the input object's region {objectRegion} (its {first.From}) instead of the default {commandRegion}: objects are acted on where they came from.");
            }
            cmdlet.Region = objectRegion ?? commandRegion;
            return true;
        }

        private static void Conflict(IoTJobsCmdlet cmdlet, object? input, string message) =>
            cmdlet.WriteItemError(new ErrorRecord(new System.ArgumentException(message), "RegionConflict", ErrorCategory.InvalidArgument, input));
    }
}
