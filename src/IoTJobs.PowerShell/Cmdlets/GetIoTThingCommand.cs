namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Gets things: -ThingName describes each (DescribeThing); -ThingGroupName lists a thing group's things
    /// (ListThingsInThingGroup; with -Recursive also those of every group below it), and a piped ThingGroup binds there;
    /// -Query searches the fleet index (SearchIndex); otherwise lists things (ListThings), filtered by the service on an
    /// attribute and/or the thing type. The objects pipe into Get-IoTJobExecution and Stop-IoTJobExecution by ThingName.
    /// </summary>
    /// <remarks>
    /// -ThingName binds by property name only; a piped string is read from the hidden -InputObject as a thing name. Any
    /// other piped object without a ThingName/ThingArn is an error for that item: PowerShell would otherwise make a
    /// thing name of its ToString() (a Job's id), or, with the name parameter left unbound, fall back to listing every
    /// thing for it, which the next command (Stop-IoTJobExecution -JobId ...) would then act on.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "IoTThing", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Thing))]
    public sealed class GetIoTThingCommand : GetCommand
    {
        private const string QuerySet = "Query";
        private const string ThingsIndex = "AWS_Things";
        // SearchIndex's documentation caps maxResults at 100; the lists take 250.
        private const int SearchPageMax = 100;

        /// <summary>Thing names or thing ARNs to describe; piped strings, things, job executions and rows with a ThingName/ThingArn bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DescribeSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ThingArn")]
        [ArnToName("thing")]
        [ArgumentCompleter(typeof(ThingNameCompleter))]
        [ValidateIoTName(IoTNameKind.ThingName)]
        public string[] ThingName { get; set; } = Array.Empty<string>();

        /// <summary>Only things with this attribute (with -AttributeValue: with this value).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateIoTName(IoTNameKind.AttributeName)]
        public string? AttributeName { get; set; }

        /// <summary>The value -AttributeName must have.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateIoTName(IoTNameKind.AttributeValue)]
        public string? AttributeValue { get; set; }

        /// <summary>Only things of this type.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateIoTName(IoTNameKind.ThingTypeName)]
        public string? ThingTypeName { get; set; }

        /// <summary>
        /// The things of this thing group (a name or a thing group ARN), instead of the account's things (ListThingsInThingGroup,
        /// which gives thing names only, so the objects carry ThingName and Region). Binds from a piped ThingGroup's
        /// ThingGroupName. In the list set (the default) on purpose: PowerShell binds a piped object's properties through
        /// the default set first, so a piped group reaches this parameter and is never read as a -ThingName.
        /// </summary>
        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [ThingGroupNameArgument]
        [ValidateIoTName(IoTNameKind.ThingGroupName)]
        [ArgumentCompleter(typeof(ThingGroupNameCompleter))]
        public string? ThingGroupName { get; set; }

        /// <summary>With -ThingGroupName: also the things of every group below it.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Recursive { get; set; }

        /// <summary>A fleet indexing query (SearchIndex), e.g. 'attributes.site:ber AND connectivity.connected:false'.</summary>
        [Parameter(Mandatory = true, ParameterSetName = QuerySet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(FleetQueryCompleter))]
        public string? Query { get; set; }

        /// <summary>The index -Query searches: AWS_Things, the fleet index of things.</summary>
        [Parameter(ParameterSetName = QuerySet)]
        [ValidateNotNullOrEmpty]
        public string IndexName { get; set; } = ThingsIndex;

        /// <summary>Items per request (1-250 for lists, 1-100 with -Query; default: the service's).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = QuerySet)]
        [ValidateRange(1, 250)]
        public int? PageSize { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (AttributeValue != null && AttributeName == null)
            {
                ThrowTerminatingError(NewError(
                    new ArgumentException("-AttributeValue filters on an attribute: give -AttributeName too."),
                    "AttributeValueNeedsAttributeName", ErrorCategory.InvalidArgument, AttributeValue));
            }
            if (ParameterSetName != QuerySet) return;
            if (PageSize > SearchPageMax)
            {
                ThrowTerminatingError(NewError(new ArgumentException($"-PageSize {PageSize} is too large for -Query: SearchIndex returns 1 to {SearchPageMax} things per page. Give -PageSize 1 to {SearchPageMax}, or leave it out."),
                    "InvalidPageSize", ErrorCategory.InvalidArgument, PageSize));
            }
            if (!IoTNames.GroupOrTypeName.IsMatch(IndexName) || IndexName == "AWS_ThingGroups")
            {
                // AWS_ThingGroups answers with thing groups, which this cmdlet would silently drop.
                var why = IndexName == "AWS_ThingGroups" ? "is the index of thing groups (Get-IoTThingGroup lists them), not of things" : "is not an index name (1 to 128 characters from a-z, A-Z, 0-9, :, _ and -)";
                ThrowTerminatingError(NewError(new ArgumentException($"-IndexName '{MessageText.Shorten(IndexName)}' {why}. Things are searched in {ThingsIndex}, the default: leave -IndexName out."),
                    "InvalidIndexName", ErrorCategory.InvalidArgument, IndexName));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == QuerySet)
            {
                // Never a query per item: each item is an error (PipedInputWithQuery).
                if (!MyInvocation.ExpectingInput) InCommandRegion(Search, Query);
                else Accept(TargetResolver.ForThingQuery(CommandLineFor(null, null), PipedInput, Query));
                return;
            }
            if (!MyInvocation.ExpectingInput && ParameterSetName == ListSet && ThingGroupName == null)
            {
                if (Recursive)
                {
                    Report.Error(NewError(new ArgumentException("-Recursive lists the things of the groups below -ThingGroupName: give -ThingGroupName (or pipe a ThingGroup) too."),
                        "RecursiveNeedsThingGroupName", ErrorCategory.InvalidArgument, null));
                    return;
                }
                InCommandRegion(List);
                return;
            }
            var cl = CommandLineFor(ThingName, null, ThingGroupName == null ? null : new[] { ThingGroupName });
            cl.ListFilters = AttributeName != null || ThingTypeName != null || PageSize.HasValue ? "-AttributeName, -AttributeValue, -ThingTypeName or -PageSize" : null;
            ForEachTarget(TargetResolver.ForThingQuery(cl, PipedInput), query => query.Name, (client, query) =>
            {
                if (!query.GroupMembers)
                {
                    DescribeOne(client, query.Name);
                }
                else if (AttributeName != null || ThingTypeName != null)
                {
                    // ListThingsInThingGroup has no attribute or type filter: refuse a combination rather than ignore a filter.
                    Report.Error(NewError(new ArgumentException(
                            "-ThingGroupName lists a group's things and cannot be combined with -AttributeName or -ThingTypeName (the service filters a group's things by nothing). Filter the results with Where-Object instead."),
                        "ThingGroupNameWithFilter", ErrorCategory.InvalidArgument, query.Item ?? query.Name));
                }
                else ListGroup(client, query.Name);
            });
        }

        private void DescribeOne(IIoTJobsClient client, string thing) =>
            DescribeNamed(client, "thing", thing, "ThingNotFound", ct => client.DescribeThingAsync(thing, ct), (data, region) => ModelMapper.ToThing(data, thing, region), thingName: thing);

        private void List(IIoTJobsClient client)
        {
            var region = client.Region;
            var request = new ListThingsRequest
            {
                AttributeName = AttributeName,
                AttributeValue = AttributeValue,
                ThingTypeName = ThingTypeName,
                PageSize = PageSize,
            };
            // A 404 here can only be about the thing type filter.
            WriteEach(ct => client.ListThingsAsync(request, ct), data => Report.Output(ModelMapper.ToThing(data, "", region)),
                ex => WriteServiceError(client, ex, "ThingTypeNotFound", $"Thing type '{ThingTypeName}' was not found in {region}.", $"Listing things in {region} failed",
                    null, null, ThingTypeName ?? (object)region));
        }

        /// <summary>A thing group's things (ListThingsInThingGroup): the service gives their names only.</summary>
        private void ListGroup(IIoTJobsClient client, string group)
        {
            var region = client.Region;
            var request = new ListThingsInThingGroupRequest { ThingGroupName = group, Recursive = Recursive, PageSize = PageSize };
            WriteEach(ct => client.ListThingsInThingGroupAsync(request, ct), name => Report.Output(new Thing { ThingName = name, Region = region }),
                ex => WriteServiceError(client, ex, "ThingGroupNotFound", $"Thing group '{group}' was not found in {region}.",
                    $"Listing the things of thing group '{group}' in {region} failed", null, null, group));
        }

        /// <summary>The things a fleet indexing query matches (SearchIndex), page by page as the consumer asks for them.</summary>
        private void Search(IIoTJobsClient client)
        {
            var query = Query!;
            var region = client.Region;
            var request = new SearchIndexRequest { IndexName = IndexName, QueryString = query, PageSize = PageSize };
            WriteEach(ct => client.SearchIndexAsync(request, ct), document =>
            {
                var thing = PSObject.AsPSObject(ModelMapper.ToThing(document, region));
                thing.TypeNames.Insert(0, Thing.IndexedTypeName);
                Report.Output(thing);
            }, ex => WriteSearchError(client, ex, query, region));
        }

        /// <summary>A failed SearchIndex: fleet indexing off, a bad query, an index still being built, or the service's own words.</summary>
        private void WriteSearchError(IIoTJobsClient client, IoTServiceException ex, string query, string region)
        {
            var shown = MessageText.Shorten(query, 200);
            var unsearched = $"nothing was searched for '{shown}'. The service answered {ex.ErrorCode}: {ServiceErrors.Said(ex)}";
            var enable = "Turn on thing indexing with UpdateIndexingConfiguration, thing indexing mode REGISTRY (registry fields) or REGISTRY_AND_SHADOW (shadow fields too), " +
                "with connectivity indexing STATUS for the connectivity fields, for example: aws iot update-indexing-configuration --thing-indexing-configuration " +
                $"thingIndexingMode=REGISTRY_AND_SHADOW,thingConnectivityIndexingMode=STATUS --region {region}. On AWS the index then takes a while to build " +
                "(the query fails with IndexNotReady until it is ready).";
            var notEnabled = IndexName == ThingsIndex
                ? $"Fleet indexing is off in {region}: {unsearched} {enable}"
                : $"The index '{IndexName}' does not exist in {region}: {unsearched} Things are indexed in {ThingsIndex}, the default: leave -IndexName out. If that fails too, fleet indexing is off. {enable}";
            WriteServiceError(client, ex, "IndexNotEnabled", notEnabled, $"Searching the index {IndexName} in {region} for '{shown}' failed", null, null, query,
                new Dictionary<string, string>
                {
                    ["InvalidQuery"] = $"The fleet indexing query '{shown}' is not valid: the service answered {ex.ErrorCode}: {ServiceErrors.Said(ex)} Correct the query: field names are " +
                        "case-sensitive (thingName, attributes.<name>, shadow.reported.<path>, connectivity.connected; Tab completes them), and the syntax is described at " +
                        "https://docs.aws.amazon.com/iot/latest/developerguide/query-syntax.html.",
                    ["IndexNotReady"] = $"The index {IndexName} in {region} is not ready yet: {unsearched} After fleet indexing is turned on or changed, AWS builds the index, " +
                        $"which takes a while for a large fleet. Run the query again when 'aws iot describe-index --index-name {IndexName} --region {region}' shows indexStatus ACTIVE.",
                });
        }
    }
}
