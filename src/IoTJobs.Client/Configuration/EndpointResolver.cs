namespace IoTJobs.Client.Configuration
{
    /// <summary>
    /// Where requests go. A configured endpoint in the AWS SDKs' order: the parameter (IoT only), AWS_ENDPOINT_URL_&lt;SERVICE&gt;,
    /// AWS_ENDPOINT_URL, the profile's services section, the profile's endpoint_url (all but the parameter turned off by
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS); else <see cref="IotEndpointRules"/> and <see cref="StsEndpointRules"/>.
    /// </summary>
    internal static class EndpointResolver
    {
        /// <summary>The IoT and STS endpoints, each with where it came from.</summary>
        internal sealed class Endpoints(Uri iot, string iotSource, Uri sts, string stsSource)
        {
            public Uri Iot { get; } = iot;
            public string IotSource { get; } = iotSource;
            public Uri Sts { get; } = sts;
            public string StsSource { get; } = stsSource;
        }

        public static Endpoints Resolve(ClientOptions o, string region)
        {
            // Settings of the profile in force: -ProfileName's, else AWS_PROFILE's, else [default]'s (as for the region).
            var profileName = ClientSettingsResolver.ProfileInForce(o);
            var config = SharedConfig.Load();
            var profile = config.Profile(profileName);
            string? P(string key) => profile != null && profile.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var (useFips, fipsFrom) = Flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", P("use_fips_endpoint"), profileName);
            var (useDualStack, dualStackFrom) = Flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", P("use_dualstack_endpoint"), profileName);
            bool? ignore = null;
            bool IgnoreConfigured() => ignore ??= Flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls",
                P("ignore_configured_endpoint_urls"), profileName).Item1;

            Uri iot;
            string iotSource;
            Uri? ownIot = null;
            var (configured, configuredFrom, own) = !string.IsNullOrWhiteSpace(o.EndpointUrl)
                ? (ValidateEndpoint(o.EndpointUrl!.Trim(), "-EndpointUrl"), "parameter", true)
                : IgnoreConfigured() ? NotConfigured : Configured("iot", config, profileName, P);
            if (configured != null)
            {
                iot = configured;
                if (own) ownIot = configured;
                // botocore sends a configured endpoint as it is (UseFIPS / UseDualStack are not applied to it).
                iotSource = configuredFrom;
                if (useFips || useDualStack)
                    iotSource += $"; {(useFips ? "FIPS" : "")}{(useFips && useDualStack ? " and " : "")}{(useDualStack ? "dual-stack" : "")} " +
                                 "not applied to a configured endpoint, as in botocore";
            }
            else
            {
                iot = IotEndpointRules.Resolve(region, useFips, useDualStack);
                iotSource = "default for region";
                if (useFips) iotSource += ", FIPS from " + fipsFrom;
                if (useDualStack) iotSource += ", dual-stack from " + dualStackFrom;
            }

            var (sts, stsSource, _) = IgnoreConfigured() ? NotConfigured : Configured("sts", config, profileName, P);
            if (sts == null) (sts, stsSource) = StsEndpointRules.Fallback(region, ownIot, configuredFrom);
            return new Endpoints(iot, iotSource, sts, stsSource);
        }

        private static readonly (Uri?, string, bool) NotConfigured = (null, "", false);

        /// <summary>
        /// A service's configured endpoint after the parameter: its own variable (the flag says so), the global one, the
        /// profile's services section, the profile's endpoint_url.
        /// </summary>
        private static (Uri?, string, bool) Configured(string service, SharedConfig config, string profileName, Func<string, string?> profileValue)
        {
            var variable = "AWS_ENDPOINT_URL_" + service.ToUpperInvariant();
            var env = EnvironmentVariables.Get(variable);
            if (env != null) return (ValidateEndpoint(env, $"the {variable} environment variable"), "environment variable " + variable, true);
            env = EnvironmentVariables.Get("AWS_ENDPOINT_URL");
            if (env != null) return (ValidateEndpoint(env, "the AWS_ENDPOINT_URL environment variable"), "environment variable AWS_ENDPOINT_URL", false);
            var services = profileValue("services");
            if (services != null)
            {
                if (!config.HasServicesSection(services))
                    throw new IoTJobsConfigurationException("EndpointUrl",
                        $"The profile '{profileName}' names the services section '{services}', but {config.ConfigPath} has no [services {services}] section. " +
                        "Add it (for example '[services " + services + "]' then 'iot =' and an indented 'endpoint_url = https://...'), or remove the profile's services entry.");
                var settings = config.ServiceSettings(services, service);
                if (settings != null && settings.TryGetValue("endpoint_url", out var url) && !string.IsNullOrWhiteSpace(url))
                    return (ValidateEndpoint(url.Trim(), $"the {service} endpoint_url of [services {services}]"),
                        $"profile '{profileName}' services section '{services}' ({service} endpoint_url)", false);
            }
            var global = profileValue("endpoint_url");
            if (global != null) return (ValidateEndpoint(global, $"the endpoint_url of profile '{profileName}'"), $"profile '{profileName}' endpoint_url", false);
            return NotConfigured;
        }

        /// <summary>A true/false setting: the environment variable wins over the profile's entry.</summary>
        private static (bool, string) Flag(string variable, string profileKey, string? profileValue, string profileName)
        {
            var env = EnvironmentVariables.Get(variable);
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
    }
}
