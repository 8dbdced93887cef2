namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// What ClientOptions.MfaCodeProvider is asked when a role profile with mfa_serial needs a code. The provider returns
    /// the code typed, or null when it cannot ask (and says why in <see cref="UnavailableReason"/>).
    /// </summary>
    public sealed class MfaCodeRequest
    {
        public MfaCodeRequest(string profileName, string mfaSerial, string roleArn)
        {
            ProfileName = profileName ?? throw new ArgumentNullException(nameof(profileName));
            MfaSerial = mfaSerial ?? throw new ArgumentNullException(nameof(mfaSerial));
            RoleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
        }

        /// <summary>The profile whose role needs the code.</summary>
        public string ProfileName { get; }
        /// <summary>The profile's mfa_serial (the MFA device's ARN or serial number).</summary>
        public string MfaSerial { get; }
        /// <summary>The role being assumed.</summary>
        public string RoleArn { get; }
        /// <summary>Set by a provider that returns null: why it could not ask (e.g. "this host cannot prompt").</summary>
        public string? UnavailableReason { get; set; }
    }
}
