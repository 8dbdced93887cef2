namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// A thing, job or thing group as one value named it: a name, or an ARN of its kind (which also says the region,
    /// account and partition). <see cref="TryRead"/> is the one rule for such values, typed or piped.
    /// </summary>
    internal sealed class NamedResource
    {
        private NamedResource(IoTNameKind kind, string name, IoTArn? arn, string given) => (Kind, Name, Arn, Given) = (kind, name, arn, given);

        public IoTNameKind Kind { get; }
        public string Name { get; }
        /// <summary>The ARN it was named by; null for a plain name.</summary>
        public IoTArn? Arn { get; }
        /// <summary>The value as it was given (for messages).</summary>
        public string Given { get; }

        public static string ArnKind(IoTNameKind kind) => kind switch
        {
            IoTNameKind.ThingName => "thing",
            IoTNameKind.JobId => "job",
            IoTNameKind.ThingGroupName => "thinggroup",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        public static string Label(IoTNameKind kind) => kind switch
        {
            IoTNameKind.ThingName => "thing",
            IoTNameKind.JobId => "job",
            _ => "thing group",
        };

        /// <summary>
        /// Reads one value: a legal name is the name even when it starts with "arn:" (thing and group names may hold
        /// ':'; no name holds '/', every resource ARN does), anything else must be an ARN of this kind whose partition is
        /// its region's. False with the reason, worded as the parameter's own validation words it.
        /// </summary>
        public static bool TryRead(IoTNameKind kind, string value, out NamedResource named, out string problem)
        {
            named = null!;
            problem = "";
            var arnKind = ArnKind(kind);
            var label = Label(kind);
            if (value.StartsWith("arn:", StringComparison.Ordinal) && !IoTNames.IsLegalName(arnKind, value))
            {
                var shown = MessageText.Shorten(value);
                var expected = $"a {label} name or a {label} ARN (arn:<partition>:iot:<region>:<account>:{arnKind}/<name>, the partition being the region's) was expected.";
                if (!IoTArn.TryParse(value, out var arn, out var arnProblem))
                {
                    // Shaped like an IoT ARN but naming nothing (arn:aws:iot:cn-north-1:...): say what is wrong with it.
                    problem = arnProblem != null ? $"'{shown}' is not a valid IoT ARN: {arnProblem}; {expected}" : $"'{shown}' is not an AWS IoT ARN; {expected}";
                    return false;
                }
                if (arn.Kind != arnKind)
                {
                    problem = $"'{shown}' is an IoT {arn.Kind} ARN; {expected}";
                    return false;
                }
                if (!Valid(kind, arn.Name, out problem)) return false;
                named = new NamedResource(kind, arn.Name, arn, value);
                return true;
            }
            if (!Valid(kind, value, out problem)) return false;
            named = new NamedResource(kind, value, null, value);
            return true;
        }

        private static bool Valid(IoTNameKind kind, string name, out string problem)
        {
            problem = "";
            try
            {
                ValidateIoTNameAttribute.Check(kind, name);
                return true;
            }
            catch (ValidationMetadataException ex)
            {
                problem = ex.Message;
                return false;
            }
        }

        public override string ToString() => Name;
    }
}
