namespace IoTJobs.PowerShell.Input
{
    internal static partial class TargetResolver
    {
        /// <summary>
        /// Stop-IoTJob: the jobs one item names. A thing never reaches a whole-job cancel: anything that names a thing
        /// (a Thing, a row with a ThingName column, an execution in any shape) is refused, with or without -JobId.
        /// </summary>
        public static Resolution<JobTarget> ForJobCancel(CommandLine cl, PipedItem? item)
        {
            var r = new Resolution<JobTarget>();
            if (Ambiguous(r, item, NothingCanceled)) return r;
            var command = cl.Command;
            if (!TryReadGiven(cl.Jobs, IoTNameKind.JobId, cl, item?.Raw, NothingCanceled, out var jobs, out var error)) return Fail(r, error);
            if (item == null) return JobTargets(cl, r, jobs, null, Enumerable.Empty<(string, IoTArn)>(), ArnsOf(jobs));

            // By type, or by a ThingGroupName/ThingGroupArn column (a group that went through CSV, JSON or a hashtable).
            if (item.IsThingGroup || !string.IsNullOrWhiteSpace(item.TextOf("ThingGroupName")) || !string.IsNullOrWhiteSpace(item.TextOf("ThingGroupArn")))
            {
                return Fail(r, "ThingGroupPipedToStopJob",
                    $"A thing group ('{item.TextOf("ThingGroupName") ?? item.TextOf("ThingGroupArn")}') was piped in; {command} cancels whole jobs. To cancel a job on this group's things only, pipe its things: Get-IoTThing -ThingGroupName <group> | Stop-IoTJobExecution -JobId <job>; to cancel a job, pass -JobId. {NothingCanceled} for this input.",
                    item.Raw);
            }
            var marks = ExecutionMarks(item);
            if (marks.Length > 0)
            {
                // An execution names one thing's run of a job; canceling its whole job for the fleet is not what piping it means.
                return Fail(r, "JobExecutionPipedToStopJob",
                    $"{command} cancels a whole job on every thing, and {item.Describe()} names one job execution (it has {marks}). {NothingCanceled}. " +
                    "To cancel this execution only, pipe it to Stop-IoTJobExecution; to cancel its whole job, pass -JobId or pipe the job itself (Get-IoTJob -JobId <id> | Stop-IoTJob).",
                    item.Raw);
            }
            if (item.Text != null)
            {
                if (cl.Jobs != null)
                {
                    return Fail(r, "PipedStringWithJobId",
                        $"The string '{MessageText.Shorten(item.Text)}' was piped to {command}, and piped strings are job ids, but -JobId was given too. {NothingCanceled}. Pipe the job ids, or pass -JobId without piping.",
                        item.Raw);
                }
                if (!TryReadPipedString(item, IoTNameKind.JobId, NothingCanceled, out var named, out error)) return Fail(r, error);
                return JobTargets(cl, r, new List<NamedResource> { named }, item, Enumerable.Empty<(string, IoTArn)>(), ArnsOf(new[] { named }));
            }
            if (!TryClaim(item, IoTNameKind.ThingName, NothingCanceled, out var thing, out error)) return Fail(r, error);
            if (thing != null && cl.Jobs != null)
            {
                return Fail(r, "ThingPipedToStopJob",
                    $"{command} cancels a whole job on every thing, and {item.Describe()} names thing '{thing.Name}' (its {thing.From}). {NothingCanceled}: " +
                    $"-JobId with piped things would cancel the job everywhere, not on these things. To stop the job on the piped things only: ... | Stop-IoTJobExecution -JobId {cl.Jobs[0]}.",
                    item.Raw);
            }
            if (!TryClaim(item, IoTNameKind.JobId, NothingCanceled, out var job, out error) ||
                !Agrees(item, job, jobs, IoTNameKind.JobId, NothingCanceled, out error))
                return Fail(r, error);
            if (job == null && jobs.Count > 0)
            {
                // The job is the item's to name: an item that names none never stands for the typed -JobId.
                return Fail(r, "PipedItemNamesNoJob",
                    $"{item.Describe()} was piped to {command} beside -JobId, and names no job. {NothingCanceled} for this input. " +
                    "Pass -JobId without piping anything, or pipe the jobs themselves (Get-IoTJob, job ids as strings, or objects with a JobId or JobArn).",
                    item.Raw);
            }
            if (job == null)
            {
                var advice = item.ModuleKind switch
                {
                    "Thing" => $"To cancel a job's execution on this thing only, use Stop-IoTJobExecution -ThingName {item.TextOf("ThingName")} -JobId <job>.",
                    _ when thing != null => $"To cancel a job's execution on this thing only, use Stop-IoTJobExecution -ThingName {thing.Name} -JobId <job>.",
                    _ => "Pipe jobs (Get-IoTJob), job ids as strings, or objects with a JobId (or JobArn) property, or pass -JobId.",
                };
                return Fail(r, "MissingJobId", Missing(command, IoTNameKind.JobId, item, advice), item.Raw);
            }
            return JobTargets(cl, r, job != null ? new List<NamedResource> { job.Resource } : jobs, item, ArnsOf(job), ArnsOf(jobs));
        }

        /// <summary>
        /// Get-IoTJob: the jobs one item names, to describe. A job execution names its job (Get-IoTJobExecution ... |
        /// Get-IoTJob shows the jobs); a thing alone names none.
        /// </summary>
        public static Resolution<JobTarget> ForJobQuery(CommandLine cl, PipedItem? item)
        {
            var r = new Resolution<JobTarget>();
            if (Ambiguous(r, item, NothingLookedUp)) return r;
            var command = cl.Command;
            if (!TryReadGiven(cl.Jobs, IoTNameKind.JobId, cl, item?.Raw, NothingLookedUp, out var jobs, out var error)) return Fail(r, error);
            if (item == null) return JobTargets(cl, r, jobs, null, Enumerable.Empty<(string, IoTArn)>(), ArnsOf(jobs));
            if (item.Text != null)
            {
                if (cl.ListFilters != null)
                {
                    return Fail(r, "PipedJobIdWithListFilters",
                        $"The string '{MessageText.Shorten(item.Text)}' was piped as a job id, which cannot be combined with the list filters {cl.ListFilters}. {NothingLookedUp} for it.", item.Raw);
                }
                if (!TryReadPipedString(item, IoTNameKind.JobId, NothingLookedUp, out var named, out error)) return Fail(r, error);
                return JobTargets(cl, r, new List<NamedResource> { named }, item, Enumerable.Empty<(string, IoTArn)>(), ArnsOf(new[] { named }));
            }
            if (!TryClaim(item, IoTNameKind.JobId, NothingLookedUp + " for it", out var job, out error) ||
                !TryClaim(item, IoTNameKind.ThingName, NothingLookedUp + " for it", out var thing, out error) ||
                !Agrees(item, job, jobs, IoTNameKind.JobId, NothingLookedUp + " for it", out error))
                return Fail(r, error);
            if (job == null)
            {
                var advice = item.ModuleKind == "Thing" || thing != null
                    ? $"To see the jobs on this thing, list its executions: Get-IoTJobExecution -ThingName {thing?.Name ?? item.TextOf("ThingName")}."
                    : "Pipe job ids as strings, or objects with a JobId (or JobArn) property.";
                return Fail(r, "MissingJobId", Missing(command, IoTNameKind.JobId, item, advice), item.Raw);
            }
            return JobTargets(cl, r, new List<NamedResource> { job.Resource }, item, ArnsOf(job, thing), ArnsOf(jobs));
        }

        private static Resolution<JobTarget> JobTargets(CommandLine cl, Resolution<JobTarget> r, List<NamedResource> jobs, PipedItem? item,
            IEnumerable<(string From, IoTArn Arn)> itemArns, IEnumerable<IoTArn> otherArns)
        {
            var placed = new JobTarget();
            if (!TryPlace(cl, item ?? PipedItem.Of(null), itemArns, otherArns, placed, r, cl.Command == "Stop-IoTJob" ? NothingCanceled : NothingLookedUp))
                return r;
            foreach (var j in jobs)
            {
                r.Targets.Add(new JobTarget
                {
                    Job = j.Name,
                    Region = placed.Region,
                    Account = placed.Account,
                    Item = item?.Raw,
                    KnownStatus = item?.ModuleKind == "Job" ? item.TextOf("StatusText") ?? item.TextOf("Status") : null,
                });
            }
            return r;
        }

        /// <summary>
        /// What makes an item name an execution rather than a job, whatever its type names say: a thing property beside
        /// a job property, an ExecutionNumber or AWS.Tools' JobExecutionSummary, or a JobExecution type name. Empty when none.
        /// </summary>
        internal static string ExecutionMarks(PipedItem item)
        {
            if (!item.IsObject) return "";
            var marks = new List<string>();
            var things = new[] { "ThingName", "ThingArn" }.Where(item.Has).ToList();
            var jobs = new[] { "JobId", "JobArn" }.Where(item.Has).ToList();
            if (things.Count > 0 && jobs.Count > 0) marks.AddRange(things.Concat(jobs));
            marks.AddRange(new[] { "ExecutionNumber", "JobExecutionSummary" }.Where(item.Has));
            if (marks.Count > 0) return "properties " + string.Join(", ", marks);
            var typeName = item.TypeNames.FirstOrDefault(t => t.IndexOf("JobExecution", System.StringComparison.Ordinal) >= 0);
            return typeName != null ? "the type " + typeName : "";
        }
    }
}
