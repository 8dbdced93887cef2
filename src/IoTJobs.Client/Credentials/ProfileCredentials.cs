using System.Globalization;
using System.Text;
using Amazon.Runtime;
using IoTJobs.Client.Configuration;

namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// Which credentials a profile means, with botocore's precedence: a role (from a source profile or a
    /// credential_source), web identity, SSO, static keys, a credential_process. The calls themselves are AWSSDK.Core's
    /// credential classes; this decides between them and fills in what AWSSDK.Core's own profile reader leaves out.
    /// </summary>
    internal static class ProfileCredentials
    {
        /// <summary>A named profile's credentials; null when the profile has none. Throws for a broken profile.</summary>
        public static CredentialChoice? FromProfile(string name, string label, SharedConfig config, ClientOptions options)
        {
            var slot = new CredentialCache.MfaSlot { Provider = options.MfaCodeProvider };
            var material = new StringBuilder();
            var built = Build(name, config, slot, material, new HashSet<string>(StringComparer.Ordinal), label);
            if (built == null) return null;
            if (!(built.Credentials is RefreshingAWSCredentials)) return built;
            // Cached by the profile chain's whole definition (hashed: it holds keys), so an edited profile is read anew.
            // The label is part of the key so that the verbose line always says how this command found the profile.
            return CredentialCache.ForProfile(name + ":" + label + ":" + CredentialCache.Hash(material.ToString()), built, slot, options.MfaCodeProvider);
        }

        /// <param name="material">Collects the definition the credentials come from (the cache key).</param>
        /// <param name="visiting">The profiles on the source_profile chain so far (a cycle is an error).</param>
        internal static CredentialChoice? Build(string name, SharedConfig config, CredentialCache.MfaSlot slot, StringBuilder material, HashSet<string> visiting, string label)
        {
            var p = config.Profile(name);
            if (p == null) return null;
            if (!visiting.Add(name))
                throw Broken(name, $"its source_profile chain comes back to profile '{name}' (a cycle)");
            material.Append("[").Append(name).Append("]");
            foreach (var kv in p.OrderBy(kv => kv.Key, StringComparer.Ordinal)) material.Append(kv.Key).Append('=').Append(kv.Value).Append('\n');

            var roleArn = Value(p, "role_arn");
            var tokenFile = Value(p, "web_identity_token_file");
            if (roleArn != null && (Value(p, "source_profile") != null || Value(p, "credential_source") != null))
                return AssumeRoleProfiles.Build(name, label, p, roleArn, config, slot, material, visiting);

            if (roleArn != null && tokenFile != null)
            {
                var session = Value(p, "role_session_name") ?? DefaultSessionName();
                var options = new AssumeRoleWithWebIdentityCredentialsOptions { DurationSeconds = Duration(name, Value(p, "duration_seconds")) };
                var creds = new AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, session, options);
                return new CredentialChoice(creds,
                    $"{label}: role {roleArn} assumed with STS AssumeRoleWithWebIdentity (session '{session}', token file {tokenFile})");
            }

            if (roleArn != null)
                throw Broken(name, "it has role_arn but none of source_profile, credential_source or web_identity_token_file to assume it with");

            if (Value(p, "sso_session") != null || Value(p, "sso_start_url") != null || Value(p, "sso_account_id") != null)
                return SsoProfiles.Build(name, label, p, config);

            var staticKeys = StaticKeys(p);
            if (staticKeys != null) return new CredentialChoice(staticKeys, $"{label} ({Describe(staticKeys)})");

            var process = Value(p, "credential_process");
            if (process != null)
            {
                var accountId = Value(p, "aws_account_id");
                var creds = accountId == null ? new ProcessAWSCredentials(process) : new ProcessAWSCredentials(process, accountId);
                // Only the program, never its arguments: a command line can carry a secret.
                return new CredentialChoice(creds, $"{label} (credential_process {ProgramOf(process)})",
                    refreshAdvice: $"check that the credential_process of profile '{name}' still works");
            }
            if (Value(p, "aws_access_key_id") != null || Value(p, "aws_secret_access_key") != null)
                throw Broken(name, Value(p, "aws_access_key_id") == null
                    ? "it has aws_secret_access_key but no aws_access_key_id"
                    : "it has aws_access_key_id but no aws_secret_access_key");
            return null;
        }

        /// <summary>A profile value, trimmed; null when absent or blank.</summary>
        internal static string? Value(IReadOnlyDictionary<string, string>? p, string key) =>
            p != null && p.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        internal static AWSCredentials? StaticKeys(IReadOnlyDictionary<string, string> p)
        {
            p.TryGetValue("aws_access_key_id", out var access);
            p.TryGetValue("aws_secret_access_key", out var secret);
            p.TryGetValue("aws_session_token", out var token);
            if (string.IsNullOrWhiteSpace(access) || string.IsNullOrWhiteSpace(secret)) return null;
            return string.IsNullOrWhiteSpace(token)
                ? new BasicAWSCredentials(access!.Trim(), secret!.Trim())
                : (AWSCredentials)new SessionAWSCredentials(access!.Trim(), secret!.Trim(), token!.Trim());
        }

        internal static string Describe(AWSCredentials keys) => keys is SessionAWSCredentials ? "temporary keys with a session token" : "static keys";

        internal static int? Duration(string profile, string? value)
        {
            if (value == null) return null;
            // STS takes 900 s up to the role's maximum session duration (at most 43200 s).
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 900 || seconds > 43200)
                throw Broken(profile, $"its duration_seconds '{value}' is not a whole number of seconds from 900 to 43200");
            return seconds;
        }

        internal static string DefaultSessionName() =>
            "iotjobs-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        private static string ProgramOf(string commandLine)
        {
            var c = commandLine.Trim();
            if (c.StartsWith("\"", StringComparison.Ordinal))
            {
                int end = c.IndexOf('"', 1);
                return end > 0 ? c.Substring(1, end - 1) : c.Substring(1);
            }
            int space = c.IndexOf(' ');
            return space > 0 ? c.Substring(0, space) : c;
        }

        internal static IoTJobsConfigurationException Broken(string profile, string why) =>
            new IoTJobsConfigurationException("Credentials", $"The profile '{profile}' cannot be used: {why}.");
    }
}
