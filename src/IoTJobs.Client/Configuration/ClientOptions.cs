using Amazon.Runtime;
using IoTJobs.Client.Credentials;
using IoTJobs.Client.Http;
using IoTJobs.Client.Retry;

namespace IoTJobs.Client.Configuration
{
    /// <summary>
    /// What the caller supplied. Everything is optional: <see cref="ClientSettingsResolver"/> fills the gaps from the
    /// environment and the shared AWS config/credentials files, in the AWS CLI's order.
    /// </summary>
    public sealed class ClientOptions
    {
        /// <summary>Signing region, e.g. us-east-1. Else AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.</summary>
        public string? Region { get; set; }
        /// <summary>Shared-config profile to take credentials (and a region) from.</summary>
        public string? ProfileName { get; set; }
        /// <summary>Endpoint override, e.g. http://127.0.0.1:5000 for the emulator. Else AWS_ENDPOINT_URL_IOT, AWS_ENDPOINT_URL.</summary>
        public string? EndpointUrl { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        /// <summary>Explicit credentials object; wins over every other credential source.</summary>
        public AWSCredentials? Credentials { get; set; }
        /// <summary>
        /// Explicit credentials of any shape (see <see cref="Credentials.ExternalCredentials"/>): another AWSSDK.Core's
        /// AWSCredentials, an object with AccessKey/SecretKey, or a dictionary. Used when <see cref="Credentials"/> is null.
        /// The PowerShell module passes -Credential here because its own assembly must not touch AWSSDK.Core types.
        /// </summary>
        public object? ExternalCredentials { get; set; }
        /// <summary>Total attempts per call including the first (standard retry mode). Else AWS_MAX_ATTEMPTS, else 3.</summary>
        public int? MaxAttempts { get; set; }
        /// <summary>Per-attempt timeout (default 30 s). A timed-out attempt is retried like a dropped connection.</summary>
        public TimeSpan? RequestTimeout { get; set; }
        /// <summary>Receives one line per HTTP request sent. Never receives a secret.</summary>
        public Action<string>? Log { get; set; }
        /// <summary>Transport to send through (tests, proxies). The client does not dispose it.</summary>
        public HttpMessageHandler? TransportHandler { get; set; }
        /// <summary>Retry policy; null means a <see cref="Retry.RetryPolicy"/> with the max attempts in effect and <see cref="RetryQuotaCapacity"/>.</summary>
        public IRetryPolicy? RetryPolicy { get; set; }
        /// <summary>The clock requests are signed, timed, paced and backed off by; null means the machine's. Tests pass a fake.</summary>
        public IClock? Clock { get; set; }
        /// <summary>
        /// "standard" or "adaptive" ("legacy" counts as standard). Adaptive adds client-side rate limiting per operation
        /// (<see cref="AdaptiveRateLimiter"/>) and keeps retrying throttled requests while the operation makes progress.
        /// Else AWS_RETRY_MODE, else <see cref="DefaultRetryMode"/>.
        /// </summary>
        public string? RetryMode { get; set; }
        /// <summary>
        /// Asked for the code when a role profile has mfa_serial (once: the role is then kept for the session). Return the
        /// code, or null when it cannot be asked (say why in <see cref="MfaCodeRequest.UnavailableReason"/>): the command
        /// then fails with an error naming the profile and the MFA device. Null: MFA profiles fail that way.
        /// </summary>
        public Func<MfaCodeRequest, string?>? MfaCodeProvider { get; set; }
        /// <summary>The default policy's retry quota in tokens (default <see cref="RetryQuota.DefaultCapacity"/>; 0 allows no retries).</summary>
        public int? RetryQuotaCapacity { get; set; }
        /// <summary>The retry mode when neither <see cref="RetryMode"/> nor AWS_RETRY_MODE says (the cmdlets use "adaptive").</summary>
        public string DefaultRetryMode { get; set; } = RetryModes.Standard;
    }
}
