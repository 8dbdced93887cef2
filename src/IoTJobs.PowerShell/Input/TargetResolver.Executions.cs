using System.Globalization;

namespace IoTJobs.PowerShell.Input
{
    internal static partial class TargetResolver
    {
        /// <summary>
        /// Stop-IoTJobExecution: the executions one item names. A piped string is a thing; an object names its thing and
        /// job by property (the command line may give the other); one that names no thing, or no job, is an error.
        /// </summary>
        public static Resolution<ExecutionTarget> ForExecutionCancel(CommandLine cl, PipedItem? item)
        {
            var r = new Resolution<ExecutionTarget>();
            if (Ambiguous(r, item, NothingSent)) return r;
            var target = item?.Raw;
            if (!TryReadGiven(cl.Things, IoTNameKind.ThingName, cl, target, NothingSent, out var things, out var error) ||
                !TryReadGiven(cl.Jobs, IoTNameKind.JobId, cl, target, NothingSent, out var jobs, out error))
                return Fail(r, error);
            if (item == null) return Pairs(cl, r, things, jobs, null, null, new ExecutionTarget());

            var command = cl.Command;
            if (item.IsNull) return Fail(r, "MissingThingName", Missing(command, IoTNameKind.ThingName, item, ThingAdvice(command, item)), null);
            if (item.IsThingGroup)
            {
                return Fail(r, "ThingGroupPipedToStopJobExecution",
                    $"A thing group ('{item.TextOf("ThingGroupName")}') was piped in; {command} cancels the executions of things. To cancel the group's executions, pipe its things: Get-IoTThing -ThingGroupName <group> | {command} -JobId <job>. {NothingCanceled} for this input.",
                    item.Raw);
            }
            Claim? thing = null, job = null;
            NamedResource? pipedThing = null;
            if (item.Text != null)
            {
                // A piped string is a thing name (or thing ARN).
                if (cl.Things != null)
                {
                    return Fail(r, "PipedStringWithThingName",
                        $"The string '{MessageText.Shorten(item.Text)}' was piped to {command}, and piped strings are thing names, but -ThingName was given too. {NothingSent} for it. " +
                        "Pipe the thing names and pass -JobId, or pass both -ThingName and -JobId without piping.", item.Raw);
                }
                if (!TryReadPipedString(item, IoTNameKind.ThingName, NothingSent, out pipedThing, out error)) return Fail(r, error);
            }
            else
            {
                if (!TryClaim(item, IoTNameKind.ThingName, NothingSent + " for it", out thing, out error) ||
                    !TryClaim(item, IoTNameKind.JobId, NothingSent + " for it", out job, out error) ||
                    !Agrees(item, thing, things, IoTNameKind.ThingName, NothingSent + " for it", out error) ||
                    !Agrees(item, job, jobs, IoTNameKind.JobId, NothingSent + " for it", out error))
                    return Fail(r, error);
                if (thing == null && things.Count == 0)
                    return Fail(r, "MissingThingName", Missing(command, IoTNameKind.ThingName, item, ThingAdvice(command, item)), item.Raw);
            }
            if (job == null && jobs.Count == 0)
                return Fail(r, "MissingJobId", Missing(command, IoTNameKind.JobId, item, JobAdvice(command, item)), item.Raw);

            var prototype = new ExecutionTarget { Item = item.Raw, ExecutionNumber = ExecutionNumberOf(item) };
            if (!TryExpectedVersion(cl, item, r, out var expected)) return r;
            prototype.ExpectedVersion = expected;
            var thingNames = pipedThing != null ? new List<NamedResource> { pipedThing } : thing != null ? new List<NamedResource> { thing.Resource } : things;
            var jobNames = job != null ? new List<NamedResource> { job.Resource } : jobs;
            var given = things.Concat(jobs).Concat(pipedThing != null ? new[] { pipedThing } : new NamedResource[0]);
            if (!TryPlace(cl, item, ArnsOf(thing, job), ArnsOf(given), prototype, r, NothingSent)) return r;
            return Pairs(cl, r, thingNames, jobNames, item, prototype, prototype);
        }

        /// <summary>Every thing with every job, placed where <paramref name="placed"/> says.</summary>
        private static Resolution<ExecutionTarget> Pairs(CommandLine cl, Resolution<ExecutionTarget> r, List<NamedResource> things, List<NamedResource> jobs,
            PipedItem? item, ExecutionTarget? prototype, ExecutionTarget placed)
        {
            if (item == null)
            {
                // Everything typed: the ARNs' regions and accounts decide, as a piped object's would.
                if (!TryExpectedVersion(cl, null, r, out var expected)) return r;
                placed.ExpectedVersion = expected;
                if (!TryPlace(cl, PipedItem.Of(null), Enumerable.Empty<(string, IoTArn)>(), ArnsOf(things.Concat(jobs)), placed, r, NothingSent)) return r;
            }
            foreach (var t in things)
                foreach (var j in jobs)
                {
                    r.Targets.Add(new ExecutionTarget
                    {
                        Thing = t.Name,
                        Job = j.Name,
                        Region = placed.Region,
                        Account = placed.Account,
                        Item = item?.Raw,
                        ExpectedVersion = placed.ExpectedVersion,
                        ExecutionNumber = prototype?.ExecutionNumber,
                        KnownStatus = item == null ? null : KnownStatusOf(item, t.Name, j.Name),
                    });
                }
            return r;
        }

        private static string ThingAdvice(string command, PipedItem item)
        {
            var kind = item.ModuleKind;
            if (kind == "Job")
            {
                var job = item.TextOf("JobId");
                return $"To cancel this job's executions, pipe them (Get-IoTJobExecution -JobId {job} | {command}) or name the things with -ThingName; to cancel the whole job on every thing, use Stop-IoTJob.";
            }
            if (item.IsDictionary || item.IsNull)
                return "Pipe objects with ThingName and JobId properties, job executions (Get-IoTJobExecution), or pass -ThingName and -JobId.";
            return "Give the objects ThingName and JobId properties (for a CSV file: name the columns ThingName and JobId, or Import-Csv -Header ThingName,JobId), " +
                   $"pipe job executions (Get-IoTJobExecution | {command}), or pass -ThingName.";
        }

        private static string JobAdvice(string command, PipedItem item)
        {
            if (item.ModuleKind == "Thing")
                return $"Pass -JobId to say which job to cancel on the piped things (Get-IoTThing ... | {command} -JobId fw).";
            if (item.IsDictionary || item.IsNull)
                return "Pipe objects with ThingName and JobId properties, job executions (Get-IoTJobExecution), or pass -ThingName and -JobId.";
            return "Give the objects a JobId (or JobArn) property, or pass -JobId.";
        }

        /// <summary>
        /// The condition for this item: -ExpectedVersion (typed, or a delay-bind script block's result), else the piped
        /// object's own ExpectedVersion, read strictly (never rounded, never dropped). A given -ExpectedVersion that is
        /// empty or $null for an item fails it: it was given to set a condition.
        /// </summary>
        private static bool TryExpectedVersion(CommandLine cl, PipedItem? item, Resolution<ExecutionTarget> r, out long? expected)
        {
            expected = null;
            var suffix = item == null ? NothingSent + "." : NothingSent + " for it.";
            if (cl.ExpectedVersionGiven)
            {
                if (!ExpectedVersionInput.TryRead(cl.ExpectedVersion, out expected, out var shown))
                {
                    r.Error = new ItemError("InvalidExpectedVersion", Rule(shown, "-ExpectedVersion") + " " + suffix, item?.Raw ?? cl.ExpectedVersion) { EndsCommand = item == null };
                    return false;
                }
                if (expected == null)
                {
                    r.Error = new ItemError("InvalidExpectedVersion",
                        "-ExpectedVersion gave no value (empty or $null), so the condition cannot be read, and a cancel without it could cancel an execution that changed. " +
                        "For -ExpectedVersion { $_.VersionNumber }, list with Get-IoTJobExecution -Detailed: list summaries carry no VersionNumber. " + suffix, item?.Raw)
                    {
                        EndsCommand = item == null,
                    };
                    return false;
                }
            }
            if (item == null || !item.TryGet("ExpectedVersion", out var raw)) return true;
            if (!ExpectedVersionInput.TryRead(raw, out var piped, out var pipedShown))
            {
                r.Error = new ItemError("InvalidExpectedVersion",
                    Rule(pipedShown, "The piped object's ExpectedVersion") + " " + suffix + " Fix the value, or leave it blank for no condition.", item.Raw);
                return false;
            }
            if (cl.ExpectedVersionGiven)
            {
                if (piped == null || piped == expected) return true;
                r.Error = new ItemError("ExpectedVersionConflict",
                    $"The piped object's ExpectedVersion {piped.Value.ToString(CultureInfo.InvariantCulture)} and -ExpectedVersion {expected!.Value.ToString(CultureInfo.InvariantCulture)} disagree. {NothingSent} for it; give one of them.", item.Raw);
                return false;
            }
            if (piped == null) r.Notes.Add("The piped object's ExpectedVersion is blank: canceling without a version condition.");
            expected = piped;
            return true;
        }

        private static string Rule(string shown, string what) =>
            $"{what} '{shown}' is not a whole number from 0 to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}, so the condition cannot be read, and a cancel without it could cancel an execution that changed.";

        /// <summary>The execution number an item names: its ExecutionNumber, or AWS.Tools' nested JobExecutionSummary.ExecutionNumber.</summary>
        private static long? ExecutionNumberOf(PipedItem item)
        {
            if (!item.TryGet("ExecutionNumber", out var value) || value == null)
            {
                if (!item.TryGet("JobExecutionSummary", out var nested) || nested == null) return null;
                value = PipedItem.Of(nested).TryGet("ExecutionNumber", out var inner) ? inner : null;
            }
            value = PSValue.Base(value);
            return value switch
            {
                long l => l,
                int i => i,
                null => null,
                _ => LanguagePrimitives.TryConvertTo<long>(value, CultureInfo.InvariantCulture, out var converted) ? converted : (long?)null,
            };
        }

        /// <summary>
        /// The status an execution-shaped item showed (a CSV row of executions, an AWS.Tools execution, a Clixml copy),
        /// only when it names this very execution: a job's or thing's Status is not the execution's.
        /// </summary>
        private static string? KnownStatusOf(PipedItem item, string thing, string job)
        {
            if (!item.IsJobExecutionType) return null;
            var itemJob = item.TextOf("JobId");
            var itemThing = item.TextOf("ThingName") ?? IoTNames.ThingNameFromArn(item.TextOf("ThingArn"));
            if (itemJob != job || itemThing != thing) return null;
            // StatusText is the service's own text; a deserialized enum (Import-Clixml, Start-Job) is a number whose
            // wrapper remembers the name, so it is read through the PSObject's ToString.
            if (item.TextOf("StatusText") is string text) return text;
            var status = item.Raw == null ? null : PSObject.AsPSObject(item.Raw).Properties["Status"]?.Value?.ToString();
            return string.IsNullOrEmpty(status) ? null : status;
        }
    }
}
