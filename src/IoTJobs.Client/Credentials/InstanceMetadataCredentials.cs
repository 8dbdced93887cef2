using Amazon.Runtime;
using IoTJobs.Client.Configuration;

namespace IoTJobs.Client.Credentials
{
    /// <summary>The EC2 instance role through IMDSv2: one source per process (it caches the keys and renews them early).</summary>
    internal static class InstanceMetadataCredentials
    {
        private static readonly Lazy<InstanceProfileAWSCredentials> InstanceRole =
            new Lazy<InstanceProfileAWSCredentials>(() => new InstanceProfileAWSCredentials(), LazyThreadSafetyMode.ExecutionAndPublication);

        public static InstanceProfileAWSCredentials Role => InstanceRole.Value;

        /// <summary>AWS_EC2_METADATA_DISABLED=true turns instance metadata off (tests and this project's CI always do).</summary>
        public static bool Disabled => EnvironmentVariables.IsTrue("AWS_EC2_METADATA_DISABLED");

        internal static string Endpoint() => EnvironmentVariables.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? "http://169.254.169.254";

        /// <summary>The default chain's last place: asked now, so "no credentials anywhere" is one clear error, not a failure of every request.</summary>
        public static CredentialChoice FromChain(string credentialHelp)
        {
            var imds = Role;
            try
            {
                imds.GetCredentials();
                return new CredentialChoice(imds, $"EC2 instance metadata (IMDSv2 instance role at {Endpoint()})");
            }
            catch (Exception ex)
            {
                throw new IoTJobsConfigurationException("Credentials",
                    $"No AWS credentials were found (the last place looked, EC2 instance metadata at {Endpoint()}, answered: {ex.GetType().Name}: {ex.Message}). " + credentialHelp, ex);
            }
        }
    }
}
