namespace IoTJobs.PowerShell.Input
{
    internal static partial class TargetResolver
    {
        /// <summary>
        /// Get-IoTJobExecution: per item, pairs to describe (a thing and a job named) or one name to list for (a job's
        /// or a thing's executions). The item must name one side itself: an item that names neither is an error even
        /// with -JobId or -ThingName given, because listing the given side alone for it would hand the next command
        /// every execution of the job (a thing group piped beside -JobId, a CSV row with a Device column).
        /// </summary>
        public static Resolution<ExecutionQuery> ForExecutionQuery(CommandLine cl, PipedItem? item)
        {
            var r = new Resolution<ExecutionQuery>();
            if (Ambiguous(r, item, NothingLookedUp)) return r;
            var command = cl.Command;
            if (!TryReadGiven(cl.Things, IoTNameKind.ThingName, cl, item?.Raw, NothingLookedUp, out var things, out var error) ||
                !TryReadGiven(cl.Jobs, IoTNameKind.JobId, cl, item?.Raw, NothingLookedUp, out var jobs, out error))
                return Fail(r, error);

            Claim? thing = null, job = null;
            NamedResource? pipedName = null;
            long? executionNumber = cl.ExecutionNumber;
            if (item != null)
            {
                if (item.IsThingGroup)
                {
                    return Fail(r, "ThingGroupPipedToGetJobExecution",
                        $"A thing group ('{item.TextOf("ThingGroupName")}') was piped to {command}, which gets the executions of things and jobs; a group is neither. {NothingLookedUp} for it. " +
                        $"Pipe the group's things: Get-IoTThing -ThingGroupName {item.TextOf("ThingGroupName") ?? "<group>"} | {command}{(jobs.Count > 0 ? " -JobId " + jobs[0].Given : "")}.",
                        item.Raw);
                }
                if (item.Text != null)
                {
                    if (!TryPipedStringName(cl, item, things.Count > 0, jobs.Count > 0, out pipedName, out error)) return Fail(r, error);
                }
                else if (!item.IsNull)
                {
                    if (!TryClaim(item, IoTNameKind.ThingName, NothingLookedUp + " for it", out thing, out error) ||
                        !TryClaim(item, IoTNameKind.JobId, NothingLookedUp + " for it", out job, out error) ||
                        !Agrees(item, thing, things, IoTNameKind.ThingName, NothingLookedUp + " for it", out error) ||
                        !Agrees(item, job, jobs, IoTNameKind.JobId, NothingLookedUp + " for it", out error))
                        return Fail(r, error);
                    executionNumber ??= ExecutionNumberOf(item);
                }
                if (pipedName == null && thing == null && job == null)
                    return Fail(r, NamesNothing(cl, item, things.Count > 0, jobs.Count > 0));
            }

            var thingNames = thing != null ? new List<NamedResource> { thing.Resource } : pipedName?.Kind == IoTNameKind.ThingName ? new List<NamedResource> { pipedName } : things;
            var jobNames = job != null ? new List<NamedResource> { job.Resource } : pipedName?.Kind == IoTNameKind.JobId ? new List<NamedResource> { pipedName } : jobs;
            if (thingNames.Count == 0 && jobNames.Count == 0)
            {
                return Fail(r, new ItemError("MissingThingNameOrJobId",
                    "Specify -JobId (the job's executions), -ThingName (the thing's executions) or both (describe each pair).", null) { EndsCommand = item == null });
            }
            if (cl.ExecutionNumber.HasValue && (thingNames.Count == 0 || jobNames.Count == 0))
            {
                return Fail(r, new ItemError("ExecutionNumberNeedsThingAndJob",
                    "-ExecutionNumber picks one execution of a job on a thing: give both -ThingName and -JobId with it.", cl.ExecutionNumber) { EndsCommand = item == null });
            }

            var placed = new ExecutionQuery();
            var given = things.Concat(jobs).Concat(pipedName != null ? new[] { pipedName } : new NamedResource[0]);
            if (!TryPlace(cl, item ?? PipedItem.Of(null), ArnsOf(thing, job), ArnsOf(given), placed, r, NothingLookedUp)) return r;

            IEnumerable<(string? Thing, string? Job)> pairs =
                thingNames.Count > 0 && jobNames.Count > 0 ? thingNames.SelectMany(t => jobNames.Select(j => ((string?)t.Name, (string?)j.Name)))
                : thingNames.Count > 0 ? thingNames.Select(t => ((string?)t.Name, (string?)null))
                : jobNames.Select(j => ((string?)null, (string?)j.Name));
            foreach (var (t, j) in pairs)
            {
                r.Targets.Add(new ExecutionQuery
                {
                    Thing = t,
                    Job = j,
                    ExecutionNumber = t != null && j != null ? executionNumber : null,
                    Region = placed.Region,
                    Account = placed.Account,
                    Item = item?.Raw,
                });
            }
            return r;
        }

        /// <summary>A piped string fills the name not given: a thing name first; an ARN says which it is.</summary>
        private static bool TryPipedStringName(CommandLine cl, PipedItem item, bool thingGiven, bool jobGiven, out NamedResource? named, out ItemError? error)
        {
            named = null;
            error = null;
            var text = item.Text!;
            bool legal = IoTNames.IsLegalName("thing", text) || IoTNames.IsLegalName("job", text);
            if (!legal && IoTArn.TryParse(text, out var arn, out _) && (arn.Kind == "thing" || arn.Kind == "job"))
            {
                var kind = arn.Kind == "thing" ? IoTNameKind.ThingName : IoTNameKind.JobId;
                if (kind == IoTNameKind.ThingName ? !thingGiven : !jobGiven) return TryReadPipedString(item, kind, NothingLookedUp, out named!, out error);
            }
            else if (legal || !text.StartsWith("arn:", System.StringComparison.Ordinal))
            {
                if (!thingGiven) return TryReadPipedString(item, IoTNameKind.ThingName, NothingLookedUp, out named!, out error);
                if (!jobGiven) return TryReadPipedString(item, IoTNameKind.JobId, NothingLookedUp, out named!, out error);
            }
            else if (!IoTArn.TryParse(text, out _, out var problem) && problem != null)
            {
                error = new ItemError("InvalidPipedName", $"The piped string '{MessageText.Shorten(text)}' cannot name a thing or a job: {problem}. {NothingLookedUp} for it.", item.Raw);
                return false;
            }
            error = new ItemError("InvalidPipedName",
                $"The piped string '{MessageText.Shorten(text)}' cannot be used: it must be a thing name, a job id, or a thing or job ARN for a name not already given (-ThingName and -JobId).",
                item.Raw);
            return false;
        }

        private static ItemError NamesNothing(CommandLine cl, PipedItem item, bool thingGiven, bool jobGiven)
        {
            var command = cl.Command;
            if (!thingGiven && !jobGiven)
            {
                return new ItemError("MissingThingNameOrJobId",
                    $"The input object '{MessageText.Shorten(item.IsNull ? "$null" : item.Raw?.ToString() ?? "")}' has no ThingName, ThingArn, JobId or JobArn property, so there is nothing to get. Pipe jobs, things, job executions, or rows with those columns.",
                    item.Raw);
            }
            // The given side alone would list everything on it for this item: never widen an item into that.
            var kind = jobGiven ? IoTNameKind.ThingName : IoTNameKind.JobId;
            var listed = jobGiven
                ? $"the executions of job {cl.Jobs![0]} on every thing"
                : $"every execution on thing {cl.Things![0]}";
            var advice = jobGiven
                ? $"Listing {listed} is {command} -JobId {cl.Jobs![0]}, without piping; to get the executions of some things, pipe the things (Get-IoTThing ... | {command} -JobId {cl.Jobs![0]})."
                : $"Listing {listed} is {command} -ThingName {cl.Things![0]}, without piping; to get some jobs' executions on it, pipe the jobs.";
            return new ItemError(kind == IoTNameKind.ThingName ? "MissingThingName" : "MissingJobId",
                Missing(command, kind, item, $"{command} would otherwise list {listed} for it. " + advice), item.Raw);
        }
    }
}
