using System;
using IoTJobs.Aws;

namespace IoTJobs.Client
{
    /// <summary>
    /// The default IoT control-plane endpoint for a region, as botocore's endpoint rule set for iot (2015-05-28,
    /// endpoint-rule-set-1.json) defines it over the partitions of <see cref="Partitions"/>. A configured endpoint
    /// (parameter, AWS_ENDPOINT_URL*, profile) is used as it is: botocore then applies neither FIPS nor dual-stack.
    /// </summary>
    public static class IotEndpointRules
    {
        /// <summary>The partition a region's endpoints are in (aws for a region no partition claims yet).</summary>
        public static Partition PartitionOf(string region) => Partitions.For(region);

        /// <summary>The endpoint the rule set gives for a region with these flags.</summary>
        public static Uri Resolve(string region, bool useFips, bool useDualStack)
        {
            var p = PartitionOf(region);
            var service = useFips ? "iot-fips" : "iot";
            // The rule set spells out aws, aws-cn and aws-us-gov; every other partition takes its dnsSuffix, which gives
            // the same hosts for those three.
            return new Uri($"https://{service}.{region}.{(useDualStack ? p.DualStackDnsSuffix : p.DnsSuffix)}/");
        }
    }
}
