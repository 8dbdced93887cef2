using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// Tab completion of names the service knows (job ids, thing names). Uses the endpoint, region and credentials the
    /// command line already names (-EndpointUrl, -Region, -ProfileName, -AccessKey/-SecretKey/-SessionToken,
    /// -Credential), else $PSDefaultParameterValues, else the environment, exactly as the cmdlet would. One list request
    /// (a few pages at most) within a short timeout; names are cached per endpoint and region for a minute and filtered
    /// by the typed prefix locally (the list APIs have no prefix filter). Any failure - no region, no credentials, an
    /// unreachable endpoint, access denied - completes nothing and writes nothing: completion must never disturb the prompt.
    /// </summary>
    public abstract class ServiceNameCompleter : IArgumentCompleter
    {
        /// <summary>How long one completion may wait for the service.</summary>
        internal static TimeSpan Timeout = TimeSpan.FromSeconds(2);
        /// <summary>How long listed names are reused for the same endpoint and region.</summary>
        internal static TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);
        /// <summary>After a failure, completion stays silent this long without trying again, so each Tab does not wait anew.</summary>
        internal static TimeSpan FailureLifetime = TimeSpan.FromSeconds(10);
        /// <summary>At most this many names are listed (four pages of 250).</summary>
        internal const int MaxNames = 1000;

        private static readonly ConcurrentDictionary<string, CacheEntry> Cache = new ConcurrentDictionary<string, CacheEntry>(StringComparer.Ordinal);

        private static readonly string[] SettingNames = { "EndpointUrl", "Region", "ProfileName", "AccessKey", "SecretKey", "SessionToken", "Credential" };

        /// <summary>"jobs" or "things": part of the cache key.</summary>
        protected abstract string Kind { get; }

        /// <summary>Lists the names (lazily paged by the client).</summary>
        protected abstract IAsyncEnumerable<string> ListNamesAsync(IIoTJobsClient client, CancellationToken cancellationToken);

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
            var options = Options(commandName, fakeBoundParameters);
            options.MaxAttempts = 1;
            options.RequestTimeout = Timeout;
            var settings = ClientSettingsResolver.Resolve(options);
            var key = Kind + "|" + settings.Endpoint + "|" + settings.Region;
            var now = DateTime.UtcNow;
            if (Cache.TryGetValue(key, out var cached) && cached.Expires > now) return cached.Names;

            string[] names;
            try
            {
                names = Fetch(settings, options);
                Cache[key] = new CacheEntry(names, now + CacheLifetime);
            }
            catch
            {
                Cache[key] = new CacheEntry(Array.Empty<string>(), now + FailureLifetime);
                throw;
            }
            return names;
        }

        private string[] Fetch(ResolvedSettings settings, ClientOptions options)
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var client = new IoTJobsClient(settings, options);
            var task = Task.Run(async () =>
            {
                var list = new List<string>();
                await foreach (var name in ListNamesAsync(client, cts.Token).WithCancellation(cts.Token).ConfigureAwait(false))
                {
                    if (!string.IsNullOrEmpty(name)) list.Add(name);
                    if (list.Count >= MaxNames) break;
                }
                return list;
            });
            // The token bounds the requests; the wait bounds everything else (a client that ignores the token).
            if (!task.Wait(Timeout + TimeSpan.FromMilliseconds(250))) throw new TimeoutException();
            return task.Result.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
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
                if (!values.ContainsKey(pair.Key)) values[pair.Key] = pair.Value;
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
            IDictionary? defaults = null;
            try
            {
                // Completers run on the pipeline thread of the session completing; read its variable through a nested pipeline.
                using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddScript("$PSDefaultParameterValues");
                defaults = ps.Invoke().Select(o => o?.BaseObject).OfType<IDictionary>().FirstOrDefault();
            }
            catch
            {
                // No current runspace or no such variable: no defaults.
            }
            if (defaults == null) yield break;
            if (defaults.Contains("Disabled") && LanguagePrimitives.IsTrue(Unwrap(defaults["Disabled"]))) yield break;

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
                if (Unwrap(entry.Value) is ScriptBlock) continue; // evaluated per binding by PowerShell; not run by a completer
                yield return new KeyValuePair<string, object?>(parameter, entry.Value);
            }
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        private static string? Text(Dictionary<string, object?> values, string name) =>
            values.TryGetValue(name, out var v) && Unwrap(v) is string s && s.Trim().Length > 0 ? s.Trim() : null;

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
