namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>
    /// -ThingGroupName takes group names, thing group ARNs (arn:aws:iot:&lt;region&gt;:&lt;account&gt;:thinggroup/&lt;name&gt;) and the
    /// module's own ThingGroup objects, nothing else: any other object (a Thing, a Job, a CSV row bound by value) is
    /// refused instead of being turned into a group name through its ToString(). Objects with a ThingGroupName property
    /// still bind by property name, as a string.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ThingGroupNameArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            PSValue.Base(inputData) == null ? null : PSValue.EachOf(inputData, One);

        private static string One(object? value) => value switch
        {
            string s => FromString(s),
            ThingGroup group => group.ThingGroupName,
            _ => throw new ArgumentTransformationMetadataException(
                $"A {value?.GetType().Name ?? "$null"} is not a thing group name: pass a group name, a thing group ARN, or a ThingGroup from Get-IoTThingGroup."),
        };

        /// <summary>
        /// Thing group names and ARNs: a legal group name is the name even when it starts with "arn:" (group names may hold
        /// ':'), as for things and jobs; an ARN is kept whole at binding and turned into the name per item by the resolver.
        /// </summary>
        internal static readonly ArnToNameAttribute Arns = new ArnToNameAttribute("thinggroup");

        private static string FromString(string value) => Arns.Checked(value);
    }
}
