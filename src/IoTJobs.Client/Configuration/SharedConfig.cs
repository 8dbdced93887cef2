namespace IoTJobs.Client.Configuration
{
    /// <summary>
    /// The shared AWS config and credentials files as the AWS CLI reads them: profiles merged from both (the credentials
    /// file wins), [sso-session] and [services] sections, indented sub-keys (`iot =` then `  endpoint_url = ...`). Read
    /// afresh for every command, so an edit mid-session is seen. Values are never logged (keys are secrets).
    /// </summary>
    public sealed class SharedConfig
    {
        private readonly Dictionary<string, Section> _config = new Dictionary<string, Section>(StringComparer.Ordinal);
        private readonly Dictionary<string, Section> _credentials = new Dictionary<string, Section>(StringComparer.Ordinal);

        private SharedConfig(string configPath, string credentialsPath)
        {
            ConfigPath = configPath;
            CredentialsPath = credentialsPath;
        }

        /// <summary>AWS_CONFIG_FILE, else ~/.aws/config.</summary>
        public string ConfigPath { get; }
        /// <summary>AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.</summary>
        public string CredentialsPath { get; }

        /// <summary>Reads both files (a missing or unreadable file is empty).</summary>
        public static SharedConfig Load()
        {
            var config = EnvironmentVariables.Path("AWS_CONFIG_FILE") ?? Path.Combine(EnvironmentVariables.Home(), ".aws", "config");
            var credentials = EnvironmentVariables.Path("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(EnvironmentVariables.Home(), ".aws", "credentials");
            var shared = new SharedConfig(config, credentials);
            foreach (var s in Parse(ReadAll(config)))
            {
                // [default] and [profile default] both name the default profile; [profile x] names x; other kinds keep
                // their kind prefix ("sso-session x", "services x"). A bare [x] in the config file is not a profile.
                string key;
                if (s.Header == "default") key = "profile default";
                else if (s.Header.StartsWith("profile ", StringComparison.Ordinal)) key = "profile " + s.Header.Substring(8).Trim();
                else key = s.Header;
                Merge(shared._config, key, s);
            }
            foreach (var s in Parse(ReadAll(credentials))) Merge(shared._credentials, s.Header, s);
            return shared;
        }

        /// <summary>True when either file has a section for this profile.</summary>
        public bool HasProfile(string name) => _config.ContainsKey("profile " + name) || _credentials.ContainsKey(name);

        /// <summary>A profile's values from both files (credentials file first), or null when neither has it.</summary>
        public IReadOnlyDictionary<string, string>? Profile(string name)
        {
            _config.TryGetValue("profile " + name, out var fromConfig);
            _credentials.TryGetValue(name, out var fromCredentials);
            if (fromConfig == null && fromCredentials == null) return null;
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            if (fromConfig != null) foreach (var kv in fromConfig.Values) merged[kv.Key] = kv.Value;
            if (fromCredentials != null) foreach (var kv in fromCredentials.Values) merged[kv.Key] = kv.Value;
            return merged;
        }

        /// <summary>An [sso-session name] section of the config file, or null.</summary>
        public IReadOnlyDictionary<string, string>? SsoSession(string name) =>
            _config.TryGetValue("sso-session " + name, out var s) ? s.Values : null;

        /// <summary>The sub-keys of one service in a [services name] section (e.g. "iot" -> endpoint_url), or null.</summary>
        public IReadOnlyDictionary<string, string>? ServiceSettings(string sectionName, string service)
        {
            if (!_config.TryGetValue("services " + sectionName, out var s)) return null;
            return s.SubValues.TryGetValue(service, out var sub) ? sub : null;
        }

        /// <summary>True when the config file has a [services name] section.</summary>
        public bool HasServicesSection(string sectionName) => _config.ContainsKey("services " + sectionName);

        private static string ReadAll(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : "";
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return "";
            }
        }

        private static void Merge(Dictionary<string, Section> into, string key, Section s)
        {
            if (!into.TryGetValue(key, out var existing))
            {
                into[key] = s;
                return;
            }
            // A section repeated later in a file adds to (and overrides) the earlier one, as botocore's parser does.
            foreach (var kv in s.Values) existing.Values[kv.Key] = kv.Value;
            foreach (var kv in s.SubValues) existing.SubValues[kv.Key] = kv.Value;
        }

        private sealed class Section
        {
            public Section(string header) => Header = header;
            public string Header { get; }
            public Dictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
            public Dictionary<string, Dictionary<string, string>> SubValues { get; } =
                new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        }

        private static List<Section> Parse(string text)
        {
            var sections = new List<Section>();
            Section? current = null;
            string? parentKey = null;
            foreach (var rawLine in text.Split('\n'))
            {
                var line = rawLine.TrimEnd('\r');
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#' || trimmed[0] == ';') continue;
                if (trimmed[0] == '[')
                {
                    int close = trimmed.IndexOf(']');
                    if (close < 0) { current = null; continue; }
                    var header = trimmed.Substring(1, close - 1).Trim();
                    // Collapse inner runs of spaces: "[profile   x]" is profile x.
                    while (header.Contains("  ")) header = header.Replace("  ", " ");
                    current = new Section(header);
                    sections.Add(current);
                    parentKey = null;
                    continue;
                }
                if (current == null) continue;
                bool indented = char.IsWhiteSpace(line[0]);
                int eq = trimmed.IndexOf('=');
                if (eq <= 0) continue;
                var key = trimmed.Substring(0, eq).Trim();
                // No inline comments, as botocore's parser: a '#' or ';' after the '=' is part of the value.
                var value = trimmed.Substring(eq + 1).Trim();
                if (indented && parentKey != null)
                {
                    if (!current.SubValues.TryGetValue(parentKey, out var sub))
                        current.SubValues[parentKey] = sub = new Dictionary<string, string>(StringComparer.Ordinal);
                    sub[key] = value;
                    continue;
                }
                current.Values[key] = value;
                parentKey = value.Length == 0 ? key : null;
            }
            return sections;
        }
    }
}
