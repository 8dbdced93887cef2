using Amazon.Runtime;
using IoTJobs.Client.Retry;
using RetryPolicy = IoTJobs.Client.Retry.RetryPolicy;

namespace IoTJobs.Client.Configuration
{
    /// <summary>
    /// The settings a client runs with, and where each came from (for Write-Verbose). The source strings never
    /// contain a secret.
    /// </summary>
    public sealed class ResolvedSettings
    {
        public ResolvedSettings(AWSCredentials credentials, string credentialSource, string region, string regionSource,
            Uri endpoint, string endpointSource, int maxAttempts = RetryPolicy.DefaultMaxAttempts, string maxAttemptsSource = "default",
            string retryMode = RetryModes.Standard, string retryModeSource = "default")
        {
            Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            CredentialSource = credentialSource;
            Region = region;
            RegionSource = regionSource;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            EndpointSource = endpointSource;
            MaxAttempts = maxAttempts;
            MaxAttemptsSource = maxAttemptsSource;
            RetryMode = retryMode;
            RetryModeSource = retryModeSource;
            // Settings made by hand: an endpoint that is none of the region's IoT defaults is a stand-in that answers STS too.
            bool regionDefault = new[] { false, true }.Any(fips => new[] { false, true }.Any(dual => IotEndpointRules.Resolve(region, fips, dual) == endpoint));
            (StsEndpoint, StsEndpointSource) = StsEndpointRules.Fallback(region, regionDefault ? null : endpoint, endpointSource);
        }

        public AWSCredentials Credentials { get; }
        /// <summary>e.g. "explicit access key", "profile 'dev'", "environment variables".</summary>
        public string CredentialSource { get; }
        public string Region { get; }
        /// <summary>e.g. "parameter", "environment variable AWS_REGION", "profile 'dev'".</summary>
        public string RegionSource { get; }
        public Uri Endpoint { get; }
        /// <summary>e.g. "parameter", "environment variable AWS_ENDPOINT_URL_IOT", "default for region".</summary>
        public string EndpointSource { get; }
        /// <summary>Total attempts per call (ClientOptions.MaxAttempts, AWS_MAX_ATTEMPTS or 3).</summary>
        public int MaxAttempts { get; }
        public string MaxAttemptsSource { get; }
        /// <summary>"standard" or "adaptive" (ClientOptions.RetryMode, AWS_RETRY_MODE or ClientOptions.DefaultRetryMode).</summary>
        public string RetryMode { get; }
        public string RetryModeSource { get; }
        /// <summary>True when obtaining the credentials needs an MFA code (see <see cref="ClientSettingsResolver.PrepareCredentials"/>).</summary>
        public bool NeedsMfaCode { get; internal set; }
        /// <summary>Where STS GetCallerIdentity goes.</summary>
        public Uri StsEndpoint { get; internal set; }
        /// <summary>e.g. "environment variable AWS_ENDPOINT_URL_STS", "the IoT endpoint (parameter)", "default for region".</summary>
        public string StsEndpointSource { get; internal set; }
        /// <summary>What the user should do when the credentials can no longer be refreshed (e.g. "run 'aws sso login --profile x'"), or null.</summary>
        public string? CredentialRefreshAdvice { get; internal set; }

        public override string ToString() =>
            $"Credentials from {CredentialSource}; region {Region} from {RegionSource}; endpoint {Endpoint} from {EndpointSource}; max attempts {MaxAttempts} from {MaxAttemptsSource}; retry mode {RetryMode} from {RetryModeSource}; STS endpoint {StsEndpoint} from {StsEndpointSource}";
    }
}
