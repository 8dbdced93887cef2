namespace IoTJobs.Client.Configuration
{
    /// <summary>The AWS retry modes this client knows (AWS_RETRY_MODE / retry_mode): standard and adaptive.</summary>
    public static class RetryModes
    {
        public const string Standard = "standard";
        public const string Adaptive = "adaptive";
        /// <summary>The AWS SDKs' older mode; this client treats it as standard.</summary>
        public const string Legacy = "legacy";

        /// <summary>The mode in force and where it came from: explicit option, then AWS_RETRY_MODE, then the caller's default.</summary>
        /// <exception cref="IoTJobsConfigurationException">A value is not one of standard, adaptive, legacy.</exception>
        public static (string Mode, string Source) Resolve(string? option, string? environment, string? fallback)
        {
            if (!string.IsNullOrWhiteSpace(option)) return (Normalize(option!, "The retry mode"), "parameter");
            if (!string.IsNullOrWhiteSpace(environment))
                return (Normalize(environment!, "The AWS_RETRY_MODE environment variable"), "environment variable AWS_RETRY_MODE");
            return (Normalize(string.IsNullOrWhiteSpace(fallback) ? Standard : fallback!, "The default retry mode"), "default");
        }

        private static string Normalize(string value, string what)
        {
            var v = value.Trim();
            if (v.Equals(Standard, StringComparison.OrdinalIgnoreCase) || v.Equals(Legacy, StringComparison.OrdinalIgnoreCase)) return Standard;
            if (v.Equals(Adaptive, StringComparison.OrdinalIgnoreCase)) return Adaptive;
            throw new IoTJobsConfigurationException("RetryMode",
                $"{what} is '{value}', which is not valid: use 'standard' or 'adaptive' ('legacy' is accepted as standard).");
        }
    }
}
