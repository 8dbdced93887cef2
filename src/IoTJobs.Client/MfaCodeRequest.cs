using System;

namespace IoTJobs.Client
{
    /// <summary>
    /// What <see cref="ClientOptions.MfaCodeProvider"/> is asked when a role profile with mfa_serial needs a code: the
    /// provider returns the code the user typed, or null when it cannot ask (then it says why in
    /// <see cref="UnavailableReason"/>, and the client fails with an error naming the profile and the MFA device).
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

    /// <summary>An MFA code was needed and could not be had; the message names the profile and mfa_serial.</summary>
    public sealed class MfaCodeUnavailableException : Exception
    {
        public MfaCodeUnavailableException(string profileName, string mfaSerial, string message) : base(message)
        {
            ProfileName = profileName;
            MfaSerial = mfaSerial;
        }

        public string ProfileName { get; }
        public string MfaSerial { get; }
    }
}
