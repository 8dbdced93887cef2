using IoTJobs.Aws;

namespace IoTJobs.Client.Configuration
{
    /// <summary>Where STS is when no STS endpoint is configured.</summary>
    public static class StsEndpointRules
    {
        /// <param name="ownIotEndpoint">The IoT endpoint when it came from the parameter or AWS_ENDPOINT_URL_IOT, else null.</param>
        public static (Uri Endpoint, string Source) Fallback(string region, Uri? ownIotEndpoint, string iotEndpointSource)
        {
            // An endpoint named for IoT alone is a local or private stand-in (the emulator, moto), and those answer STS too.
            if (ownIotEndpoint != null) return (ownIotEndpoint, $"the IoT endpoint ({iotEndpointSource})");
            return (new Uri($"https://sts.{region}.{Partitions.For(region).DnsSuffix}/"), "default for region");
        }
    }
}
