namespace IoTJobs.PowerShell.Input
{
    internal static partial class TargetResolver
    {
        /// <summary>
        /// Get-IoTThing: per item, a thing to describe or a thing group whose things to list. An item asks for one thing
        /// or for one group's things, never both, and -ThingGroupName or a fleet-index <paramref name="query"/> typed
        /// beside pipeline input would list the group's or the query's things for every item: either way more things
        /// would come out than the item named, so the item is an error.
        /// </summary>
        public static Resolution<NameQuery> ForThingQuery(CommandLine cl, PipedItem? item, string? query = null)
        {
            var r = new Resolution<NameQuery>();
            if (Ambiguous(r, item, NothingLookedUp)) return r;
            var command = cl.Command;
            if (!TryReadGiven(cl.Things, IoTNameKind.ThingName, cl, item?.Raw, NothingLookedUp, out var things, out var error) ||
                !TryReadGiven(cl.Groups, IoTNameKind.ThingGroupName, cl, item?.Raw, NothingLookedUp, out var groups, out error))
                return Fail(r, error);
            if (item == null)
            {
                var typed = things.Select(t => (t, false)).Concat(groups.Select(g => (g, true))).ToList();
                return NameQueries(cl, r, typed, null, Enumerable.Empty<(string, IoTArn)>(), ArnsOf(things.Concat(groups)));
            }
            if (query != null)
            {
                return Fail(r, "PipedInputWithQuery",
                    $"{MessageText.Capitalize(item.Describe())} was piped to {command}, and -Query '{MessageText.Shorten(query)}' was given too: the query's things would be listed for it, whatever it names. {NothingLookedUp} for it. " +
                    $"Put what the items have in common into the query (for example thingName:sensor-* or attributes.site:ber), or pipe them without -Query.", item.Raw);
            }
            if (cl.Groups != null)
            {
                return Fail(r, "PipedInputWithThingGroupName",
                    $"{MessageText.Capitalize(item.Describe())} was piped to {command}, and -ThingGroupName {cl.Groups[0]} was given too: the group's things would be listed for it, whatever it names. {NothingLookedUp} for it. " +
                    $"Pipe the thing group (Get-IoTThingGroup {cl.Groups[0]} | {command}), or give -ThingGroupName without piping.", item.Raw);
            }
            if (item.Text != null)
            {
                if (cl.ListFilters != null)
                {
                    return Fail(r, "PipedThingNameWithListFilters",
                        $"The string '{MessageText.Shorten(item.Text)}' was piped as a thing name, which cannot be combined with the list filters {cl.ListFilters}. {NothingLookedUp} for it.", item.Raw);
                }
                if (!TryReadPipedString(item, IoTNameKind.ThingName, NothingLookedUp, out var named, out error)) return Fail(r, error);
                return NameQueries(cl, r, new List<(NamedResource, bool)> { (named, false) }, item, Enumerable.Empty<(string, IoTArn)>(), ArnsOf(new[] { named }));
            }
            Claim? group = null;
            if (item.IsThingGroup)
            {
                if (item.TextOf("ThingGroupName") is string groupName && NamedResource.TryRead(IoTNameKind.ThingGroupName, groupName, out var g, out _))
                    group = new Claim(g, "ThingGroupName");
            }
            else if (!TryClaim(item, IoTNameKind.ThingGroupName, NothingLookedUp + " for it", out group, out error)) return Fail(r, error);
            if (!TryClaim(item, IoTNameKind.ThingName, NothingLookedUp + " for it", out var thing, out error) ||
                !Agrees(item, thing, things, IoTNameKind.ThingName, NothingLookedUp + " for it", out error))
                return Fail(r, error);
            if (thing != null && group != null && !item.IsThingGroup)
            {
                return Fail(r, "ThingAndThingGroupPiped",
                    $"{MessageText.Capitalize(item.Describe())} was piped to {command} with both a thing ('{thing.Name}') and a thing group ('{group.Name}'), so it is not clear whether it asks for the one thing or for every thing of the group. {NothingLookedUp} for it. " +
                    "For the thing, pipe only its name (Select-Object ThingName | Get-IoTThing); for the group's things, pipe only the group (Select-Object ThingGroupName | Get-IoTThing).",
                    item.Raw);
            }
            if (group != null) return NameQueries(cl, r, new List<(NamedResource, bool)> { (group.Resource, true) }, item, ArnsOf(group), ArnsOf(things));
            if (thing == null && things.Count == 0)
            {
                var advice = item.ModuleKind == "Job"
                    ? $"To see the things this job runs on, list its executions: Get-IoTJobExecution -JobId {item.TextOf("JobId")}."
                    : "Pipe thing names as strings, things, thing groups, or objects with a ThingName (or ThingArn) or ThingGroupName property.";
                return Fail(r, "MissingThingName", Missing(command, IoTNameKind.ThingName, item, advice), item.Raw);
            }
            var names = thing != null ? new List<NamedResource> { thing.Resource } : things;
            return NameQueries(cl, r, names.Select(n => (n, false)).ToList(), item, ArnsOf(thing), ArnsOf(things));
        }

        /// <summary>
        /// Get-IoTThingGroup: the groups one item names: a piped string, or a ThingGroupName (or ThingGroupArn) property;
        /// typed names may be wildcard patterns, which Get-IoTThingGroup checks. An item beside -ParentGroupName, or one
        /// that names no group, is an error: listing groups for it would hand the next command groups it never named.
        /// </summary>
        public static Resolution<NameQuery> ForGroupQuery(CommandLine cl, PipedItem? item, string? parentGroup)
        {
            var r = new Resolution<NameQuery>();
            if (Ambiguous(r, item, NothingLookedUp)) return r;
            var names = new List<string>();
            Claim? claim = null;
            if (item == null) names.AddRange(cl.Groups ?? new string[0]);
            else
            {
                if (item.Text != null) names.Add(item.Text);
                else if (!item.IsNull && !TryClaim(item, IoTNameKind.ThingGroupName, NothingLookedUp + " for it", out claim, out var error)) return Fail(r, error);
                if (claim != null) names.Add(claim.Name);
                if (names.Count == 0 || cl.ListFilters != null || cl.Groups != null)
                {
                    return Fail(r, "PipedInputWithoutThingGroupName",
                        $"{MessageText.Capitalize(item.Describe())} was piped to {cl.Command}, but it " +
                        (cl.Groups != null ? "came with -ThingGroupName too" : names.Count == 0 ? "names no thing group" : "came with " + cl.ListFilters) +
                        (parentGroup != null ? $" (-ParentGroupName {parentGroup} lists that group's children, whatever is piped)" : "") +
                        $". {NothingLookedUp} for it. Pipe group names as strings, thing groups, or objects with a ThingGroupName property, without -ThingGroupName, -ParentGroupName or -Recursive; or give -ParentGroupName without piping.",
                        item.Raw);
                }
            }
            var arns = new List<IoTArn>();
            for (int i = 0; i < names.Count; i++)
            {
                // Patterns are not names; an ARN is read for its region and becomes its name.
                if (names[i].StartsWith("arn:", System.StringComparison.Ordinal) && !IoTNames.IsLegalName("thinggroup", names[i]))
                {
                    if (!NamedResource.TryRead(IoTNameKind.ThingGroupName, names[i], out var named, out var problem))
                        return Fail(r, "InvalidThingGroupName", problem + " " + NothingLookedUp + (cl.ExpectingInput ? " for it." : "."), item?.Raw ?? names[i]);
                    arns.Add(named.Arn!);
                    names[i] = named.Name;
                }
            }
            var placed = new NameQuery();
            if (!TryPlace(cl, item ?? PipedItem.Of(null), ArnsOf(claim), arns, placed, r, NothingLookedUp)) return r;
            foreach (var name in names)
                r.Targets.Add(new NameQuery { Name = name, Region = placed.Region, Account = placed.Account, Item = item?.Raw });
            return r;
        }

        private static Resolution<NameQuery> NameQueries(CommandLine cl, Resolution<NameQuery> r, List<(NamedResource Name, bool Group)> names, PipedItem? item,
            IEnumerable<(string From, IoTArn Arn)> itemArns, IEnumerable<IoTArn> otherArns)
        {
            var placed = new NameQuery();
            if (!TryPlace(cl, item ?? PipedItem.Of(null), itemArns, otherArns, placed, r, NothingLookedUp)) return r;
            foreach (var (name, group) in names)
                r.Targets.Add(new NameQuery { Name = name.Name, GroupMembers = group, Region = placed.Region, Account = placed.Account, Item = item?.Raw });
            return r;
        }
    }
}
