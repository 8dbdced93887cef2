namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>
    /// Lets -ThingName and -JobId take ARNs as well as names (AWS.Tools objects carry ThingArn and JobArn). At binding an
    /// ARN of the right kind is kept whole, so that its region is not lost (the cmdlet turns it into the name per item and
    /// acts in the ARN's region, see TargetResolver); an ARN of another kind is refused with a message saying what
    /// was expected.
    /// A value that is a legal name is always the name, even when it starts with "arn:" (`arn:aws` and
    /// `arn:aws:iot:us-east-1:123456789012:thing` are legal thing names; see <see cref="IoTNames.IsLegalName"/>): only a
    /// value that cannot be a name is read as an ARN.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ArnToNameAttribute : ArgumentTransformationAttribute
    {
        private readonly string _kind;

        /// <param name="kind">The ARN's resource kind: "thing", "job" or "thinggroup".</param>
        public ArnToNameAttribute(string kind) => _kind = kind;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            PSValue.EachOf(inputData, value => value is string s ? Checked(s) : value);

        /// <summary>The value itself, after refusing what is neither a name nor an ARN of this kind.</summary>
        internal string Checked(string value)
        {
            Convert(value);
            return value;
        }

        /// <summary>One name or ARN of this kind as the name (ArgumentTransformationMetadataException when it is an ARN that cannot name one).</summary>
        internal string Convert(string value)
        {
            if (!value.StartsWith("arn:", StringComparison.Ordinal) || IoTNames.IsLegalName(_kind, value)) return value;
            var kind = _kind switch { "thing" => IoTNameKind.ThingName, "job" => IoTNameKind.JobId, _ => IoTNameKind.ThingGroupName };
            // The same rule the resolver reads every value by; an invalid name inside a valid ARN is the validation's to report.
            if (NamedResource.TryRead(kind, value, out var named, out var problem)) return named.Name;
            if (IoTArn.TryParse(value, out var arn, out _) && arn.Kind == _kind) return arn.Name;
            throw new ArgumentTransformationMetadataException(problem);
        }
    }
}
