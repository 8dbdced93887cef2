using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace IoTJobs.Aws
{
    /// <summary>One partition of botocore's partitions.json: its id (the ARN's second field), DNS suffixes and regions.</summary>
    public sealed class Partition
    {
        internal Partition(string id, string dnsSuffix, string dualStackDnsSuffix, string regionRegex, params string[] regions)
        {
            Id = id;
            DnsSuffix = dnsSuffix;
            DualStackDnsSuffix = dualStackDnsSuffix;
            // botocore's \w is ASCII (Python re on str is Unicode, but region names are ASCII): spell it out for .NET.
            RegionRegex = new Regex(regionRegex.Replace(@"\w", "[a-z0-9]"), RegexOptions.CultureInvariant);
            Regions = regions;
        }

        public string Id { get; }
        public string DnsSuffix { get; }
        public string DualStackDnsSuffix { get; }
        /// <summary>The regions botocore lists for the partition (its *-global pseudo-regions left out: IoT has none).</summary>
        public IReadOnlyList<string> Regions { get; }
        internal Regex RegionRegex { get; }

        public override string ToString() => Id;
    }
}
