using System;
using System.Text.RegularExpressions;

namespace IoTJobs.Client
{
    /// <summary>
    /// The default IoT control-plane endpoint for a region, as botocore's endpoint rule set for iot (2015-05-28,
    /// endpoint-rule-set-1.json) defines it, with the partitions of botocore's partitions.json:
    /// FIPS and dual-stack: https://iot-fips.{region}.{dualStackDnsSuffix}; FIPS: https://iot-fips.{region}.{dnsSuffix};
    /// dual-stack: https://iot.{region}.{dualStackDnsSuffix}; else https://iot.{region}.{dnsSuffix}.
    /// A configured endpoint (parameter, AWS_ENDPOINT_URL*, profile endpoint_url or services section) is used as it is:
    /// botocore then does not apply FIPS or dual-stack either.
    /// </summary>
    public static class IotEndpointRules
    {
        /// <summary>One row of botocore's partitions.json (every partition supports FIPS and dual-stack there).</summary>
        public sealed class Partition
        {
            internal Partition(string id, string dnsSuffix, string dualStackDnsSuffix, string regionRegex)
            {
                Id = id;
                DnsSuffix = dnsSuffix;
                DualStackDnsSuffix = dualStackDnsSuffix;
                RegionRegex = new Regex(regionRegex, RegexOptions.CultureInvariant);
            }

            public string Id { get; }
            public string DnsSuffix { get; }
            public string DualStackDnsSuffix { get; }
            internal Regex RegionRegex { get; }
            public bool SupportsFips => true;
            public bool SupportsDualStack => true;
        }

        // botocore 1.43 data/partitions.json, in its order; "aws" is also the fallback for an unknown region, as in
        // the rule set's aws.partition function.
        private static readonly Partition[] Partitions =
        {
            new Partition("aws", "amazonaws.com", "api.aws", @"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"),
            new Partition("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", @"^cn\-\w+\-\d+$"),
            new Partition("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", @"^eusc\-(de)\-\w+\-\d+$"),
            new Partition("aws-iso", "c2s.ic.gov", "api.aws.ic.gov", @"^us\-iso\-\w+\-\d+$"),
            new Partition("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", @"^us\-isob\-\w+\-\d+$"),
            new Partition("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", @"^eu\-isoe\-\w+\-\d+$"),
            new Partition("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", @"^us\-isof\-\w+\-\d+$"),
            new Partition("aws-us-gov", "amazonaws.com", "api.aws", @"^us\-gov\-\w+\-\d+$"),
        };

        /// <summary>The partition a region belongs to (aws when no pattern matches).</summary>
        public static Partition PartitionOf(string region)
        {
            if (region == null) throw new ArgumentNullException(nameof(region));
            // The specific patterns first: us-gov-west-1 and us-iso-east-1 also look like "us-..." of the aws partition.
            for (int i = Partitions.Length - 1; i >= 1; i--)
            {
                if (Partitions[i].RegionRegex.IsMatch(region)) return Partitions[i];
            }
            return Partitions[0];
        }

        /// <summary>The endpoint the rule set gives for a region with these flags.</summary>
        public static Uri Resolve(string region, bool useFips, bool useDualStack)
        {
            var p = PartitionOf(region);
            string host;
            if (useFips && useDualStack) host = $"iot-fips.{region}.{p.DualStackDnsSuffix}";
            else if (useFips) host = $"iot-fips.{region}.{p.DnsSuffix}";
            else if (useDualStack) host = $"iot.{region}.{p.DualStackDnsSuffix}";
            // The rule set spells out aws, aws-cn and aws-us-gov; every other partition takes its dnsSuffix, which gives
            // the same hosts for those three.
            else host = $"iot.{region}.{p.DnsSuffix}";
            return new Uri("https://" + host + "/");
        }
    }
}
