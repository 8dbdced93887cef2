using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// What the cmdlets read from the piped object itself (their hidden -PipelineObject / -InputObject), and how they
    /// describe it in messages. Name parameters bind by property name only; a piped object never becomes a name through
    /// its ToString(), so these helpers decide what a piped string or a piped object of the wrong kind means.
    /// </summary>
    internal static class PipedObject
    {
        /// <summary>
        /// The piped item without its PSObject wrapper, except for a custom object (a CSV row, a PSCustomObject), whose
        /// properties live on the wrapper.
        /// </summary>
        public static object? Unwrap(object? pipelineObject) =>
            pipelineObject is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : pipelineObject;

        /// <summary>The piped string (a name or an ARN), or null when the piped item is not a string.</summary>
        public static string? AsString(object? piped)
        {
            var value = piped is PSObject p ? p.BaseObject : piped;
            return value as string;
        }

        /// <summary>The value of a property of the piped object (PSObject unwrapped), or false when it has no such property.</summary>
        public static bool TryGetProperty(object? piped, string name, out object? value)
        {
            value = null;
            if (piped == null || AsString(piped) != null) return false;
            var property = PSObject.AsPSObject(piped).Properties[name];
            if (property == null) return false;
            try
            {
                value = property.Value;
            }
            catch (GetValueException)
            {
                return false;
            }
            if (value is PSObject inner) value = inner.BaseObject;
            return true;
        }

        /// <summary>A property's value as text ($null and empty text: null), invariant for numbers.</summary>
        public static string? Text(object? value)
        {
            if (value is PSObject p) value = p.BaseObject;
            var text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }

        /// <summary>The text of the named property, or null when it is missing or blank.</summary>
        public static string? PropertyText(object? piped, string name) =>
            TryGetProperty(piped, name, out var value) ? Text(value) : null;

        /// <summary>
        /// True for an execution-shaped object: the module's JobExecution, AWS.Tools' JobExecution, or a CSV row of them
        /// (type names ending in JobExecution). A job's or thing's properties never describe one execution.
        /// </summary>
        public static bool IsJobExecution(object? piped)
        {
            if (piped == null || AsString(piped) != null) return false;
            if (piped is JobExecution) return true;
            var pso = PSObject.AsPSObject(piped);
            return pso.BaseObject is JobExecution || pso.TypeNames.Any(t => t.EndsWith("JobExecution", StringComparison.Ordinal));
        }

        /// <summary>
        /// True when the object names one execution (a thing's run of a job) rather than a job, whatever its type names
        /// say: it has a ThingName or ThingArn property (a CSV row or JSON round trip of an execution), an ExecutionNumber
        /// or an AWS.Tools JobExecutionSummary, or a type name that says it is an execution. Stop-IoTJob refuses these.
        /// </summary>
        public static bool NamesExecution(object? piped) => ExecutionMarks(piped).Length > 0;

        /// <summary>
        /// What makes the object name an execution (for <see cref="NamesExecution"/> and its message): a thing property
        /// beside a job property, an ExecutionNumber or JobExecutionSummary, or a JobExecution type name. Empty when none.
        /// </summary>
        public static string ExecutionMarks(object? piped)
        {
            if (piped == null || AsString(piped) != null) return "";
            var marks = new System.Collections.Generic.List<string>();
            var things = new[] { "ThingName", "ThingArn" }.Where(n => TryGetProperty(piped, n, out _)).ToList();
            var jobs = new[] { "JobId", "JobArn" }.Where(n => TryGetProperty(piped, n, out _)).ToList();
            if (things.Count > 0 && jobs.Count > 0) marks.AddRange(things.Concat(jobs));
            marks.AddRange(new[] { "ExecutionNumber", "JobExecutionSummary" }.Where(n => TryGetProperty(piped, n, out _)));
            var typeName = PSObject.AsPSObject(piped).TypeNames.FirstOrDefault(t => t.IndexOf("JobExecution", StringComparison.Ordinal) >= 0);
            if (marks.Count > 0) return "properties " + string.Join(", ", marks);
            return typeName != null ? "the type " + typeName : "";
        }

        /// <summary>The module object kind of the piped item ("Thing", "Job", ...), live or deserialized; null for others.</summary>
        public static string? ModuleKind(object? piped)
        {
            if (piped == null) return null;
            var value = piped is PSObject p ? p.BaseObject : piped;
            switch (value)
            {
                case Thing _: return "Thing";
                case Job _: return "Job";
                case JobExecution _: return "JobExecution";
            }
            // Import-Clixml and Start-Job bring them back as Deserialized.IoTJobs.PowerShell.<Kind>.
            foreach (var typeName in PSObject.AsPSObject(piped).TypeNames)
            {
                var name = typeName.StartsWith("Deserialized.", StringComparison.Ordinal) ? typeName.Substring("Deserialized.".Length) : typeName;
                // IoTJobs.PowerShell.<Kind> is how 0.1.0 named them, in Clixml files written before the Output namespace.
                foreach (var prefix in new[] { "IoTJobs.PowerShell.Output.", "IoTJobs.PowerShell." })
                    if (name.StartsWith(prefix, StringComparison.Ordinal) && name.IndexOf('.', prefix.Length) < 0) return name.Substring(prefix.Length);
            }
            return null;
        }

        public static bool IsDictionary(object? piped) => (piped is PSObject p ? p.BaseObject : piped) is IDictionary;

        /// <summary>How a message names the piped item: "the Thing 'gw-9'", "a hashtable", "the object @{Thing=..} (PSCustomObject)".</summary>
        public static string Describe(object? piped)
        {
            if (piped == null) return "$null";
            var text = AsString(piped);
            if (text != null) return $"the string '{MessageText.Shorten(text)}'";
            if (IsDictionary(piped)) return "a hashtable";
            var kind = ModuleKind(piped);
            if (kind != null)
            {
                var name = kind switch
                {
                    "Thing" => PropertyText(piped, "ThingName"),
                    "Job" => PropertyText(piped, "JobId"),
                    _ => PropertyText(piped, "ThingName") + "/" + PropertyText(piped, "JobId"),
                };
                return $"the {kind} '{MessageText.Shorten(name ?? "")}'";
            }
            var pso = PSObject.AsPSObject(piped);
            // A property bag's type name says nothing ("PSCustomObject", "Selected...."), unless it was kept (CSV:..., Deserialized....).
            var type = pso.BaseObject is PSCustomObject ? pso.TypeNames.FirstOrDefault() : pso.BaseObject.GetType().FullName;
            var shownType = type == null || type == typeof(PSCustomObject).FullName || type.StartsWith("Selected.", StringComparison.Ordinal) ? "" : $" ({type})";
            return $"the object {MessageText.Shorten(pso.ToString())}{shownType}";
        }

        /// <summary>The piped object's property names, for messages ("Thing, Job"), or "none".</summary>
        public static string PropertyNames(object? piped)
        {
            if (piped == null || AsString(piped) != null) return "none";
            var names = PSObject.AsPSObject(piped).Properties.Select(p => p.Name).Take(12).ToList();
            return names.Count == 0 ? "none" : string.Join(", ", names);
        }

        /// <summary>The advice for a piped hashtable: its keys are not properties, so nothing binds from it.</summary>
        public const string HashtableAdvice =
            "PowerShell pipes a hashtable as one object whose keys are not properties, so no name can be read from it; pipe [pscustomobject]@{ ... } instead (its keys become properties).";

        /// <summary>
        /// True for a thing group: the module's ThingGroup, or a deserialized one (Import-Clixml, Start-Job). A group is
        /// never the name of a thing or a job; the Stop cmdlets refuse it rather than cancel by its name.
        /// </summary>
        public static bool IsThingGroup(object? piped)
        {
            if (piped == null || AsString(piped) != null) return false;
            if ((piped is PSObject p ? p.BaseObject : piped) is ThingGroup) return true;
            return PSObject.AsPSObject(piped).TypeNames.Any(t => t.EndsWith("ThingGroup", StringComparison.Ordinal));
        }
    }
}
