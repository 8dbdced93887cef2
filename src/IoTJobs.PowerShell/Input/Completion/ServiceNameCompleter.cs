using System.Collections.Concurrent;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace IoTJobs.PowerShell.Input.Completion
{
    /// <summary>
    /// Tab completion of names the service knows (job ids, thing names). Uses the endpoint, region and credentials the
    /// command line already names (-EndpointUrl, -Region, -ProfileName, -AccessKey/-SecretKey/-SessionToken,
    /// -Credential), else the session's $PSDefaultParameterValues, else the environment and profiles, exactly as the
    /// cmdlet would. One list request (a few pages at most) within a short timeout; names are cached for a minute per
    /// set of inputs (command-line settings, defaults, the AWS_* environment) and filtered by the typed prefix locally (the
    /// list APIs have no prefix filter). Any failure - no region, no credentials, an unreachable endpoint, access denied,
    /// a credential source that hangs - completes nothing and writes nothing, and the prompt waits at most
    /// <see cref="Timeout"/>: completion must never disturb the prompt.
    /// </summary>
    /// <param name="kind">"jobs" or "things": part of the cache key.</param>
    /// <param name="listNames">Lists the names (lazily paged by the client).</param>
    public abstract class ServiceNameCompleter(string kind, Func<IIoTJobsClient, CancellationToken, IAsyncEnumerable<string>> listNames) : IArgumentCompleter
    {
        /// <summary>How long one completion may wait for the service, credential resolution included.</summary>
        internal static TimeSpan Timeout = TimeSpan.FromSeconds(2);
        /// <summary>How long listed names are reused for the same inputs.</summary>
        internal static TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);
        /// <summary>After a failure, completion stays silent this long without trying again, so each Tab does not wait anew.</summary>
        internal static TimeSpan FailureLifetime = TimeSpan.FromSeconds(10);
        /// <summary>At most this many names are listed (four pages of <see cref="ListPageSize"/>).</summary>
        internal const int MaxNames = 1000;
        /// <summary>Names per list request: the lists' largest page.</summary>
        protected const int ListPageSize = 250;

        private static readonly ConcurrentDictionary<string, CacheEntry> Cache = new ConcurrentDictionary<string, CacheEntry>(StringComparer.Ordinal);
        // A lookup that outlived its timeout keeps running in the background (bounded by its own token); while it does,
        // another Tab with the same inputs starts nothing new.
        private static readonly ConcurrentDictionary<string, Task<string[]>> Running = new ConcurrentDictionary<string, Task<string[]>>(StringComparer.Ordinal);

        private static readonly string[] SettingNames = { "EndpointUrl", "Region", "ProfileName", "AccessKey", "SecretKey", "SessionToken", "Credential" };

        // The environment variables that change what the resolver finds; part of the cache key (hashed, never kept as text).
        private static readonly string[] EnvironmentInputs =
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IOT", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
        };

        /// <summary>The names of listed items, leaving out items without one.</summary>
        protected static async IAsyncEnumerable<string> NamesOf<T>(IAsyncEnumerable<T> items, Func<T, string?> name)
        {
            await foreach (var item in items.ConfigureAwait(false))
            {
                if (name(item) is string n) yield return n;
            }
        }

        /// <summary>Forgets every cached list (tests).</summary>
        internal static void ClearCache() => Cache.Clear();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var quote = QuoteOf(wordToComplete);
                var prefix = wordToComplete?.Trim('\'', '"') ?? "";
                var names = Names(commandName, fakeBoundParameters);
                return names
                    .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(n => new CompletionResult(quote + n + quote, n, CompletionResultType.ParameterValue, n))
                    .ToList();
            }
            catch
            {
                // Silent on any failure (see the class summary).
                return Array.Empty<CompletionResult>();
            }
        }

        private string[] Names(string commandName, IDictionary? fakeBoundParameters)
        {
            // Read on the pipeline thread (session variables are not safe to read elsewhere); everything after may run on
            // a worker, so that resolving credentials and listing are both bounded by the timeout.
            var options = Options(commandName, fakeBoundParameters);
            options.MaxAttempts = 1;
            options.RequestTimeout = Timeout;
            var key = kind + "|" + Fingerprint(options);
            var now = DateTime.UtcNow;
            if (Cache.TryGetValue(key, out var cached) && cached.Expires > now) return cached.Names;
            if (Running.TryGetValue(key, out var stillRunning) && !stillRunning.IsCompleted) return Array.Empty<string>();

            var cts = new CancellationTokenSource(Timeout);
            var task = Task.Run(() => Fetch(options, cts.Token));
            Running[key] = task;
            _ = task.ContinueWith(t =>
            {
                cts.Dispose();
                ((ICollection<KeyValuePair<string, Task<string[]>>>)Running).Remove(new KeyValuePair<string, Task<string[]>>(key, task));
                // Cache what a late answer brought, or the failure, for the next Tab.
                Cache[key] = t.Status == TaskStatus.RanToCompletion
                    ? new CacheEntry(t.Result, DateTime.UtcNow + CacheLifetime)
                    : new CacheEntry(Array.Empty<string>(), DateTime.UtcNow + FailureLifetime);
            }, TaskScheduler.Default);

            bool finished;
            try { finished = task.Wait(Timeout); }
            catch (AggregateException) { finished = true; }
            if (finished && task.Status == TaskStatus.RanToCompletion)
            {
                Cache[key] = new CacheEntry(task.Result, DateTime.UtcNow + CacheLifetime);
                return task.Result;
            }
            Cache[key] = new CacheEntry(Array.Empty<string>(), DateTime.UtcNow + FailureLifetime);
            return Array.Empty<string>();
        }

        private async Task<string[]> Fetch(ClientOptions options, CancellationToken cancellationToken)
        {
            var settings = ClientSettingsResolver.Resolve(options);
            using var client = new IoTJobsClient(settings, options);
            var list = new List<string>();
            await foreach (var name in listNames(client, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(name)) list.Add(name);
                if (list.Count >= MaxNames) break;
            }
            return list.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        }

        // Identifies the inputs of one completion without holding a secret: a hash of the settings and environment, and
        // for a -Credential object its identity (a refreshing object keeps its identity as its keys change).
        private static readonly ConditionalWeakTable<object, object> CredentialIds = new ConditionalWeakTable<object, object>();
        private static long _lastCredentialId;

        private static string Fingerprint(ClientOptions options)
        {
            var sb = new StringBuilder();
            foreach (var part in new[] { options.EndpointUrl, options.Region, options.ProfileName, options.AccessKey, options.SecretKey, options.SessionToken })
                sb.Append(part).Append('\n');
            foreach (var name in EnvironmentInputs) sb.Append(Environment.GetEnvironmentVariable(name)).Append('\n');
            var credential = options.ExternalCredentials;
            if (credential is IDictionary map)
            {
                foreach (DictionaryEntry entry in map) sb.Append(entry.Key).Append('=').Append(PSValue.Base(entry.Value)).Append('\n');
            }
            else if (credential != null)
            {
                sb.Append("object:").Append(CredentialIds.GetValue(credential, _ => Interlocked.Increment(ref _lastCredentialId)));
            }
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString())));
        }

        /// <summary>The command line's own settings, then matching $PSDefaultParameterValues entries (as the binder would).</summary>
        internal static ClientOptions Options(string commandName, IDictionary? fakeBoundParameters)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (fakeBoundParameters != null)
            {
                foreach (DictionaryEntry entry in fakeBoundParameters)
                {
                    if (entry.Key is string name && SettingNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                        values[name] = entry.Value; // unwrapped later: a PSCustomObject's properties live on its wrapper
                }
            }
            foreach (var pair in Defaults(commandName))
            {
                if (!values.ContainsKey(pair.Key)) values[pair.Key] = pair.Value; // the command line wins over defaults
            }

            return new ClientOptions
            {
                EndpointUrl = Text(values, "EndpointUrl"),
                Region = Text(values, "Region"),
                ProfileName = Text(values, "ProfileName"),
                AccessKey = Text(values, "AccessKey"),
                SecretKey = Text(values, "SecretKey"),
                SessionToken = Text(values, "SessionToken"),
                ExternalCredentials = values.TryGetValue("Credential", out var c) ? IoTJobsCmdlet.CredentialObjectOf(c) : null,
            };
        }

        private static IEnumerable<KeyValuePair<string, object?>> Defaults(string commandName)
        {
            var defaults = SessionDefaults();
            if (defaults == null) yield break;
            if (defaults.Contains("Disabled") && LanguagePrimitives.IsTrue(PSValue.Base(defaults["Disabled"]))) yield break;

            var command = commandName ?? "";
            var slash = command.LastIndexOf('\\');
            if (slash >= 0) command = command.Substring(slash + 1); // IoTJobs\Get-IoTJob
            foreach (DictionaryEntry entry in defaults)
            {
                if (entry.Key is not string key) continue;
                var colon = key.IndexOf(':');
                if (colon <= 0) continue;
                var commandPattern = key.Substring(0, colon).Trim();
                var parameter = key.Substring(colon + 1).Trim();
                if (!SettingNames.Contains(parameter, StringComparer.OrdinalIgnoreCase)) continue;
                if (!WildcardPattern.Get(commandPattern, WildcardOptions.IgnoreCase).IsMatch(command)) continue;
                if (PSValue.Base(entry.Value) is ScriptBlock) continue; // evaluated per binding by PowerShell; not run by a completer
                yield return new KeyValuePair<string, object?>(parameter, entry.Value);
            }
        }

        /// <summary>
        /// The session's $PSDefaultParameterValues: the global one, which is what the binder uses for a command typed at
        /// the prompt (and what a profile or the README's rehearsal lines set). Not the variable of whatever scope the
        /// completion happens to run in: at a prompt with PSReadLine, completion runs inside PSReadLine's module, whose
        /// $PSDefaultParameterValues is its own, empty one (every module has one), so reading "$PSDefaultParameterValues"
        /// there finds nothing and completion silently failed.
        /// </summary>
        private static IDictionary? SessionDefaults()
        {
            try
            {
                // Completers run on the pipeline thread of the session completing; read its variable through a nested pipeline.
                using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddScript("$global:PSDefaultParameterValues");
                return ps.Invoke().Select(o => o?.BaseObject).OfType<IDictionary>().FirstOrDefault();
            }
            catch
            {
                // No current runspace or no such variable: no defaults.
                return null;
            }
        }

        private static string? Text(Dictionary<string, object?> values, string name) =>
            values.TryGetValue(name, out var v) && PSValue.Base(v) is string s && s.Trim().Length > 0 ? s.Trim() : null;

        private static string QuoteOf(string? word) =>
            word != null && word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word[0].ToString() : "";

        private sealed class CacheEntry
        {
            public CacheEntry(string[] names, DateTime expires) { Names = names; Expires = expires; }
            public string[] Names { get; }
            public DateTime Expires { get; }
        }
    }
}
