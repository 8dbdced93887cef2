using IoTJobs.Client.Configuration;

namespace IoTJobs.Client.Credentials
{
    /// <summary>The default chain after explicit credentials, in the AWS CLI's order: environment keys, profile, web identity, container, IMDS.</summary>
    internal static class DefaultCredentialChain
    {
        public static CredentialChoice Resolve(SharedConfig config, ClientOptions options, string credentialHelp)
        {
            var env = EnvironmentCredentials.Keys();
            if (env != null) return env;

            var awsProfile = EnvironmentVariables.Get("AWS_PROFILE") ?? EnvironmentVariables.Get("AWS_DEFAULT_PROFILE");
            if (awsProfile != null)
            {
                var variable = EnvironmentVariables.Get("AWS_PROFILE") != null ? "AWS_PROFILE" : "AWS_DEFAULT_PROFILE";
                if (!config.HasProfile(awsProfile))
                    throw new IoTJobsConfigurationException("Credentials",
                        $"The profile '{awsProfile}' named by the {variable} environment variable was not found in the shared AWS config or " +
                        $"credentials file ({config.CredentialsPath}, {config.ConfigPath}). Check the name (profiles are case-sensitive), " +
                        $"create it with 'aws configure --profile {awsProfile}', or unset {variable}. " + credentialHelp);
                var chosen = ProfileCredentials.FromProfile(awsProfile, $"profile '{awsProfile}' (from {variable})", config, options);
                if (chosen != null) return chosen;
            }
            else if (config.HasProfile("default"))
            {
                var chosen = ProfileCredentials.FromProfile("default", "profile 'default'", config, options);
                if (chosen != null) return chosen;
            }

            var webIdentity = EnvironmentCredentials.WebIdentity();
            if (webIdentity != null) return webIdentity;

            var container = EnvironmentCredentials.Container();
            if (container != null) return container;

            if (!InstanceMetadataCredentials.Disabled) return InstanceMetadataCredentials.FromChain(credentialHelp);
            throw new IoTJobsConfigurationException("Credentials", "No AWS credentials were found. " + credentialHelp);
        }
    }
}
