using System.Linq;
using System.Text.RegularExpressions;

namespace IoTJobs.Aws
{
    /// <summary>
    /// An IoT resource ARN: arn:{partition}:iot:{region}:{account}:{kind}/{name}, kind thing, job or thinggroup. Parsing
    /// checks that the partition is the region's (arn:aws:iot:cn-north-1:... names nothing that exists).
    /// </summary>
    public sealed class IoTArn
    {
        // Thing names may hold ':' but never '/': the name is everything after the kind's slash.
        private static readonly Regex Pattern = new Regex(
            @"^arn:(?<partition>aws(-[a-z]+)*):iot:(?<region>[^:]*):(?<account>[^:]*):(?<kind>[a-z]+)/(?<name>[^/]+)$",
            RegexOptions.CultureInvariant);

        private IoTArn(string partition, string region, string account, string kind, string name) =>
            (Partition, Region, Account, Kind, Name) = (partition, region, account, kind, name);

        public string Partition { get; }
        /// <summary>The region; empty when the ARN has none.</summary>
        public string Region { get; }
        /// <summary>The 12-digit account; empty when the ARN has none.</summary>
        public string Account { get; }
        /// <summary>thing, job, thinggroup, or another IoT resource kind.</summary>
        public string Kind { get; }
        public string Name { get; }

        /// <summary>
        /// Parses an IoT ARN. False with a null <paramref name="problem"/> when the text is not an IoT ARN at all; false
        /// with a problem when it is shaped like one but cannot name anything (bad region or account, or a partition that
        /// is not the region's).
        /// </summary>
        public static bool TryParse(string? text, out IoTArn arn, out string? problem)
        {
            arn = null!;
            problem = null;
            if (text == null) return false;
            var m = Pattern.Match(text);
            if (!m.Success) return false;
            string partition = m.Groups["partition"].Value, region = m.Groups["region"].Value, account = m.Groups["account"].Value;
            if (region.Length > 0 && !Regions.IsValid(region))
            {
                problem = $"its region '{region}' is not {Regions.Rule}";
                return false;
            }
            if (account.Length > 0 && !ResourceNames.Account.IsMatch(account))
            {
                problem = $"its account '{account}' is not a 12-digit AWS account id";
                return false;
            }
            var regionPartition = region.Length > 0 ? Partitions.Of(region) : null;
            if (regionPartition != null && regionPartition.Id != partition)
            {
                problem = $"its partition '{partition}' is not region {region}'s ({regionPartition.Id})";
                return false;
            }
            if (Partitions.ById(partition) == null && regionPartition == null && region.Length == 0)
            {
                problem = $"its partition '{partition}' is not an AWS partition ({string.Join(", ", Partitions.All.Select(p => p.Id))})";
                return false;
            }
            arn = new IoTArn(partition, region, account, m.Groups["kind"].Value, m.Groups["name"].Value);
            return true;
        }

        /// <summary>The ARN of a resource in a region, with the region's partition.</summary>
        public static string Format(string region, string account, string kind, string name) =>
            $"arn:{Partitions.For(region).Id}:iot:{region}:{account}:{kind}/{name}";

        /// <summary>The prefix every ARN of this kind in this region and account starts with (…:thing/).</summary>
        public static string Prefix(string region, string account, string kind) => Format(region, account, kind, "");

        public override string ToString() => $"arn:{Partition}:iot:{Region}:{Account}:{Kind}/{Name}";
    }
}
