using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Gets static thing groups. -ThingGroupName describes each named group (DescribeThingGroup: parent, hierarchy,
    /// description, attributes); a name with wildcards (building-*) lists the groups whose names match, case-sensitively
    /// as the service's names are (ListThingGroups, filtered by the service on the text before the first wildcard), and
    /// describes each match. Without names it lists
    /// groups (name and ARN only): every group, or with -ParentGroupName that group's children (with -Recursive every
    /// group below it). The objects pipe into Get-IoTThing by ThingGroupName, to list the group's things.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "IoTThingGroup", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(ThingGroup))]
    public sealed class GetIoTThingGroupCommand : GetCommand
    {
        // The service's name rule, with the wildcard characters * ? [ ] allowed on top.
        private static readonly Regex NameOrPattern = new Regex(@"^[a-zA-Z0-9:_\-*?\[\]]{1,128}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Group names, wildcard patterns (building-*) or thing group ARNs to describe. Strings piped in bind here, and so
        /// do ThingGroupName properties; other objects are refused rather than read as a name.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DescribeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ThingGroupNameArgument]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ThingGroupNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] ThingGroupName { get; set; } = Array.Empty<string>();

        /// <summary>Only the children of this group (ListThingGroups parentGroup).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ThingGroupNameArgument]
        [ValidateIoTName(IoTNameKind.ThingGroupName)]
        [ArgumentCompleter(typeof(ThingGroupNameCompleter))]
        public string? ParentGroupName { get; set; }

        /// <summary>With -ParentGroupName: every group below it, not only its children.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Recursive { get; set; }

        /// <summary>Items per list request (1-250; default: the service's).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = DescribeSet)]
        [ValidateRange(1, 250)]
        public int? PageSize { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Recursive && ParentGroupName == null)
            {
                ThrowTerminatingError(NewError(
                    new ArgumentException("-Recursive lists every group below -ParentGroupName: give -ParentGroupName too (without it, every group is listed anyway)."),
                    "RecursiveNeedsParentGroupName", ErrorCategory.InvalidArgument, null));
            }
        }

        protected override void ProcessRecord()
        {
            if (!MyInvocation.ExpectingInput && ParameterSetName == ListSet)
            {
                InCommandRegion(List);
                return;
            }
            var cl = CommandLineFor(null, null, ParameterSetName == DescribeSet ? ThingGroupName : null);
            cl.ListFilters = ParentGroupName != null || Recursive ? "-ParentGroupName or -Recursive" : null;
            ForEachTarget(TargetResolver.ForGroupQuery(cl, PipedInput, ParentGroupName), query => query.Name, (client, query) =>
            {
                var name = query.Name;
                if (!NameOrPattern.IsMatch(name))
                {
                    var shown = MessageText.Shorten(name);
                    Report.Error(NewError(new ArgumentException(
                            $"'{shown}' is not a valid thing group name or pattern. A thing group name has 1 to 128 characters from a-z, A-Z, 0-9, :, _ and -; a pattern may also use the wildcards * ? [ ]."),
                        "InvalidThingGroupName", ErrorCategory.InvalidArgument, name));
                }
                else if (WildcardPattern.ContainsWildcardCharacters(name)) DescribeMatching(client, name);
                else DescribeOne(client, name);
            });
        }

        private void DescribeOne(IIoTJobsClient client, string name) =>
            DescribeNamed(client, "thing group", name, "ThingGroupNotFound", ct => client.DescribeThingGroupAsync(name, ct), (data, region) => ModelMapper.ToThingGroup(data, name, region));

        /// <summary>Lists the groups whose names match the pattern (the service filters on its literal prefix) and describes each.</summary>
        private void DescribeMatching(IIoTJobsClient client, string pattern)
        {
            var region = client.Region;
            // Case-sensitive, like the service's names: building-* must not also pick up Building-7 on its way to a Stop cmdlet.
            var wildcard = new WildcardPattern(pattern, WildcardOptions.CultureInvariant);
            var prefix = pattern.Substring(0, pattern.IndexOfAny(new[] { '*', '?', '[' }));
            var request = new ListThingGroupsRequest { NamePrefixFilter = prefix.Length > 0 ? prefix : null, PageSize = PageSize };
            var matches = new List<string>();
            var listed = Attempt(() =>
                {
                    foreach (var group in Stream(ct => client.ListThingGroupsAsync(request, ct)))
                        if (group.ThingGroupName != null && wildcard.IsMatch(group.ThingGroupName)) matches.Add(group.ThingGroupName);
                },
                ex => WriteServiceError(client, ex, "ThingGroupNotFound", $"No thing groups could be listed in {region}.", $"Listing thing groups in {region} failed", null, null, pattern));
            if (!listed) return;
            if (matches.Count == 0) Report.Verbose($"No thing group in {region} matches '{pattern}'.");
            foreach (var name in matches) DescribeOne(client, name);
        }

        private void List(IIoTJobsClient client)
        {
            var region = client.Region;
            var request = new ListThingGroupsRequest { ParentGroup = ParentGroupName, Recursive = Recursive, PageSize = PageSize };
            // Listed children of -ParentGroupName are known to have it as their parent; recursive entries may be deeper.
            var knownParent = Recursive ? null : ParentGroupName;
            // A 404 here can only be about -ParentGroupName.
            WriteEach(ct => client.ListThingGroupsAsync(request, ct), data => Report.Output(ModelMapper.ToThingGroup(data, "", region, knownParent)),
                ex => WriteServiceError(client, ex, "ThingGroupNotFound", $"Thing group '{ParentGroupName}' was not found in {region}.", $"Listing thing groups in {region} failed",
                    null, null, ParentGroupName ?? (object)region));
        }
    }
}
