using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace AwsToolsIoTStandIn
{
    /// <summary>
    /// AWS.Tools' shared parameters (the ones $PSDefaultParameterValues['*-IoT*:...'] keys also reach) and the one thing
    /// every stand-in cmdlet does: write which module and command ran, with the parameters it was given.
    /// </summary>
    public abstract class StandInCmdlet : PSCmdlet
    {
        public const string ModuleName = "AWS.Tools.IoT";

        [Parameter] public string? Region { get; set; }
        [Parameter] public string? ProfileName { get; set; }
        [Parameter] public string? AccessKey { get; set; }
        [Parameter] public string? SecretKey { get; set; }
        [Parameter] public string? SessionToken { get; set; }
        [Parameter] public string? EndpointUrl { get; set; }

        protected void WriteRan()
        {
            var result = new PSObject();
            result.Properties.Add(new PSNoteProperty("Module", ModuleName));
            result.Properties.Add(new PSNoteProperty("Command", MyInvocation.MyCommand.Name));
            var bound = MyInvocation.BoundParameters;
            result.Properties.Add(new PSNoteProperty("Parameters", bound.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToArray()));
            var values = new Hashtable();
            foreach (var pair in bound) values[pair.Key] = pair.Value is SwitchParameter s ? s.IsPresent : pair.Value;
            result.Properties.Add(new PSNoteProperty("Arguments", values));
            WriteObject(result);
        }
    }

    /// <summary>A command on a job: -JobId first, as AWS.Tools has it.</summary>
    public abstract class StandInJobCmdlet : StandInCmdlet
    {
        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString, AllowNull] public string? JobId { get; set; }
    }

    /// <summary>AWS.Tools' Stop-* shape: ShouldProcess at Medium impact, and -Force skips the prompt (it is not the service's force).</summary>
    public abstract class StandInStopCmdlet : StandInJobCmdlet
    {
        [Parameter] public string Select { get; set; } = "*";
        [Parameter] public SwitchParameter PassThru { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public SwitchParameter Force { get; set; }

        protected void ConfirmThenWriteRan(string target, string operation)
        {
            if (Force.IsPresent || ShouldProcess(target, $"{MyInvocation.MyCommand.Name} ({operation})")) WriteRan();
        }
    }

    [Cmdlet("Get", "IOTJob")]
    public sealed class GetIOTJobCmdlet : StandInJobCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)] public bool? BeforeSubstitution { get; set; }
        [Parameter] public string Select { get; set; } = "Job";

        protected override void ProcessRecord() => WriteRan();
    }

    [Cmdlet("Get", "IOTJobExecution")]
    public sealed class GetIOTJobExecutionCmdlet : StandInJobCmdlet
    {
        // Required: AWS.Tools' Get-IOTJobExecution describes one execution (DescribeJobExecution).
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString, AllowNull] public string? ThingName { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public long? ExecutionNumber { get; set; }
        [Parameter] public string Select { get; set; } = "Execution";

        protected override void ProcessRecord() => WriteRan();
    }

    // Not one of the shared names: any AWS.Tools.IoT command autoloads the module, which then takes the shared names.
    [Cmdlet("Get", "IOTJobExecutionsForJobList")]
    public sealed class GetIOTJobExecutionsForJobListCmdlet : StandInJobCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? Status { get; set; }
        [Parameter] public string Select { get; set; } = "ExecutionSummaries";

        protected override void ProcessRecord() => WriteRan();
    }

    [Cmdlet("Get", "IOTThing")]
    public sealed class GetIOTThingCmdlet : StandInCmdlet
    {
        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString, AllowNull] public string? ThingName { get; set; }
        [Parameter] public string Select { get; set; } = "*";

        protected override void ProcessRecord() => WriteRan();
    }

    [Cmdlet("Get", "IOTThingGroup")]
    public sealed class GetIOTThingGroupCmdlet : StandInCmdlet
    {
        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString, AllowNull] public string? ThingGroupName { get; set; }
        [Parameter] public string Select { get; set; } = "*";

        protected override void ProcessRecord() => WriteRan();
    }

    [Cmdlet("Stop", "IOTJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class StopIOTJobCmdlet : StandInStopCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? Comment { get; set; }
        // The service's force, as AWS.Tools names it.
        [Parameter(ValueFromPipelineByPropertyName = true)] public bool? Enforce { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? ReasonCode { get; set; }

        protected override void ProcessRecord() => ConfirmThenWriteRan(JobId ?? "", "CancelJob");
    }

    [Cmdlet("Stop", "IOTJobExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class StopIOTJobExecutionCmdlet : StandInStopCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString, AllowNull] public string? ThingName { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public bool? Enforce { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public long? ExpectedVersion { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("StatusDetails")] public Hashtable? StatusDetail { get; set; }

        protected override void ProcessRecord() => ConfirmThenWriteRan(JobId ?? "", "CancelJobExecution");
    }
}
