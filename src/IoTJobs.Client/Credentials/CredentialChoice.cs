using Amazon.Runtime;

namespace IoTJobs.Client.Credentials
{
    /// <summary>Credentials as the resolver chose them, with what -Verbose says about them.</summary>
    internal sealed class CredentialChoice(AWSCredentials credentials, string description, bool needsMfaCode = false, string? refreshAdvice = null)
    {
        public AWSCredentials Credentials { get; } = credentials;
        /// <summary>Where they came from; never a secret.</summary>
        public string Description { get; } = description;
        /// <summary>A role on the way needs an MFA code (asked through ClientOptions.MfaCodeProvider).</summary>
        public bool NeedsMfaCode { get; } = needsMfaCode;
        /// <summary>What to do when they can no longer be refreshed (e.g. "run 'aws sso login --profile x'").</summary>
        public string? RefreshAdvice { get; } = refreshAdvice;
    }
}
