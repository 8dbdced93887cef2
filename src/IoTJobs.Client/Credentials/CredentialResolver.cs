using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using IoTJobs.Client.Configuration;
using IoTJobs.Client.Http;

namespace IoTJobs.Client.Credentials
{
    /// <summary>The credentials of <see cref="ClientOptions"/>: explicit ones, else a named profile, else the default chain.</summary>
    internal static class CredentialResolver
    {
        internal const string CredentialHelp =
            "Provide credentials with -AccessKey and -SecretKey (plus -SessionToken for temporary credentials), " +
            "-ProfileName <name> for a profile in the shared AWS config/credentials files, -Credential <AWSCredentials object>, " +
            "or the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE / a [default] profile).";

        // One stable number per foreign credentials object for as long as it lives (hash codes can collide; these cannot).
        private static readonly ConditionalWeakTable<object, object> ObjectIds = new ConditionalWeakTable<object, object>();
        private static long _lastObjectId;

        public static CredentialChoice Resolve(ClientOptions o)
        {
            if (o.Credentials != null)
                return new CredentialChoice(o.Credentials, $"explicit credentials object ({o.Credentials.GetType().Name})");
            if (o.ExternalCredentials != null)
            {
                var adapted = ExternalCredentials.Adapt(o.ExternalCredentials, out var description);
                return new CredentialChoice(adapted, description);
            }

            bool hasAccess = !string.IsNullOrEmpty(o.AccessKey), hasSecret = !string.IsNullOrEmpty(o.SecretKey);
            if (hasAccess || hasSecret)
            {
                if (!hasAccess)
                    throw new IoTJobsConfigurationException("Credentials",
                        "A secret key was given without an access key. Provide both -AccessKey and -SecretKey, or neither. " + CredentialHelp);
                if (!hasSecret)
                    throw new IoTJobsConfigurationException("Credentials",
                        $"The access key '{o.AccessKey}' was given without a secret key. Provide both -AccessKey and -SecretKey, or neither. " + CredentialHelp);
                if (!string.IsNullOrEmpty(o.SessionToken))
                    return new CredentialChoice(new SessionAWSCredentials(o.AccessKey, o.SecretKey, o.SessionToken), "explicit access key with session token");
                return new CredentialChoice(new BasicAWSCredentials(o.AccessKey, o.SecretKey), "explicit access key");
            }
            if (!string.IsNullOrEmpty(o.SessionToken))
                throw new IoTJobsConfigurationException("Credentials",
                    "A session token was given without -AccessKey and -SecretKey; a session token is only valid together with them. " + CredentialHelp);

            var config = SharedConfig.Load();
            if (!string.IsNullOrWhiteSpace(o.ProfileName))
            {
                var name = o.ProfileName!.Trim();
                if (!config.HasProfile(name))
                    throw new IoTJobsConfigurationException("Credentials",
                        $"The profile '{name}' was not found in the shared AWS config or credentials file ({DescribeFiles()}). " +
                        "Check the name (profiles are case-sensitive) or create it with 'aws configure --profile " + name + "'. " + CredentialHelp);
                return ProfileCredentials.FromProfile(name, $"profile '{name}'", config, o)
                    ?? throw new IoTJobsConfigurationException("Credentials",
                        $"The profile '{name}' has no usable credentials (it needs aws_access_key_id and aws_secret_access_key, a role, SSO or a credential_process). " + CredentialHelp);
            }
            return DefaultCredentialChain.Resolve(config, o, CredentialHelp);
        }

        /// <summary>Asks for credentials that need an MFA code now; credentials that need nothing from the user are left to the first request.</summary>
        public static void Prepare(ResolvedSettings settings)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            if (!settings.NeedsMfaCode) return;
            try
            {
                settings.Credentials.GetCredentials();
            }
            catch (Exception ex)
            {
                for (var e = ex; e != null; e = e.InnerException)
                {
                    if (e is MfaCodeUnavailableException mfa) throw new IoTJobsConfigurationException("Credentials", mfa.Message, mfa);
                }
                throw new IoTJobsConfigurationException("Credentials",
                    $"The credentials from {settings.CredentialSource} could not be obtained: {ex.GetType().Name}: {Redactor.Redact(ex.Message, Array.Empty<string>())}", ex);
            }
        }

        /// <summary>A hash of the key material for fixed keys, else the identity of the credentials object itself.</summary>
        public static string Identity(ResolvedSettings settings)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            var creds = settings.Credentials;
            if (creds is BasicAWSCredentials || creds is SessionAWSCredentials)
            {
                var immutable = creds.GetCredentials();
                using var sha = SHA256.Create();
                var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(immutable.AccessKey + "\n" + immutable.SecretKey + "\n" + immutable.Token));
                return "keys:" + Convert.ToBase64String(digest);
            }
            object source = creds is ReflectedAWSCredentials reflected ? reflected.Source : creds;
            var id = ObjectIds.GetValue(source, _ => System.Threading.Interlocked.Increment(ref _lastObjectId));
            return "object:" + id + ":" + source.GetType().FullName;
        }

        private static string DescribeFiles()
        {
            var config = EnvironmentVariables.Get("AWS_CONFIG_FILE") ?? "~/.aws/config";
            var credentials = EnvironmentVariables.Get("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials";
            return $"{credentials}, {config}";
        }
    }
}
