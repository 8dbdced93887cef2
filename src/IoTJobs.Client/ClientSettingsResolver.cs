using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace IoTJobs.Client
{
    /// <summary>
    /// Resolves credentials, region, endpoint and max attempts from <see cref="ClientOptions"/>, the environment and
    /// the shared AWS files, and says where each came from. Never contacts instance metadata for the region.
    /// </summary>
    public static class ClientSettingsResolver
    {
        private const string CredentialHelp =
            "Provide credentials with -AccessKey and -SecretKey (plus -SessionToken for temporary credentials), " +
            "-ProfileName <name> for a profile in the shared AWS config/credentials files, -Credential <AWSCredentials object>, " +
            "or the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE / a [default] profile).";

        private const string RegionHelp =
            "Provide a region with -Region (e.g. -Region us-east-1), the AWS_REGION (or AWS_DEFAULT_REGION) environment variable, " +
            "or a 'region' entry in the profile of the shared AWS config file.";

        public static ResolvedSettings Resolve(ClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var credentials = ResolveCredentials(options);
            var (region, regionSource) = ResolveRegion(options);
            var (endpoint, endpointSource) = ResolveEndpoint(options, region);
            var (maxAttempts, maxAttemptsSource) = ResolveMaxAttempts(options);
            var (retryMode, retryModeSource) = RetryModes.Resolve(options.RetryMode, Env("AWS_RETRY_MODE"), options.DefaultRetryMode);
            if (options.RequestTimeout is TimeSpan t && t <= TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
                throw new IoTJobsConfigurationException("RequestTimeout",
                    $"The request timeout '{t}' is not valid: it must be a positive duration (for example 00:00:30).");
            return new ResolvedSettings(credentials.Credentials, credentials.Description, region, regionSource, endpoint, endpointSource, maxAttempts, maxAttemptsSource, retryMode, retryModeSource)
            {
                NeedsMfaCode = credentials.NeedsMfaCode,
                CredentialRefreshAdvice = credentials.RefreshAdvice,
            };
        }

        private static string? Env(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(v) ? null : v!.Trim();
        }

        private static CredentialChoice ResolveCredentials(ClientOptions o)
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
                return CredentialSources.FromProfile(name, $"profile '{name}'", config, o)
                    ?? throw new IoTJobsConfigurationException("Credentials",
                        $"The profile '{name}' has no usable credentials (it needs aws_access_key_id and aws_secret_access_key, a role, SSO or a credential_process). " + CredentialHelp);
            }
            return CredentialSources.FromDefaultChain(config, o, CredentialHelp);
        }

        /// <summary>
        /// Fetches credentials that need the user (an MFA code) now, on the caller's thread, so the prompt happens where a
        /// host can show it and before any request is sent; a refusal (no host to ask, a wrong code, a denied role) is one
        /// configuration error naming the profile. Credentials that need nothing from the user are left to the first request.
        /// </summary>
        /// <exception cref="IoTJobsConfigurationException">The credentials could not be obtained.</exception>
        public static void PrepareCredentials(ResolvedSettings settings)
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
                    $"The credentials from {settings.CredentialSource} could not be obtained: {ex.GetType().Name}: {Internal.Redactor.Redact(ex.Message, Array.Empty<string>())}", ex);
            }
        }

        // One stable number per foreign credentials object for as long as it lives (hash codes can collide; these cannot).
        private static readonly ConditionalWeakTable<object, object> ObjectIds = new ConditionalWeakTable<object, object>();
        private static long _lastObjectId;

        /// <summary>
        /// Identifies the resolved credentials without holding a secret, so callers can share one client per identity: a
        /// hash of the key material for fixed keys, else the credentials object itself (its keys change as it refreshes).
        /// </summary>
        public static string CredentialIdentity(ResolvedSettings settings)
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
            var config = Env("AWS_CONFIG_FILE") ?? "~/.aws/config";
            var credentials = Env("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials";
            return $"{credentials}, {config}";
        }

        private static (string, string) ResolveRegion(ClientOptions o)
        {
            if (!string.IsNullOrWhiteSpace(o.Region)) return (ValidateRegion(o.Region!.Trim(), "-Region"), "parameter");
            var env = Env("AWS_REGION");
            if (env != null) return (ValidateRegion(env, "the AWS_REGION environment variable"), "environment variable AWS_REGION");
            env = Env("AWS_DEFAULT_REGION");
            if (env != null) return (ValidateRegion(env, "the AWS_DEFAULT_REGION environment variable"), "environment variable AWS_DEFAULT_REGION");

            // The profile's region: the named profile, else AWS_PROFILE, else [default]. Files only, never instance metadata.
            var profileName = !string.IsNullOrWhiteSpace(o.ProfileName) ? o.ProfileName!.Trim() : Env("AWS_PROFILE") ?? "default";
            try
            {
                var chain = new CredentialProfileStoreChain();
                if (chain.TryGetProfile(profileName, out var profile) && profile?.Region != null)
                    return (ValidateRegion(profile.Region.SystemName, $"the 'region' entry of profile '{profileName}'"), $"profile '{profileName}'");
            }
            catch (IoTJobsConfigurationException) { throw; }
            catch (Exception)
            {
                // An unreadable config file means "no region from the profile"; the error below says how to supply one.
            }
            throw new IoTJobsConfigurationException("Region", "No AWS region was found. " + RegionHelp);
        }

        private static string ValidateRegion(string region, string from)
        {
            if (!IoTJobs.Aws.Regions.IsValid(region))
                throw new IoTJobsConfigurationException("Region",
                    $"The region '{region}' from {from} is not {IoTJobs.Aws.Regions.Rule}. " + RegionHelp);
            return region;
        }

        private static (Uri, string) ResolveEndpoint(ClientOptions o, string region)
        {
            // Settings of the profile in force: -ProfileName's, else AWS_PROFILE's, else [default]'s (as for the region).
            var profileName = !string.IsNullOrWhiteSpace(o.ProfileName) ? o.ProfileName!.Trim() : Env("AWS_PROFILE") ?? "default";
            var config = SharedConfig.Load();
            var profile = config.Profile(profileName);
            string? P(string key) => profile != null && profile.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var (useFips, fipsFrom) = Flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", P("use_fips_endpoint"), profileName);
            var (useDualStack, dualStackFrom) = Flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", P("use_dualstack_endpoint"), profileName);

            var (configured, configuredFrom) = ConfiguredEndpoint(o, config, profileName, P);
            if (configured != null)
            {
                // botocore sends a configured endpoint as it is (UseFIPS / UseDualStack are not applied to it).
                if (useFips || useDualStack)
                    configuredFrom += $"; {(useFips ? "FIPS" : "")}{(useFips && useDualStack ? " and " : "")}{(useDualStack ? "dual-stack" : "")} " +
                                      "not applied to a configured endpoint, as in botocore";
                return (configured, configuredFrom);
            }
            var endpoint = IotEndpointRules.Resolve(region, useFips, useDualStack);
            var from = "default for region";
            if (useFips) from += ", FIPS from " + fipsFrom;
            if (useDualStack) from += ", dual-stack from " + dualStackFrom;
            return (endpoint, from);
        }

        private static (Uri?, string) ConfiguredEndpoint(ClientOptions o, SharedConfig config, string profileName, Func<string, string?> profileValue)
        {
            if (!string.IsNullOrWhiteSpace(o.EndpointUrl)) return (ValidateEndpoint(o.EndpointUrl!.Trim(), "-EndpointUrl"), "parameter");
            // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's ignore_configured_endpoint_urls) turns off every
            // configured endpoint but the parameter, as in the AWS SDKs.
            var (ignore, _) = Flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls", profileValue("ignore_configured_endpoint_urls"), profileName);
            if (ignore) return (null, "");
            var env = Env("AWS_ENDPOINT_URL_IOT");
            if (env != null) return (ValidateEndpoint(env, "the AWS_ENDPOINT_URL_IOT environment variable"), "environment variable AWS_ENDPOINT_URL_IOT");
            env = Env("AWS_ENDPOINT_URL");
            if (env != null) return (ValidateEndpoint(env, "the AWS_ENDPOINT_URL environment variable"), "environment variable AWS_ENDPOINT_URL");
            var services = profileValue("services");
            if (services != null)
            {
                if (!config.HasServicesSection(services))
                    throw new IoTJobsConfigurationException("EndpointUrl",
                        $"The profile '{profileName}' names the services section '{services}', but {config.ConfigPath} has no [services {services}] section. " +
                        "Add it (for example '[services " + services + "]' then 'iot =' and an indented 'endpoint_url = https://...'), or remove the profile's services entry.");
                var iot = config.ServiceSettings(services, "iot");
                if (iot != null && iot.TryGetValue("endpoint_url", out var url) && !string.IsNullOrWhiteSpace(url))
                    return (ValidateEndpoint(url.Trim(), $"the iot endpoint_url of [services {services}]"), $"profile '{profileName}' services section '{services}' (iot endpoint_url)");
            }
            var global = profileValue("endpoint_url");
            if (global != null) return (ValidateEndpoint(global, $"the endpoint_url of profile '{profileName}'"), $"profile '{profileName}' endpoint_url");
            return (null, "");
        }

        /// <summary>A true/false setting: the environment variable wins over the profile's entry.</summary>
        private static (bool, string) Flag(string variable, string profileKey, string? profileValue, string profileName)
        {
            var env = Env(variable);
            if (env != null) return (ParseFlag(env, $"The {variable} environment variable"), "environment variable " + variable);
            if (profileValue != null) return (ParseFlag(profileValue, $"The {profileKey} entry of profile '{profileName}'"), $"profile '{profileName}' {profileKey}");
            return (false, "default");
        }

        private static bool ParseFlag(string value, string what)
        {
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            throw new IoTJobsConfigurationException("EndpointUrl", $"{what} is '{value}', which is not valid: use true or false.");
        }

        private static Uri ValidateEndpoint(string url, string from)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
                (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
                string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) ||
                !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new IoTJobsConfigurationException("EndpointUrl",
                    $"The endpoint URL '{url}' from {from} is not valid. It must be an absolute http:// or https:// URL with a host " +
                    "and no query, fragment or user info, for example https://iot.us-east-1.amazonaws.com or http://127.0.0.1:5000.");
            }
            // Keep a trailing slash so relative request paths compose under any base path.
            var text = uri.GetLeftPart(UriPartial.Path);
            if (!text.EndsWith("/", StringComparison.Ordinal)) text += "/";
            return new Uri(text);
        }

        private static (int, string) ResolveMaxAttempts(ClientOptions o)
        {
            if (o.MaxAttempts is int n)
            {
                if (n < 1)
                    throw new IoTJobsConfigurationException("MaxAttempts",
                        $"The max attempts value '{n}' is not valid: it must be a whole number of at least 1 (1 means no retries).");
                return (n, "parameter");
            }
            if (o.RetryStrategy != null) return (o.RetryStrategy.MaxAttempts, "retry strategy");
            var env = Env("AWS_MAX_ATTEMPTS");
            if (env != null)
            {
                if (!int.TryParse(env, NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e < 1)
                    throw new IoTJobsConfigurationException("MaxAttempts",
                        $"The AWS_MAX_ATTEMPTS environment variable is '{env}', which is not valid: it must be a whole number of at least 1 " +
                        "(1 means no retries). Fix or unset it.");
                return (e, "environment variable AWS_MAX_ATTEMPTS");
            }
            return (StandardRetryStrategy.DefaultMaxAttempts, "default");
        }
    }
}
