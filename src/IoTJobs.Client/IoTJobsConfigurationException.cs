namespace IoTJobs.Client
{
    /// <summary>
    /// Missing or invalid client settings (credentials, region, endpoint, retry settings). The message names the bad
    /// input, says what is valid and how to supply it; it never contains a secret.
    /// </summary>
    public sealed class IoTJobsConfigurationException : Exception
    {
        public IoTJobsConfigurationException(string setting, string message, Exception? inner = null)
            : base(message, inner)
        {
            Setting = setting;
        }

        /// <summary>Which setting is at fault: Credentials, Region, EndpointUrl, MaxAttempts or RequestTimeout.</summary>
        public string Setting { get; }
    }
}
