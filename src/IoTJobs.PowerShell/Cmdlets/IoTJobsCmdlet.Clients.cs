using System.Collections.Concurrent;

namespace IoTJobs.PowerShell.Cmdlets
{
    public abstract partial class IoTJobsCmdlet
    {
        /// <summary>Test hook: replaces how clients are made (null: the real client).</summary>
        internal static Func<ClientOptions, IIoTJobsClient>? ClientFactoryOverride;

        /// <summary>Test hook: how the account a client's credentials act in is asked (null: STS GetCallerIdentity).</summary>
        internal static Func<IIoTJobsClient, CancellationToken, Task<string>>? CallerAccountOverride;

        // Clients are shared across invocations (one connection pool per endpoint and identity); the key never holds a secret.
        private static readonly ConcurrentDictionary<string, IIoTJobsClient> SharedClients = new ConcurrentDictionary<string, IIoTJobsClient>(StringComparer.Ordinal);

        private readonly Dictionary<string, IIoTJobsClient> _clientsByRegion = new Dictionary<string, IIoTJobsClient>(StringComparer.Ordinal);
        // The one record of refusals in this command: clients whose requests the service refused as a whole.
        private readonly Dictionary<IIoTJobsClient, IoTServiceException> _refused = new Dictionary<IIoTJobsClient, IoTServiceException>();
        // The account each client's credentials act in (or why it could not be read), asked at most once per command.
        private readonly Dictionary<IIoTJobsClient, (string? Account, IoTServiceException? Error)> _accounts = new Dictionary<IIoTJobsClient, (string?, IoTServiceException?)>();
        private MfaPrompt? _mfaPrompt;
        private MfaPrompt Mfa => _mfaPrompt ??= new MfaPrompt(this);

        /// <summary>
        /// The client for a region (null: the command's region, else the environment's). Configuration problems (no
        /// credentials, no region, bad endpoint) stop the command: every item would fail alike.
        /// </summary>
        internal IIoTJobsClient ClientFor(string? region)
        {
            region ??= CommandRegion;
            var regionKey = region ?? "";
            if (_clientsByRegion.TryGetValue(regionKey, out var known)) return known;

            var options = new ClientOptions
            {
                Region = region,
                ProfileName = ProfileName,
                EndpointUrl = EndpointUrl,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                ExternalCredentials = CredentialObjectOf(Credential),
                Log = SharedLog,
                MfaCodeProvider = Mfa.Ask,
                // Bulk work needs client-side rate limiting; AWS_RETRY_MODE still wins.
                DefaultRetryMode = RetryModes.Adaptive,
            };

            IIoTJobsClient client;
            try
            {
                if (ClientFactoryOverride != null)
                {
                    client = ClientFactoryOverride(options);
                }
                else
                {
                    var settings = ClientSettingsResolver.Resolve(options);
                    Report.Verbose($"Credentials: {settings.CredentialSource}. Region: {settings.Region} ({settings.RegionSource}). Endpoint: {settings.Endpoint} ({settings.EndpointSource}).");
                    // An MFA code, if the credentials need one, is asked for now: on the pipeline thread, before anything is sent.
                    Mfa.PrepareCredentials(settings);
                    if (settings.Endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(settings.Endpoint))
                        Report.Warning($"The endpoint {settings.Endpoint} is plain http and not on this machine: requests and responses travel unencrypted.");
                    client = SharedClients.GetOrAdd(ClientKey(settings), _ => new IoTJobsClient(settings, options));
                }
            }
            catch (IoTJobsConfigurationException ex)
            {
                Terminate(new ErrorRecord(ex, "InvalidClientConfiguration", ErrorCategory.InvalidArgument, null) { ErrorDetails = new ErrorDetails(ex.Message) });
                throw; // not reached: Terminate throws
            }
            _clientsByRegion[regionKey] = client;
            return client;
        }

        private static bool IsLoopback(Uri uri) => uri.IsLoopback || uri.Host == "127.0.0.1" || uri.Host == "[::1]";

        // The credentials' identity comes from the client, which owns AWSSDK.Core: this assembly never touches its types.
        // AWS_MAX_ATTEMPTS / AWS_RETRY_MODE changed mid-session must reach new commands, so both are part of the key.
        private static string ClientKey(ResolvedSettings settings) =>
            settings.Region + "|" + settings.Endpoint + "|" + settings.StsEndpoint + "|" + settings.RetryMode + "|" + settings.MaxAttempts + "|" +
            ClientSettingsResolver.CredentialIdentity(settings);

        /// <summary>
        /// A -Credential value as the client's adapter takes it: the object itself, or a PSCustomObject's properties as a
        /// dictionary (reflection cannot see a PSCustomObject's properties). Also used by the completers.
        /// </summary>
        internal static object? CredentialObjectOf(object? value)
        {
            if (value is PSCustomObject || (value is PSObject wrapper && wrapper.BaseObject is PSCustomObject))
            {
                var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in PSObject.AsPSObject(value).Properties) properties[property.Name] = property.Value;
                return properties;
            }
            return PSValue.Base(value);
        }

        // ---- refusals: one record per command

        /// <summary>True, after writing this item's error, when requests through this client were refused earlier in this command.</summary>
        internal bool SkipRefused(IIoTJobsClient client, object? target)
        {
            if (!_refused.TryGetValue(client, out var refusal)) return false;
            var wrapped = IoTJobsException.For(refusal,
                $"Not sent: the service refused this command's requests in {client.Region} earlier ({refusal.ErrorCode}, HTTP {refusal.StatusCode}): {ServiceErrors.Said(refusal)} " +
                (refusal.IsClockError ? "Check this computer's clock" : "Check the credentials, region and endpoint") + "; items in other regions go on.", null, null);
            Report.Error(NewError(wrapped, "AccessDenied", ErrorCategory.PermissionDenied, target));
            return true;
        }

        /// <summary>
        /// A request the service refused as a whole (access denied, bad signature, unknown key, expired token): this item's
        /// error; later items through the same client are not sent, and items of other regions go on.
        /// </summary>
        internal void WriteRefused(IoTServiceException ex, object? target, IIoTJobsClient client)
        {
            MarkRefused(ex, client);
            // A clock error's message already says to check the clock.
            var advice = ex.IsClockError ? "" : ex.ErrorCode == ErrorCodes.CredentialsUnavailable ? "Renew the credentials. " : "Check the credentials, region and endpoint. ";
            var wrapped = IoTJobsException.For(ex, $"The service refused the request in {client.Region} ({ex.ErrorCode}, HTTP {ex.StatusCode}): {ex.Message} " +
                $"{advice}The rest of this command's items in {client.Region} are not sent (they would fail the same way); items in other regions go on.", null, null);
            Report.Error(NewError(wrapped, "AccessDenied", ErrorCategory.PermissionDenied, target));
        }

        /// <summary>Records a refusal without writing an error (its item has its own error, which says more).</summary>
        internal void MarkRefused(IoTServiceException ex, IIoTJobsClient client) => _refused[client] = ex;

        internal bool IsRefused(IIoTJobsClient client) => _refused.ContainsKey(client);

        // ---- accounts

        /// <summary>
        /// True when the target names no account, or the one its ARNs name is the one the client's credentials act in
        /// (STS GetCallerIdentity, asked once per client, and only for an item that names an account). Otherwise false,
        /// after writing the item's error naming both accounts: an ARN from another account must never act on this
        /// account's namesake. Under -WhatIf nothing is asked (it sends nothing); the check is said to be left out.
        /// </summary>
        internal bool AccountAgrees(IIoTJobsClient client, Target target, object? errorTarget, bool whatIf)
        {
            if (target.Account == null) return true;
            if (whatIf)
            {
                Report.Verbose($"The input names account {target.Account}; -WhatIf sends nothing, so whether these credentials act in it was not checked.");
                return true;
            }
            if (!_accounts.TryGetValue(client, out var known))
            {
                try
                {
                    var ask = CallerAccountOverride ?? ((c, ct) => c.GetCallerAccountAsync(ct));
                    known = (Run(ct => ask(client, ct)), null);
                }
                catch (IoTServiceException ex)
                {
                    known = (null, ex);
                }
                _accounts[client] = known;
            }
            if (known.Account == target.Account) return true;
            if (known.Error != null && ServiceErrors.IsRefusal(known.Error))
            {
                // Refused as a whole in this region: what any request of these credentials here would get.
                WriteRefused(known.Error, errorTarget, client);
                return false;
            }
            string errorId, message;
            if (known.Account == null)
            {
                var ex = known.Error!;
                errorId = "AccountUnknown";
                message = $"The input names account {target.Account} (in its ARN), and the account these credentials act in could not be read from STS GetCallerIdentity in {client.Region} " +
                          $"({ex.ErrorCode}, HTTP {ex.StatusCode}): {ServiceErrors.Said(ex)} Nothing was sent for it: an ARN is acted on only in its own account. " +
                          "Give names instead of ARNs, or make STS reachable (AWS_ENDPOINT_URL_STS).";
            }
            else
            {
                errorId = "AccountMismatch";
                message = $"The input names account {target.Account} (in its ARN), but these credentials act in account {known.Account} (STS GetCallerIdentity). " +
                          $"Nothing was sent for it: acting on it here would reach account {known.Account}'s namesake. Sign in to account {target.Account} to act on it, or give names to act in {known.Account}.";
            }
            Report.Error(NewError(new ArgumentException(message), errorId, ErrorCategory.PermissionDenied, errorTarget));
            return false;
        }
    }
}
