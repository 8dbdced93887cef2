using System;
using System.Management.Automation;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// Gets things: -ThingName describes each (DescribeThing); without it, lists things (ListThings), filtered by the
    /// service on an attribute and/or the thing type. The objects pipe into Get-IoTJobExecution and Stop-IoTJobExecution
    /// by ThingName (and Region).
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

        /// <summary>Items per list request (1-250; default: the service's).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 250)]
        public int? PageSize { get; set; }

        /// <summary>The piped object itself: a piped string is a thing name; an object's own Region is used (see PipedRegion). Names bind by property name through -ThingName.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? InputObject { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (AttributeValue != null && AttributeName == null)
            {
                ThrowTerminatingError(NewError(
                    new ArgumentException("-AttributeValue filters on an attribute: give -AttributeName too."),
                    "AttributeValueNeedsAttributeName", ErrorCategory.InvalidArgument, AttributeValue));
            }
        }

        protected override void ProcessRecord()
        {
            if (!PipedRegion.Apply(this, InputObject)) return;
            if (MyInvocation.ExpectingInput && ParameterSetName == ListSet)
            {
                // Pipeline input that bound no -ThingName: a string is a thing name; anything else names no thing, and
                // listing every thing for it would hand the next command things nobody named.
                var piped = PipedObject.Unwrap(InputObject);
                var text = PipedObject.AsString(piped);
                if (text == null)
                {
                    var advice = PipedObject.ModuleKind(piped) == "Job"
                        ? $"To see the things this job runs on, list its executions: Get-IoTJobExecution -JobId {PipedObject.PropertyText(piped, "JobId")}."
                        : "Pipe thing names as strings, or objects with a ThingName (or ThingArn) property.";
                    Problem("MissingThingName", InputObject, PipedNames.Missing("Get-IoTThing", IoTNameKind.ThingName, piped, advice));
                    return;
                }
                if (AttributeName != null || ThingTypeName != null || PageSize.HasValue)
                {
                    Problem("PipedThingNameWithListFilters", InputObject, $"The string '{text}' was piped as a thing name, which cannot be combined with the list filters -AttributeName, -AttributeValue, -ThingTypeName or -PageSize. Nothing was looked up for it.");
                    return;
                }
                string thingName;
                try
                {
                    thingName = PipedNames.FromString(IoTNameKind.ThingName, text);
                }
                catch (ArgumentException ex)
                {
                    Problem("InvalidPipedName", InputObject, $"The piped string cannot be used as a thing name: {ex.Message} Nothing was looked up for it.");
                    return;
                }
                DescribeOne(thingName);
                return;
            }
            if (ParameterSetName == DescribeSet)
            {
                foreach (var thing in ThingName) DescribeOne(thing);
            }
            else
            {
                List();
            }
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
                WriteServiceError(client, ex, $"Thing '{thing}' was not found in {region}.", $"Describing thing '{thing}' in {region} failed", thing, thing);
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
                WriteServiceError(client, ex, $"Thing type '{ThingTypeName}' was not found in {region}.", $"Listing things in {region} failed",
                    ThingTypeName ?? (object)region, null, notFoundId: "ThingTypeNotFound");
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void WriteServiceError(IIoTJobsClient client, IoTServiceException ex, string notFoundMessage, string failedWhat, object target, string? thingName, string notFoundId = "ThingNotFound")
        {
            if (IsFatalForAllItems(ex))
            {
                WriteAccessDenied(ex, target, client);
                return;
            }
            var (errorId, category) = ServiceErrors.Classify(ex, notFoundId);
            var message = errorId == notFoundId
                ? notFoundMessage
                : $"{failedWhat} ({ex.ErrorCode}, HTTP {ex.StatusCode}, after {ex.Attempts} attempt(s)): {ex.Message}";
            WriteItemError(NewError(Describe(ex, message, thingName, null), errorId, category, target));
        }

        private void Problem(string errorId, object? target, string message) =>
            WriteItemError(NewError(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
    }
}
