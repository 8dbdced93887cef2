using System;
using System.Linq;
using System.Management.Automation;

namespace IoTJobs.PowerShell
{
    /// <summary>What the Stop cmdlets read from the piped object itself (their hidden -PipelineObject).</summary>
    internal static class PipedObject
    {
        /// <summary>
        /// The piped item without its PSObject wrapper, except for a custom object (a CSV row, a PSCustomObject), whose
        /// properties live on the wrapper.
        /// </summary>
        public static object? Unwrap(object? pipelineObject) =>
            pipelineObject is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : pipelineObject;

        /// <summary>
        /// True for an execution-shaped object: the module's JobExecution, AWS.Tools' JobExecution, or a CSV row of them
        /// (type names ending in JobExecution). A job's or thing's properties never describe one execution.
        /// </summary>
        public static bool IsJobExecution(object? piped)
        {
            if (piped == null || piped is string) return false;
            if (piped is JobExecution) return true;
            var pso = PSObject.AsPSObject(piped);
            if (pso.BaseObject is string) return false;
            return pso.TypeNames.Any(t => t.EndsWith("JobExecution", StringComparison.Ordinal));
        }

        /// <summary>
        /// True for a thing group: the module's ThingGroup, or a deserialized one (Import-Clixml, Start-Job). A group is
        /// never the name of a thing or a job; the Stop cmdlets refuse it rather than cancel by its name.
        /// </summary>
        public static bool IsThingGroup(object? piped)
        {
            if (piped == null || piped is string) return false;
            if (piped is ThingGroup) return true;
            var pso = PSObject.AsPSObject(piped);
            if (pso.BaseObject is string) return false;
            return pso.TypeNames.Any(t => t.EndsWith("ThingGroup", StringComparison.Ordinal));
        }
    }
}
