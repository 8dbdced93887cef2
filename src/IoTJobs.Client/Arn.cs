using System.Text.RegularExpressions;

namespace IoTJobs.Client
{
    /// <summary>Parses IoT thing and job ARNs: arn:{partition}:iot:{region}:{account}:thing/{name} or job/{id}.</summary>
    public static class Arn
    {
        // Partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ... ; thing names may contain ':'.
        private static readonly Regex Pattern = new Regex(
            @"^arn:aws(-[a-z]+)*:iot:(?<region>[a-z0-9-]+):(?<account>\d{12}):(?<kind>thing|job)/(?<name>[^/]+)$",
            RegexOptions.CultureInvariant);

        public static bool TryParseThingArn(string? arn, out string region, out string account, out string thingName) =>
            TryParse(arn, "thing", out region, out account, out thingName);

        public static bool TryParseJobArn(string? arn, out string region, out string account, out string jobId) =>
            TryParse(arn, "job", out region, out account, out jobId);

        private static bool TryParse(string? arn, string kind, out string region, out string account, out string name)
        {
            region = account = name = "";
            if (string.IsNullOrEmpty(arn)) return false;
            var m = Pattern.Match(arn);
            if (!m.Success || m.Groups["kind"].Value != kind) return false;
            region = m.Groups["region"].Value;
            account = m.Groups["account"].Value;
            name = m.Groups["name"].Value;
            return true;
        }
    }
}
