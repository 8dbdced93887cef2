using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using IoTJobs.Client.Configuration;
using static IoTJobs.Client.Credentials.ProfileCredentials;

namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// IAM Identity Center (SSO) profiles, sso-session and legacy forms: the token cache file the AWS CLI writes is
    /// checked first, so a missing or expired sign-in is one clear error before any request; AWSSDK.SSO does the rest.
    /// </summary>
    internal static class SsoProfiles
    {
        public static CredentialChoice Build(string name, string label, IReadOnlyDictionary<string, string> p, SharedConfig config)
        {
            var sessionName = Value(p, "sso_session");
            string? startUrl, ssoRegion, scopes = null;
            if (sessionName != null)
            {
                var session = config.SsoSession(sessionName)
                    ?? throw Broken(name, $"its sso_session '{sessionName}' has no [sso-session {sessionName}] section in {config.ConfigPath}");
                startUrl = Value(session, "sso_start_url");
                ssoRegion = Value(session, "sso_region");
                scopes = Value(session, "sso_registration_scopes");
                // A profile may repeat the session's values; if it does they must agree (as botocore insists).
                foreach (var key in new[] { "sso_start_url", "sso_region" })
                {
                    var own = Value(p, key);
                    if (own != null && own != Value(session, key))
                        throw Broken(name, $"its {key} '{own}' differs from the {key} of [sso-session {sessionName}]");
                }
            }
            else
            {
                startUrl = Value(p, "sso_start_url");
                ssoRegion = Value(p, "sso_region");
            }
            var accountId = Value(p, "sso_account_id");
            var roleName = Value(p, "sso_role_name");
            var missing = new List<string>();
            if (startUrl == null) missing.Add("sso_start_url");
            if (ssoRegion == null) missing.Add("sso_region");
            if (accountId == null) missing.Add("sso_account_id");
            if (roleName == null) missing.Add("sso_role_name");
            if (missing.Count > 0)
                throw Broken(name, $"it is an IAM Identity Center (SSO) profile without {string.Join(", ", missing)}" +
                    (sessionName != null ? $" (in the profile or its [sso-session {sessionName}] section)" : ""));

            var login = $"aws sso login --profile {name}";
            var cacheFile = Path.Combine(EnvironmentVariables.Home(), ".aws", "sso", "cache", Sha1Hex(sessionName ?? startUrl!) + ".json");
            CheckToken(name, sessionName, cacheFile, login);

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
        private static void CheckToken(string profile, string? sessionName, string cacheFile, string login)
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

        /// <summary>The AWS CLI's token cache file name: the SHA-1 of the session name, or of the start URL for legacy profiles.</summary>
        internal static string Sha1Hex(string text)
        {
            using var sha = SHA1.Create();
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
