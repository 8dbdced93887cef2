namespace IoTJobs.Client.Credentials
{
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
