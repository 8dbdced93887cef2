using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell
{
    /// <summary>The service's limits on names and ids (aws-iot-jobs-api.md §4), checked before any request.</summary>
    internal static class IoTNames
    {
        public static readonly Regex ThingName = new Regex(@"^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        public static readonly Regex JobId = new Regex(@"^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);
        public static readonly Regex NamespaceId = new Regex(@"^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant);
        public static readonly Regex GroupOrTypeName = new Regex(@"^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        public static readonly Regex AttributeName = new Regex(@"^[a-zA-Z0-9_.,@/:#-]{1,128}$", RegexOptions.CultureInvariant);
        public static readonly Regex AttributeValue = new Regex(@"^[a-zA-Z0-9_.,@/:#=\[\]-]{0,800}$", RegexOptions.CultureInvariant);
        public static readonly Regex DetailsKey = new Regex(@"^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        // Any character except the Unicode "other" categories (controls, format, unassigned, private use, surrogates).
        public static readonly Regex DetailsValue = new Regex(@"^[^\p{C}]{1,1024}$", RegexOptions.CultureInvariant);

        public const string ThingNameRule = "1 to 128 characters from a-z, A-Z, 0-9, colon (:), underscore (_) and hyphen (-)";
        public const string JobIdRule = "1 to 64 characters from a-z, A-Z, 0-9, underscore (_) and hyphen (-)";

        // arn:{partition}:iot:{region}:{account}:{thing|job}/{name}
        private static readonly Regex IoTArn = new Regex(@"^arn:aws[a-z-]*:iot:([a-z0-9-]*):(\d*):([a-z]+)/(.+)$", RegexOptions.CultureInvariant);

        /// <summary>Splits an IoT ARN into its resource kind ("thing", "job", ...) and name; false when it is not an IoT ARN.</summary>
        public static bool TryParseArn(string value, out string kind, out string name, out string region)
        {
            var m = IoTArn.Match(value);
            if (!m.Success)
            {
                kind = name = region = "";
                return false;
            }
            region = m.Groups[1].Value;
            kind = m.Groups[3].Value;
            name = m.Groups[4].Value;
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
