using System.Text;
using Amazon.Runtime;
using IoTJobs.Client.Configuration;
using static IoTJobs.Client.Credentials.ProfileCredentials;

namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// A profile's role_arn with a source_profile or credential_source: STS AssumeRole from the source's credentials,
    /// with external_id, duration_seconds and the MFA prompt that AWSSDK.Core's own profile reader leaves out.
    /// </summary>
    internal static class AssumeRoleProfiles
    {
        public static CredentialChoice Build(string name, string label, IReadOnlyDictionary<string, string> p, string roleArn, SharedConfig config,
            CredentialCache.MfaSlot slot, StringBuilder material, HashSet<string> visiting)
        {
            var sourceProfile = Value(p, "source_profile");
            var credentialSource = Value(p, "credential_source");
            if (sourceProfile != null && credentialSource != null)
                throw Broken(name, "it has both source_profile and credential_source; keep exactly one of them");
            var source = sourceProfile != null
                ? FromSourceProfile(name, sourceProfile, config, slot, material, visiting)
                : FromCredentialSource(name, credentialSource!, material);
            return AssumeRole(name, label, p, roleArn, source, slot);
        }

        private static CredentialChoice FromSourceProfile(string name, string sourceProfile, SharedConfig config, CredentialCache.MfaSlot slot,
            StringBuilder material, HashSet<string> visiting)
        {
            var sp = config.Profile(sourceProfile)
                ?? throw Broken(name, $"its source_profile '{sourceProfile}' was not found in {config.CredentialsPath} or {config.ConfigPath}");
            // A source profile with keys is used for its keys even if it has a role of its own, as botocore does.
            var keys = StaticKeys(sp);
            if (keys != null)
            {
                material.Append("source-keys[").Append(sourceProfile).Append("]");
                return new CredentialChoice(keys, $"profile '{sourceProfile}' ({Describe(keys)})");
            }
            if (sourceProfile == name)
                throw Broken(name, "its source_profile is itself, but it has no aws_access_key_id and aws_secret_access_key to start from");
            return ProfileCredentials.Build(sourceProfile, config, slot, material, visiting, $"profile '{sourceProfile}'")
                ?? throw Broken(name, $"its source_profile '{sourceProfile}' has no credentials (keys, a role, SSO or a credential_process)");
        }

        private static CredentialChoice FromCredentialSource(string name, string credentialSource, StringBuilder material)
        {
            switch (credentialSource.ToLowerInvariant())
            {
                case "environment":
                {
                    var env = EnvironmentCredentials.Keys()
                        ?? throw Broken(name, "its credential_source is Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
                    var keys = env.Credentials.GetCredentials();
                    material.Append("env:").Append(keys.AccessKey).Append(keys.SecretKey).Append(keys.Token);
                    return new CredentialChoice(env.Credentials, "credential_source Environment (" + env.Description + ")");
                }
                case "ec2instancemetadata":
                    if (InstanceMetadataCredentials.Disabled)
                        throw Broken(name, "its credential_source is Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED=true turns instance metadata off");
                    material.Append("imds:").Append(InstanceMetadataCredentials.Endpoint());
                    return new CredentialChoice(InstanceMetadataCredentials.Role,
                        $"credential_source Ec2InstanceMetadata (EC2 instance metadata, IMDSv2, at {InstanceMetadataCredentials.Endpoint()})");
                case "ecscontainer":
                {
                    var container = EnvironmentCredentials.Container()
                        ?? throw Broken(name, "its credential_source is EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
                    material.Append("container:").Append(EnvironmentVariables.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                        .Append(EnvironmentVariables.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
                    return new CredentialChoice(container.Credentials, "credential_source EcsContainer (" + container.Description + ")");
                }
                default:
                    throw Broken(name, $"its credential_source '{credentialSource}' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
            }
        }

        private static CredentialChoice AssumeRole(string name, string label, IReadOnlyDictionary<string, string> p, string roleArn, CredentialChoice source,
            CredentialCache.MfaSlot slot)
        {
            var session = Value(p, "role_session_name") ?? DefaultSessionName();
            var externalId = Value(p, "external_id");
            var mfaSerial = Value(p, "mfa_serial");
            var duration = Duration(name, Value(p, "duration_seconds"));
            var options = new AssumeRoleAWSCredentialsOptions
            {
                ExternalId = externalId,
                DurationSeconds = duration,
                MfaSerialNumber = mfaSerial,
            };
            if (mfaSerial != null) options.MfaTokenCodeCallback = () => AskMfaCode(name, mfaSerial, roleArn, slot);
            var creds = new AssumeRoleAWSCredentials(source.Credentials, roleArn, session, options);
            var details = new List<string> { $"session '{session}'" };
            if (externalId != null) details.Add("external_id set");
            if (duration != null) details.Add($"duration {duration} s");
            if (mfaSerial != null) details.Add($"MFA device {mfaSerial}, code asked once and the role kept for the session");
            var advice = mfaSerial != null
                ? $"run the command again to be asked for a new MFA code for profile '{name}'"
                : source.RefreshAdvice;
            return new CredentialChoice(creds,
                $"{label}: role {roleArn} assumed with STS AssumeRole ({string.Join(", ", details)}), source: {source.Description}",
                needsMfaCode: mfaSerial != null || source.NeedsMfaCode, refreshAdvice: advice);
        }

        /// <summary>Asks the current command's prompt; no code is one error naming the profile, the device and what to do.</summary>
        private static string AskMfaCode(string name, string mfaSerial, string roleArn, CredentialCache.MfaSlot slot)
        {
            var request = new MfaCodeRequest(name, mfaSerial, roleArn);
            var provider = slot.Provider;
            string? code = null;
            if (provider != null) code = provider(request);
            if (string.IsNullOrWhiteSpace(code))
                throw new MfaCodeUnavailableException(name, mfaSerial,
                    $"The profile '{name}' assumes role {roleArn} with MFA (mfa_serial {mfaSerial}), which needs a code from that device, " +
                    $"but {(request.UnavailableReason ?? (provider == null ? "nothing was set up to ask for one" : "no code was entered"))}. " +
                    "Run the command in an interactive PowerShell to be asked for the code, or use credentials that need no code in " +
                    "scripts (a profile without mfa_serial, or temporary keys from 'aws sts get-session-token' in AWS_ACCESS_KEY_ID, " +
                    "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN).");
            return code!.Trim();
        }
    }
}
