using System.Globalization;
using Amazon.Runtime.CredentialManagement;
using IoTJobs.Aws;
using IoTJobs.Client.Credentials;
using IoTJobs.Client.Retry;

namespace IoTJobs.Client.Configuration
{
    /// <summary>
    /// Resolves credentials, region, endpoints, retry mode and max attempts from <see cref="ClientOptions"/>, the
    /// environment and the shared AWS files, and says where each came from. Never contacts instance metadata for the region.
    /// </summary>
    public static class ClientSettingsResolver
    {
        private const string RegionHelp =
            "Provide a region with -Region (e.g. -Region us-east-1), the AWS_REGION (or AWS_DEFAULT_REGION) environment variable, " +
            "or a 'region' entry in the profile of the shared AWS config file.";

        public static ResolvedSettings Resolve(ClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var credentials = CredentialResolver.Resolve(options);
            var (region, regionSource) = ResolveRegion(options);
            var endpoints = EndpointResolver.Resolve(options, region);
            var (maxAttempts, maxAttemptsSource) = ResolveMaxAttempts(options);
            var (retryMode, retryModeSource) = RetryModes.Resolve(options.RetryMode, EnvironmentVariables.Get("AWS_RETRY_MODE"), options.DefaultRetryMode);
            if (options.RequestTimeout is TimeSpan t && t <= TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
                throw new IoTJobsConfigurationException("RequestTimeout",
                    $"The request timeout '{t}' is not valid: it must be a positive duration (for example 00:00:30).");
            return new ResolvedSettings(credentials.Credentials, credentials.Description, region, regionSource, endpoints.Iot, endpoints.IotSource,
                maxAttempts, maxAttemptsSource, retryMode, retryModeSource)
            {
                NeedsMfaCode = credentials.NeedsMfaCode,
                CredentialRefreshAdvice = credentials.RefreshAdvice,
                StsEndpoint = endpoints.Sts,
                StsEndpointSource = endpoints.StsSource,
            };
        }

        /// <summary>
        /// Fetches credentials that need the user (an MFA code) now, on the caller's thread, so the prompt happens where a
        /// host can show it and before any request is sent; a refusal is one configuration error naming the profile.
        /// </summary>
        /// <exception cref="IoTJobsConfigurationException">The credentials could not be obtained.</exception>
        public static void PrepareCredentials(ResolvedSettings settings) => CredentialResolver.Prepare(settings);

        /// <summary>
        /// Identifies the resolved credentials without holding a secret, so callers can share one client per identity: a
        /// hash of the key material for fixed keys, else the credentials object itself (its keys change as it refreshes).
        /// </summary>
        public static string CredentialIdentity(ResolvedSettings settings) => CredentialResolver.Identity(settings);

        /// <summary>The profile whose settings apply: -ProfileName's, else AWS_PROFILE's, else [default]'s.</summary>
        internal static string ProfileInForce(ClientOptions o) =>
            !string.IsNullOrWhiteSpace(o.ProfileName) ? o.ProfileName!.Trim() : EnvironmentVariables.Get("AWS_PROFILE") ?? "default";

        private static (string, string) ResolveRegion(ClientOptions o)
        {
            if (!string.IsNullOrWhiteSpace(o.Region)) return (ValidateRegion(o.Region!.Trim(), "-Region"), "parameter");
            var env = EnvironmentVariables.Get("AWS_REGION");
            if (env != null) return (ValidateRegion(env, "the AWS_REGION environment variable"), "environment variable AWS_REGION");
            env = EnvironmentVariables.Get("AWS_DEFAULT_REGION");
            if (env != null) return (ValidateRegion(env, "the AWS_DEFAULT_REGION environment variable"), "environment variable AWS_DEFAULT_REGION");

            // The profile's region: the named profile, else AWS_PROFILE, else [default]. Files only, never instance metadata.
            var profileName = ProfileInForce(o);
            try
            {
                var chain = new CredentialProfileStoreChain();
                if (chain.TryGetProfile(profileName, out var profile) && profile?.Region != null)
                    return (ValidateRegion(profile.Region.SystemName, $"the 'region' entry of profile '{profileName}'"), $"profile '{profileName}'");
            }
            catch (IoTJobsConfigurationException) { throw; }
            catch (Exception)
            {
                // An unreadable config file means "no region from the profile"; the error below says how to supply one.
            }
            throw new IoTJobsConfigurationException("Region", "No AWS region was found. " + RegionHelp);
        }

        private static string ValidateRegion(string region, string from)
        {
            if (!Regions.IsValid(region))
                throw new IoTJobsConfigurationException("Region",
                    $"The region '{region}' from {from} is not {Regions.Rule}. " + RegionHelp);
            return region;
        }

        private static (int, string) ResolveMaxAttempts(ClientOptions o)
        {
            if (o.MaxAttempts is int n)
            {
                if (n < 1)
                    throw new IoTJobsConfigurationException("MaxAttempts",
                        $"The max attempts value '{n}' is not valid: it must be a whole number of at least 1 (1 means no retries).");
                return (n, "parameter");
            }
            if (o.RetryPolicy != null) return (o.RetryPolicy.MaxAttempts, "retry policy");
            var env = EnvironmentVariables.Get("AWS_MAX_ATTEMPTS");
            if (env != null)
            {
                if (!int.TryParse(env, NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e < 1)
                    throw new IoTJobsConfigurationException("MaxAttempts",
                        $"The AWS_MAX_ATTEMPTS environment variable is '{env}', which is not valid: it must be a whole number of at least 1 " +
                        "(1 means no retries). Fix or unset it.");
                return (e, "environment variable AWS_MAX_ATTEMPTS");
            }
            return (RetryPolicy.DefaultMaxAttempts, "default");
        }
    }
}
