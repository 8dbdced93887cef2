using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;

namespace IoTJobs.Client
{
    /// <summary>Credentials chosen by <see cref="CredentialSources"/>, with what -Verbose says about them.</summary>
    internal sealed class CredentialChoice
    {
        public CredentialChoice(AWSCredentials credentials, string description, bool needsMfaCode = false, string? refreshAdvice = null)
        {
            Credentials = credentials;
            Description = description;
            NeedsMfaCode = needsMfaCode;
            RefreshAdvice = refreshAdvice;
        }

        public AWSCredentials Credentials { get; }
        /// <summary>Where they came from; never a secret.</summary>
        public string Description { get; }
        /// <summary>A role on the way needs an MFA code (asked through <see cref="ClientOptions.MfaCodeProvider"/>).</summary>
        public bool NeedsMfaCode { get; }
        /// <summary>What to do when they can no longer be refreshed (e.g. "run 'aws sso login --profile x'").</summary>
        public string? RefreshAdvice { get; }
    }

    /// <summary>
    /// Profile credentials in every form the AWS CLI reads, and the default chain (environment, profile, web identity
    /// from the environment, container, instance metadata). The calls themselves (STS AssumeRole and
    /// AssumeRoleWithWebIdentity, the SSO portal, credential_process, the container and IMDSv2 endpoints) are
    /// AWSSDK.Core's credential classes, with AWSSDK.SecurityToken/SSO/SSOOIDC loaded by it; this class decides which
    /// one a profile means, with botocore's precedence, and fills in what AWSSDK.Core's own profile reader leaves out
    /// (duration_seconds, external_id with credential_source, the MFA prompt, clear SSO token errors).
    /// Refreshing credentials made from a profile are kept for the process: the next command reuses the assumed role
    /// (no new AssumeRole call, no new MFA code) until it expires, or until the profile's definition changes.
    /// </summary>
    internal static class CredentialSources
    {
        private static readonly ConcurrentDictionary<string, CachedEntry> Cache = new ConcurrentDictionary<string, CachedEntry>(StringComparer.Ordinal);

        // One instance-role source per process (it caches the role's keys and refreshes them before they expire).
        private static readonly Lazy<InstanceProfileAWSCredentials> InstanceRole =
            new Lazy<InstanceProfileAWSCredentials>(() => new InstanceProfileAWSCredentials(), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        private sealed class CachedEntry
        {
            public CachedEntry(CredentialChoice choice, MfaSlot slot)
            {
                Choice = choice;
                Slot = slot;
            }

            public CredentialChoice Choice { get; }
            public MfaSlot Slot { get; }
        }

        /// <summary>The prompt the latest command supplied: a cached role asks through the command that needs the code.</summary>
        internal sealed class MfaSlot
        {
            public volatile Func<MfaCodeRequest, string?>? Provider;
        }

        /// <summary>Forgets cached profile credentials (tests).</summary>
        internal static void ClearCache() => Cache.Clear();

        // ---------------------------------------------------------------- entry points

        /// <summary>A named profile's credentials; null when the profile has none. Throws for a broken profile.</summary>
        public static CredentialChoice? FromProfile(string name, string label, SharedConfig config, ClientOptions options)
        {
            var slot = new MfaSlot { Provider = options.MfaCodeProvider };
            var material = new StringBuilder();
            var built = Build(name, config, slot, material, new HashSet<string>(StringComparer.Ordinal), label);
            if (built == null) return null;
            if (!(built.Credentials is RefreshingAWSCredentials)) return built;
            // Cached by the profile chain's whole definition (hashed: it holds keys), so an edited profile is read anew.
            // The label is part of the key so that the verbose line always says how this command found the profile.
            var key = "profile:" + name + ":" + label + ":" + Hash(material.ToString());
            var entry = Cache.GetOrAdd(key, _ => new CachedEntry(built, slot));
            entry.Slot.Provider = options.MfaCodeProvider;
            return entry.Choice;
        }

        /// <summary>The default chain after explicit credentials: environment keys, profile, web identity, container, IMDS.</summary>
        public static CredentialChoice FromDefaultChain(SharedConfig config, ClientOptions options, string credentialHelp)
        {
            var env = FromEnvironmentKeys();
            if (env != null) return env;

            var awsProfile = Env("AWS_PROFILE") ?? Env("AWS_DEFAULT_PROFILE");
            if (awsProfile != null)
            {
                var variable = Env("AWS_PROFILE") != null ? "AWS_PROFILE" : "AWS_DEFAULT_PROFILE";
                if (!config.HasProfile(awsProfile))
                    throw new IoTJobsConfigurationException("Credentials",
                        $"The profile '{awsProfile}' named by the {variable} environment variable was not found in the shared AWS config or " +
                        $"credentials file ({config.CredentialsPath}, {config.ConfigPath}). Check the name (profiles are case-sensitive), " +
                        $"create it with 'aws configure --profile {awsProfile}', or unset {variable}. " + credentialHelp);
                var chosen = FromProfile(awsProfile, $"profile '{awsProfile}' (from {variable})", config, options);
                if (chosen != null) return chosen;
            }
            else if (config.HasProfile("default"))
            {
                var chosen = FromProfile("default", "profile 'default'", config, options);
                if (chosen != null) return chosen;
            }

            var roleArn = Env("AWS_ROLE_ARN");
            var tokenFile = Env("AWS_WEB_IDENTITY_TOKEN_FILE");
            if (roleArn != null && tokenFile != null)
            {
                return Cached("web-identity\n" + roleArn + "\n" + tokenFile + "\n" + Env("AWS_ROLE_SESSION_NAME"), () =>
                {
                    var session = Env("AWS_ROLE_SESSION_NAME") ?? DefaultSessionName();
                    var creds = new AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, session);
                    return new CredentialChoice(creds,
                        $"web identity from the environment: role {roleArn} assumed with STS AssumeRoleWithWebIdentity (session '{session}', " +
                        $"token file {tokenFile}, from AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)");
                });
            }

            var container = FromContainer();
            if (container != null) return container;

            if (!string.Equals(Env("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
            {
                var imds = InstanceRole.Value;
                try
                {
                    // Asked now, so that "no credentials anywhere" is one clear error and not a failure of every request.
                    imds.GetCredentials();
                    return new CredentialChoice(imds, $"EC2 instance metadata (IMDSv2 instance role at {ImdsEndpoint()})");
                }
                catch (Exception ex)
                {
                    throw new IoTJobsConfigurationException("Credentials",
                        $"No AWS credentials were found (the last place looked, EC2 instance metadata at {ImdsEndpoint()}, answered: {ex.GetType().Name}: {ex.Message}). " + credentialHelp, ex);
                }
            }
            throw new IoTJobsConfigurationException("Credentials", "No AWS credentials were found. " + credentialHelp);
        }

        // ---------------------------------------------------------------- one profile

        private static CredentialChoice? Build(string name, SharedConfig config, MfaSlot slot, StringBuilder material, HashSet<string> visiting, string label)
        {
            var p = config.Profile(name);
            if (p == null) return null;
            if (!visiting.Add(name))
                throw Broken(name, $"its source_profile chain comes back to profile '{name}' (a cycle)");
            material.Append("[").Append(name).Append("]");
            foreach (var kv in p.OrderBy(kv => kv.Key, StringComparer.Ordinal)) material.Append(kv.Key).Append('=').Append(kv.Value).Append('\n');

            string? Get(string key) => p.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var roleArn = Get("role_arn");
            var sourceProfile = Get("source_profile");
            var credentialSource = Get("credential_source");
            var tokenFile = Get("web_identity_token_file");

            if (roleArn != null && (sourceProfile != null || credentialSource != null))
            {
                if (sourceProfile != null && credentialSource != null)
                    throw Broken(name, "it has both source_profile and credential_source; keep exactly one of them");
                CredentialChoice source;
                if (sourceProfile != null)
                {
                    var sp = config.Profile(sourceProfile);
                    if (sp == null)
                        throw Broken(name, $"its source_profile '{sourceProfile}' was not found in {config.CredentialsPath} or {config.ConfigPath}");
                    var keys = StaticKeys(sp);
                    if (keys != null)
                    {
                        material.Append("source-keys[").Append(sourceProfile).Append("]");
                        source = new CredentialChoice(keys, $"profile '{sourceProfile}' ({Describe(keys)})");
                    }
                    else if (sourceProfile == name)
                    {
                        throw Broken(name, "its source_profile is itself, but it has no aws_access_key_id and aws_secret_access_key to start from");
                    }
                    else
                    {
                        source = Build(sourceProfile, config, slot, material, visiting, $"profile '{sourceProfile}'")
                            ?? throw Broken(name, $"its source_profile '{sourceProfile}' has no credentials (keys, a role, SSO or a credential_process)");
                    }
                }
                else
                {
                    source = FromCredentialSource(name, credentialSource!, material);
                }
                return AssumeRole(name, label, p, roleArn, source, slot);
            }

            if (roleArn != null && tokenFile != null)
            {
                var session = Get("role_session_name") ?? DefaultSessionName();
                var options = new AssumeRoleWithWebIdentityCredentialsOptions { DurationSeconds = Duration(name, Get("duration_seconds")) };
                var creds = new AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, session, options);
                return new CredentialChoice(creds,
                    $"{label}: role {roleArn} assumed with STS AssumeRoleWithWebIdentity (session '{session}', token file {tokenFile})");
            }

            if (roleArn != null)
                throw Broken(name, "it has role_arn but none of source_profile, credential_source or web_identity_token_file to assume it with");

            if (Get("sso_session") != null || Get("sso_start_url") != null || Get("sso_account_id") != null)
                return Sso(name, label, p, config);

            var staticKeys = StaticKeys(p);
            if (staticKeys != null) return new CredentialChoice(staticKeys, $"{label} ({Describe(staticKeys)})");

            var process = Get("credential_process");
            if (process != null)
            {
                var accountId = Get("aws_account_id");
                var creds = accountId == null ? new ProcessAWSCredentials(process) : new ProcessAWSCredentials(process, accountId);
                // Only the program, never its arguments: a command line can carry a secret.
                return new CredentialChoice(creds, $"{label} (credential_process {ProgramOf(process)})",
                    refreshAdvice: $"check that the credential_process of profile '{name}' still works");
            }
            if (Get("aws_access_key_id") != null || Get("aws_secret_access_key") != null)
                throw Broken(name, Get("aws_access_key_id") == null
                    ? "it has aws_secret_access_key but no aws_access_key_id"
                    : "it has aws_access_key_id but no aws_secret_access_key");
            return null;
        }

        private static CredentialChoice AssumeRole(string name, string label, IReadOnlyDictionary<string, string> p, string roleArn, CredentialChoice source, MfaSlot slot)
        {
            string? Get(string key) => p.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var session = Get("role_session_name") ?? DefaultSessionName();
            var externalId = Get("external_id");
            var mfaSerial = Get("mfa_serial");
            var duration = Duration(name, Get("duration_seconds"));
            var options = new AssumeRoleAWSCredentialsOptions
            {
                ExternalId = externalId,
                DurationSeconds = duration,
                MfaSerialNumber = mfaSerial,
            };
            if (mfaSerial != null)
            {
                options.MfaTokenCodeCallback = () =>
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
                };
            }
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

        private static CredentialChoice FromCredentialSource(string name, string credentialSource, StringBuilder material)
        {
            switch (credentialSource.ToLowerInvariant())
            {
                case "environment":
                {
                    var env = FromEnvironmentKeys()
                        ?? throw Broken(name, "its credential_source is Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
                    var keys = env.Credentials.GetCredentials();
                    material.Append("env:").Append(keys.AccessKey).Append(keys.SecretKey).Append(keys.Token);
                    return new CredentialChoice(env.Credentials, "credential_source Environment (" + env.Description + ")");
                }
                case "ec2instancemetadata":
                    if (string.Equals(Env("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
                        throw Broken(name, "its credential_source is Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED=true turns instance metadata off");
                    material.Append("imds:").Append(ImdsEndpoint());
                    return new CredentialChoice(InstanceRole.Value,
                        $"credential_source Ec2InstanceMetadata (EC2 instance metadata, IMDSv2, at {ImdsEndpoint()})");
                case "ecscontainer":
                {
                    var container = FromContainer()
                        ?? throw Broken(name, "its credential_source is EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
                    material.Append("container:").Append(Env("AWS_CONTAINER_CREDENTIALS_FULL_URI")).Append(Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
                    return new CredentialChoice(container.Credentials, "credential_source EcsContainer (" + container.Description + ")");
                }
                default:
                    throw Broken(name, $"its credential_source '{credentialSource}' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
            }
        }

        // ---------------------------------------------------------------- SSO

        private static CredentialChoice Sso(string name, string label, IReadOnlyDictionary<string, string> p, SharedConfig config)
        {
            string? Get(IReadOnlyDictionary<string, string>? d, string key) =>
                d != null && d.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var sessionName = Get(p, "sso_session");
            string? startUrl, ssoRegion, scopes = null;
            if (sessionName != null)
            {
                var session = config.SsoSession(sessionName)
                    ?? throw Broken(name, $"its sso_session '{sessionName}' has no [sso-session {sessionName}] section in {config.ConfigPath}");
                startUrl = Get(session, "sso_start_url");
                ssoRegion = Get(session, "sso_region");
                scopes = Get(session, "sso_registration_scopes");
                // A profile may repeat the session's values; if it does they must agree (as botocore insists).
                foreach (var key in new[] { "sso_start_url", "sso_region" })
                {
                    var own = Get(p, key);
                    if (own != null && own != Get(session, key))
                        throw Broken(name, $"its {key} '{own}' differs from the {key} of [sso-session {sessionName}]");
                }
            }
            else
            {
                startUrl = Get(p, "sso_start_url");
                ssoRegion = Get(p, "sso_region");
            }
            var accountId = Get(p, "sso_account_id");
            var roleName = Get(p, "sso_role_name");
            var missing = new List<string>();
            if (startUrl == null) missing.Add("sso_start_url");
            if (ssoRegion == null) missing.Add("sso_region");
            if (accountId == null) missing.Add("sso_account_id");
            if (roleName == null) missing.Add("sso_role_name");
            if (missing.Count > 0)
                throw Broken(name, $"it is an IAM Identity Center (SSO) profile without {string.Join(", ", missing)}" +
                    (sessionName != null ? $" (in the profile or its [sso-session {sessionName}] section)" : ""));

            var login = $"aws sso login --profile {name}";
            var cacheFile = Path.Combine(SharedConfig.Home(), ".aws", "sso", "cache", Sha1Hex(sessionName ?? startUrl!) + ".json");
            CheckSsoToken(name, sessionName, cacheFile, login);

            var options = new SSOAWSCredentialsOptions
            {
                SessionName = sessionName,
                Scopes = scopes?.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList(),
                // Never start a browser sign-in from a cmdlet: an expired session is the user's 'aws sso login' to run.
                SupportsGettingNewToken = false,
            };
            var creds = new SSOAWSCredentials(accountId, ssoRegion, roleName, startUrl, options);
            var via = sessionName != null ? $"sso-session '{sessionName}'" : "legacy sso_start_url";
            return new CredentialChoice(creds,
                $"{label}: IAM Identity Center (SSO) role {roleName} in account {accountId} through {via} (start URL {startUrl}, " +
                $"region {ssoRegion}, token cache {cacheFile})",
                refreshAdvice: $"run '{login}' to sign in again");
        }

        /// <summary>A missing or expired token (that cannot be refreshed) is one clear error before any request is made.</summary>
        private static void CheckSsoToken(string profile, string? sessionName, string cacheFile, string login)
        {
            string text;
            try
            {
                text = File.ReadAllText(cacheFile);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new IoTJobsConfigurationException("Credentials",
                    $"The profile '{profile}' signs in with IAM Identity Center (SSO), but there is no SSO token for it in {cacheFile}. " +
                    $"Run '{login}' and try again.", ex);
            }
            DateTime? expires = null;
            bool refreshable = false;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                string? Str(string n) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (string.IsNullOrEmpty(Str("accessToken"))) throw new FormatException("no accessToken");
                if (DateTime.TryParse(Str("expiresAt"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var e)) expires = e;
                var registrationExpires = Str("registrationExpiresAt");
                refreshable = sessionName != null && !string.IsNullOrEmpty(Str("refreshToken")) && !string.IsNullOrEmpty(Str("clientId")) &&
                              !string.IsNullOrEmpty(Str("clientSecret")) &&
                              (!DateTime.TryParse(registrationExpires, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var r) || r > DateTime.UtcNow);
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException)
            {
                throw new IoTJobsConfigurationException("Credentials",
                    $"The SSO token cache {cacheFile} of profile '{profile}' is not a valid token file ({ex.Message}). Run '{login}' and try again.", ex);
            }
            if (expires == null)
                throw new IoTJobsConfigurationException("Credentials",
                    $"The SSO token in {cacheFile} of profile '{profile}' has no valid expiresAt. Run '{login}' and try again.");
            // Expired: the SSO-OIDC refresh token (sso-session form) renews it; without one, only a new sign-in does.
            if (expires.Value <= DateTime.UtcNow && !refreshable)
                throw new IoTJobsConfigurationException("Credentials",
                    $"The SSO session of profile '{profile}' expired at {expires.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC " +
                    $"(token cache {cacheFile}). Run '{login}' and try again.");
        }

        // ---------------------------------------------------------------- small sources

        private static CredentialChoice? FromEnvironmentKeys()
        {
            var access = Env("AWS_ACCESS_KEY_ID") ?? Env("AWS_ACCESS_KEY");
            var secret = Env("AWS_SECRET_ACCESS_KEY") ?? Env("AWS_SECRET_KEY");
            if (access == null || secret == null) return null;
            var token = Env("AWS_SESSION_TOKEN");
            return token == null
                ? new CredentialChoice(new BasicAWSCredentials(access, secret), "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                : new CredentialChoice(new SessionAWSCredentials(access, secret, token), "environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
        }

        /// <summary>A refreshing source from the environment, kept for the process while the variables stay the same.</summary>
        private static CredentialChoice Cached(string environmentKey, Func<CredentialChoice> make) =>
            Cache.GetOrAdd("environment:" + Hash(environmentKey), _ => new CachedEntry(make(), new MfaSlot())).Choice;

        private static CredentialChoice? FromContainer()
        {
            var full = Env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            var relative = Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            if (full == null && relative == null) return null;
            return Cached("container\n" + full + "\n" + relative + "\n" + Env("AWS_CONTAINER_AUTHORIZATION_TOKEN") + "\n" + Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
                () => MakeContainer(full, relative));
        }

        private static CredentialChoice MakeContainer(string? full, string? relative)
        {
            var where = relative != null ? $"http://169.254.170.2{relative} (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)" : $"{full} (AWS_CONTAINER_CREDENTIALS_FULL_URI)";
            var token = Env("AWS_CONTAINER_AUTHORIZATION_TOKEN") != null ? ", with AWS_CONTAINER_AUTHORIZATION_TOKEN"
                : Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") != null ? ", with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" : "";
            return new CredentialChoice(new GenericContainerCredentials(), $"container credentials from {where}{token}");
        }

        private static AWSCredentials? StaticKeys(IReadOnlyDictionary<string, string> p)
        {
            p.TryGetValue("aws_access_key_id", out var access);
            p.TryGetValue("aws_secret_access_key", out var secret);
            p.TryGetValue("aws_session_token", out var token);
            if (string.IsNullOrWhiteSpace(access) || string.IsNullOrWhiteSpace(secret)) return null;
            return string.IsNullOrWhiteSpace(token)
                ? new BasicAWSCredentials(access!.Trim(), secret!.Trim())
                : (AWSCredentials)new SessionAWSCredentials(access!.Trim(), secret!.Trim(), token!.Trim());
        }

        private static string Describe(AWSCredentials keys) => keys is SessionAWSCredentials ? "temporary keys with a session token" : "static keys";

        private static int? Duration(string profile, string? value)
        {
            if (value == null) return null;
            // STS takes 900 s up to the role's maximum session duration (at most 43200 s).
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 900 || seconds > 43200)
                throw Broken(profile, $"its duration_seconds '{value}' is not a whole number of seconds from 900 to 43200");
            return seconds;
        }

        private static string DefaultSessionName() =>
            "iotjobs-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        internal static string ImdsEndpoint() => Env("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? "http://169.254.169.254";

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

        private static IoTJobsConfigurationException Broken(string profile, string why) =>
            new IoTJobsConfigurationException("Credentials", $"The profile '{profile}' cannot be used: {why}.");

        internal static string Sha1Hex(string text)
        {
            using var sha = SHA1.Create();
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        private static string? Env(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(v) ? null : v!.Trim();
        }
    }
}
