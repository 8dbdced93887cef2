using System;
using System.Management.Automation;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// Gets things: -ThingName describes each (DescribeThing); -ThingGroupName lists a thing group's things
    /// (ListThingsInThingGroup; with -Recursive also those of every group below it), and a piped ThingGroup binds there;
    /// otherwise lists things (ListThings), filtered by the service on an attribute and/or the thing type. The objects
    /// pipe into Get-IoTJobExecution and Stop-IoTJobExecution by ThingName (and Region).
    /// </summary>
    /// <remarks>
    /// -ThingName binds by property name only; a piped string is read from the hidden -InputObject as a thing name. Any
    /// other piped object without a ThingName/ThingArn is an error for that item: PowerShell would otherwise make a
    /// thing name of its ToString() (a Job's id), or, with the name parameter left unbound, fall back to listing every
    /// thing for it, which the next command (Stop-IoTJobExecution -JobId ...) would then act on.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "IoTThing", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Thing))]
    public sealed class GetIoTThingCommand : IoTJobsCmdlet
    {
        private const string ListSet = "List";
        private const string DescribeSet = "Describe";

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

        /// <summary>Items per list request (1-250; default: the service's).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 250)]
        public int? PageSize { get; set; }

        /// <summary>The piped object itself: a piped string is a thing name; an object's own Region is used (see PipedRegion). Names bind by property name through -ThingName.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? InputObject { get; set; }

        // -ThingGroupName typed on the command line (not bound from a piped object).
        private bool _groupOnCommandLine;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _groupOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(ThingGroupName));
            if (AttributeValue != null && AttributeName == null)
            {
                ThrowTerminatingError(NewError(
                    new ArgumentException("-AttributeValue filters on an attribute: give -AttributeName too."),
                    "AttributeValueNeedsAttributeName", ErrorCategory.InvalidArgument, AttributeValue));
            }
        }

        protected override void ProcessRecord()
        {
            if (!PipedRegion.Apply(this, InputObject) || !ResolveArnNames(InputObject)) return;
            if (MyInvocation.ExpectingInput && !OneKindPiped()) return;
            if (MyInvocation.ExpectingInput && ParameterSetName == ListSet && ThingGroupName == null)
            {
                // Pipeline input that bound no -ThingName (nor a group's -ThingGroupName): a string is a thing name;
                // anything else names no thing, and listing every thing for it would hand the next command things nobody
                // named.
                var piped = PipedObject.Unwrap(InputObject);
                var advice = PipedObject.ModuleKind(piped) == "Job"
                    ? $"To see the things this job runs on, list its executions: Get-IoTJobExecution -JobId {PipedObject.PropertyText(piped, "JobId")}."
                    : "Pipe thing names as strings, things, thing groups, or objects with a ThingName (or ThingArn) or ThingGroupName property.";
                var filters = AttributeName != null || ThingTypeName != null || PageSize.HasValue
                    ? "-AttributeName, -AttributeValue, -ThingTypeName or -PageSize" : null;
                var thingName = NameFromPipedString("Get-IoTThing", IoTNameKind.ThingName, InputObject, advice, filters);
                if (thingName == null) return;
                DescribeOne(thingName);
                return;
            }
            if (ParameterSetName == DescribeSet)
            {
                foreach (var thing in ThingName) DescribeOne(thing);
            }
            else if (ThingGroupName != null)
            {
                // ListThingsInThingGroup has no attribute or type filter: refuse a combination rather than ignore a filter.
                if (AttributeName != null || ThingTypeName != null)
                {
                    WriteItemError(NewError(new ArgumentException(
                            $"-ThingGroupName lists a group's things and cannot be combined with -AttributeName or -ThingTypeName (the service filters a group's things by nothing). Filter the results with Where-Object instead."),
                        "ThingGroupNameWithFilter", ErrorCategory.InvalidArgument, ThingGroupName));
                    return;
                }
                ListGroup(ThingGroupName);
            }
            else if (Recursive)
            {
                WriteItemError(NewError(new ArgumentException("-Recursive lists the things of the groups below -ThingGroupName: give -ThingGroupName (or pipe a ThingGroup) too."),
                    "RecursiveNeedsThingGroupName", ErrorCategory.InvalidArgument, null));
            }
            else
            {
                List();
            }
        }

        /// <summary>
        /// A piped item asks for one thing or for one group's things, never both, and -ThingGroupName typed beside
        /// pipeline input would list the whole group for every item. Either way more things would come out than the
        /// item named (a CSV row with ThingName and ThingGroupName columns would become every thing of its group, on
        /// its way to a Stop cmdlet), so the item is an error. False after writing it.
        /// </summary>
        private bool OneKindPiped()
        {
            var piped = PipedObject.Unwrap(InputObject);
            if (_groupOnCommandLine)
            {
                WriteItemError(NewError(new ArgumentException(
                        $"{PipedNames.Capitalize(PipedObject.Describe(piped))} was piped to Get-IoTThing, and -ThingGroupName {ThingGroupName} was given too: the group's things would be listed for it, whatever it names. Nothing was looked up for it. " +
                        $"Pipe the thing group (Get-IoTThingGroup {ThingGroupName} | Get-IoTThing), or give -ThingGroupName without piping."),
                    "PipedInputWithThingGroupName", ErrorCategory.InvalidArgument, InputObject));
                return false;
            }
            if (ThingGroupName == null) return true;
            var thing = PipedObject.PropertyText(piped, "ThingName") ?? PipedObject.PropertyText(piped, "ThingArn");
            if (thing == null) return true;
            WriteItemError(NewError(new ArgumentException(
                    $"{PipedNames.Capitalize(PipedObject.Describe(piped))} was piped to Get-IoTThing with both a thing ('{thing}') and a thing group ('{ThingGroupName}'), so it is not clear whether it asks for the one thing or for every thing of the group. Nothing was looked up for it. " +
                    "For the thing, pipe only its name (Select-Object ThingName | Get-IoTThing); for the group's things, pipe only the group (Select-Object ThingGroupName | Get-IoTThing)."),
                "ThingAndThingGroupPiped", ErrorCategory.InvalidArgument, InputObject));
            return false;
        }

        private void DescribeOne(string thing)
        {
            if (!TryGetClient(thing, out var client)) return;
            var region = RegionOf(client);
            try
            {
                var data = Run(ct => client.DescribeThingAsync(thing, ct));
                WriteObject(ModelMapper.ToThing(data, thing, region));
            }
            catch (IoTServiceException ex)
            {
                WriteServiceError(client, ex, "ThingNotFound", $"Thing '{thing}' was not found in {region}.", $"Describing thing '{thing}' in {region} failed", thing, null, thing);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void List()
        {
            if (!TryGetClient(null, out var client)) return;
            var region = RegionOf(client);
            var request = new ListThingsRequest
            {
                AttributeName = AttributeName,
                AttributeValue = AttributeValue,
                ThingTypeName = ThingTypeName,
                PageSize = PageSize,
            };
            try
            {
                foreach (var data in Stream(ct => client.ListThingsAsync(request, ct)))
                    WriteObject(ModelMapper.ToThing(data, "", region));
            }
            catch (IoTServiceException ex)
            {
                // A 404 here can only be about the thing type filter.
                WriteServiceError(client, ex, "ThingTypeNotFound", $"Thing type '{ThingTypeName}' was not found in {region}.", $"Listing things in {region} failed",
                    null, null, ThingTypeName ?? (object)region);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A thing group's things (ListThingsInThingGroup): the service gives their names only.</summary>
        private void ListGroup(string group)
        {
            if (!TryGetClient(group, out var client)) return;
            var region = RegionOf(client);
            var request = new ListThingsInThingGroupRequest { ThingGroupName = group, Recursive = Recursive, PageSize = PageSize };
            try
            {
                foreach (var name in Stream(ct => client.ListThingsInThingGroupAsync(request, ct)))
                    WriteObject(new Thing { ThingName = name, Region = region });
            }
            catch (IoTServiceException ex)
            {
                WriteServiceError(client, ex, "ThingGroupNotFound", $"Thing group '{group}' was not found in {region}.",
                    $"Listing the things of thing group '{group}' in {region} failed", null, null, group);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }


    }
}
