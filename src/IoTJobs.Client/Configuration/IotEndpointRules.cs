using IoTJobs.Aws;

namespace IoTJobs.Client.Configuration
{
    /// <summary>
    /// The default IoT control-plane endpoint for a region, as botocore's iot endpoint rule set gives it over the
    /// partitions of <see cref="Partitions"/>. A configured endpoint is used as it is: botocore then applies neither
    /// FIPS nor dual-stack.
    /// </summary>
    public static class IotEndpointRules
    {
        /// <summary>The endpoint the rule set gives for a region with these flags.</summary>
        public static Uri Resolve(string region, bool useFips, bool useDualStack)
        {
            var p = Partitions.For(region);
            var service = useFips ? "iot-fips" : "iot";
            // The rule set spells out aws, aws-cn and aws-us-gov; every other partition takes its dnsSuffix, which gives
            // the same hosts for those three.
            return new Uri($"https://{service}.{region}.{(useDualStack ? p.DualStackDnsSuffix : p.DnsSuffix)}/");
        }
    }
}
