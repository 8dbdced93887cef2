using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>The service's limits on names and ids (<see cref="ResourceNames"/>), and ARNs as names.</summary>
    internal static class IoTNames
    {
        public static readonly Regex ThingName = ResourceNames.ThingName;
        public static readonly Regex JobId = ResourceNames.JobId;
        public static readonly Regex NamespaceId = ResourceNames.NamespaceId;
        public static readonly Regex GroupOrTypeName = ResourceNames.GroupOrTypeName;
        public static readonly Regex AttributeName = ResourceNames.AttributeName;
        public static readonly Regex AttributeValue = ResourceNames.AttributeValue;
        public static readonly Regex DetailsKey = ResourceNames.DetailsKey;
        public static readonly Regex DetailsValue = ResourceNames.DetailsValue;

        public const string ThingNameRule = ResourceNames.ThingNameRule;
        public const string JobIdRule = ResourceNames.JobIdRule;

        /// <summary>Splits an IoT ARN into its resource kind ("thing", "job", ...) and name; false when it is not an IoT ARN.</summary>
        public static bool TryParseArn(string value, out string kind, out string name, out string region)
        {
            if (!IoTArn.TryParse(value, out var arn, out _))
            {
                kind = name = region = "";
                return false;
            }
            region = arn.Region;
            kind = arn.Kind;
            name = arn.Name;
            return true;
        }

        /// <summary>
        /// True when the value is a legal name of this kind ("thing", "job" or "thinggroup"). Such a value is always the name, never an
        /// ARN, even when it starts with "arn:" (thing names may contain ':', so `arn:aws` is a legal thing name): no name
        /// contains '/', and every IoT resource ARN does (thing/name, job/id), so the two readings never compete.
        /// </summary>
        public static bool IsLegalName(string kind, string value) => kind switch
        {
            "thing" => ThingName.IsMatch(value),
            "job" => JobId.IsMatch(value), // never true for "arn:...": job ids have no ':'
            "thinggroup" => GroupOrTypeName.IsMatch(value),
            _ => false,
        };

        /// <summary>The thing name at the end of a thing ARN, or null when the ARN is missing or of another kind.</summary>
        public static string? ThingNameFromArn(string? arn) => NameFromArn("thing", arn);

        /// <summary>The name at the end of an ARN of this kind ("thing", "thinggroup", ...), or null when the ARN is missing or of another kind.</summary>
        public static string? NameFromArn(string kind, string? arn) =>
            arn != null && TryParseArn(arn, out var arnKind, out var name, out _) && arnKind == kind ? name : null;
    }
}
