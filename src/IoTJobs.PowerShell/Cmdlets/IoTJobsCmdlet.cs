using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// What every IoTJobs cmdlet shares: where credentials, region and endpoint come from; one cancellation token that
    /// Ctrl+C (StopProcessing) cancels; running the async client on the pipeline thread; verbose lines written only from
    /// the pipeline thread; error records built one way.
    /// </summary>
    public abstract class IoTJobsCmdlet : PSCmdlet
    {

        /// <summary>
        /// The AWS region, e.g. us-east-1. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. A piped
        /// object's own region (its Region property, or the region in its ThingArn/JobArn) is read from the object itself
        /// (see PipedRegion): it wins over a $PSDefaultParameterValues region, and one that disagrees with a typed -Region
        /// is an error for that item. Not bound from the pipeline by PowerShell, so a malformed Region in one CSV row is
        /// that row's error, not a binding failure that could stop a bulk run.
        /// </summary>
        [Parameter]
        [ValidateRegion]
        public string? Region { get; set; }

        /// <summary>A profile in the shared AWS config/credentials files.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>The IoT endpoint to call instead of https://iot.{region}.amazonaws.com (e.g. the local emulator).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        /// <summary>An access key id; use with -SecretKey.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        /// <summary>The secret access key for -AccessKey. Never written to any stream.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        /// <summary>A session token for temporary credentials, with -AccessKey and -SecretKey.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>
        /// A credentials object: an AWSCredentials from any copy of AWSSDK.Core (e.g. AWS.Tools' Get-AWSCredential; refreshing
        /// ones are asked again for every request), an object with AccessKey, SecretKey and optionally Token/SessionToken
        /// properties, or a hashtable with those keys. Typed object on purpose: another module's AWSSDK.Core types are not
        /// this module's (see Isolation/), and this assembly must not load AWSSDK.Core.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _verbose = new ConcurrentQueue<string>();
        private readonly Dictionary<string, IIoTJobsClient> _clientsByRegion = new Dictionary<string, IIoTJobsClient>(StringComparer.Ordinal);
        // Clients whose requests the service refused as a whole during this command (see WriteAccessDenied).
        private readonly Dictionary<IIoTJobsClient, IoTServiceException> _refused = new Dictionary<IIoTJobsClient, IoTServiceException>();
        private MfaPrompt? _mfaPrompt;
        private MfaPrompt _mfa => _mfaPrompt ??= new MfaPrompt(this);

        /// <summary>Cancelled by Ctrl+C; every request observes it.</summary>
        protected CancellationToken StopToken => _stop.Token;

        /// <summary>Test hook: replaces how clients are made (null: the real client).</summary>
        internal static Func<ClientOptions, IIoTJobsClient>? ClientFactoryOverride;

        // Clients are shared across invocations (one connection pool per endpoint and identity); the key never holds a secret.
        private static readonly ConcurrentDictionary<string, IIoTJobsClient> SharedClients = new ConcurrentDictionary<string, IIoTJobsClient>(StringComparer.Ordinal);

        // The client logs from thread-pool threads; this routes its lines to the cmdlet that made the call, which writes
        // them from the pipeline thread.
        private static readonly AsyncLocal<ConcurrentQueue<string>?> LogSink = new AsyncLocal<ConcurrentQueue<string>?>();
        private static readonly Action<string> SharedLog = line => LogSink.Value?.Enqueue(line);

        /// <summary>The region the command started with (-Region or a $PSDefaultParameterValues default), before any piped object.</summary>
        internal string? CommandRegion { get; private set; }

        /// <summary>True when <see cref="CommandRegion"/> was typed (not a default): a piped object's region must then agree with it.</summary>
        internal bool CommandRegionExplicit { get; private set; }

        /// <summary>
        /// Writes one item's error. When this command's error preference turns errors into a stop (-ErrorAction Stop,
        /// $ErrorActionPreference = 'Stop', or Inquire/Break), <see cref="BeforeStoppingError"/> runs first: once
        /// WriteError has stopped the pipeline nothing more can be written, so work already sent must be reported before.
        /// </summary>
        internal void WriteItemError(ErrorRecord record)
        {
            if (_errorsStop) BeforeStoppingError();
            WriteError(record);
        }

        /// <summary>Runs before an error that may stop the command is written (see <see cref="WriteItemError"/>).</summary>
        protected virtual void BeforeStoppingError() { }

        private bool _errorsStop;

        private bool ErrorsStop()
        {
            object? value = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference");
            if (value is PSObject p) value = p.BaseObject;
            if (value == null || !LanguagePrimitives.TryConvertTo<ActionPreference>(value, System.Globalization.CultureInfo.InvariantCulture, out var preference))
                return false;
            // Break (6, PowerShell 7) is not in the 5.1 reference assembly this builds against.
            return preference == ActionPreference.Stop || preference == ActionPreference.Inquire || (int)preference == 6;
        }

        protected override void BeginProcessing()
        {
            _errorsStop = ErrorsStop();
            CommandRegion = string.IsNullOrWhiteSpace(Region) ? null : Region!.Trim();
            CommandRegionExplicit = CommandRegion != null &&
                (ParameterOrigin.Typed(this, nameof(Region)) ?? !ParameterOrigin.FromDefaults(this, nameof(Region), Region));
            // ARNs typed as names become names once; their regions count for every item (see ResolveArnNames).
            ArnNames.Convert(this, _typedArnRegions);
            base.BeginProcessing();
        }

        // The regions inside ARNs typed on the command line as names.
        private readonly List<string> _typedArnRegions = new List<string>();

        /// <summary>
        /// For the current item, after <see cref="PipedRegion.Apply"/>: ARNs bound from the piped object's properties
        /// become names, and the regions of every ARN the item was named by (typed, bound, or a piped ARN string, which
        /// the cmdlet reads itself) decide where it is acted on (see <see cref="ArnNames"/>). False after writing the
        /// item's RegionConflict.
        /// </summary>
        internal bool ResolveArnNames(object? piped)
        {
            var regions = new List<string>(_typedArnRegions);
            ArnNames.Convert(this, regions);
            ArnNames.AddRegion(regions, PipedObject.AsString(piped));
            return ArnNames.ApplyRegions(this, piped, regions);
        }

        protected override void StopProcessing()
        {
            _stop.Cancel();
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            FlushVerbose();
            base.EndProcessing();
        }

        /// <summary>
        /// The client for the region in force for the current item (a piped Region, -Region, or the environment's).
        /// Configuration problems (no credentials, no region, bad endpoint) stop the command: every item would fail alike.
        /// </summary>
        protected IIoTJobsClient GetClient()
        {
            if (string.IsNullOrWhiteSpace(Region)) Region = null;
            var regionKey = Region ?? "";
            if (_clientsByRegion.TryGetValue(regionKey, out var known)) return known;

            var options = new ClientOptions
            {
                Region = Region,
                ProfileName = ProfileName,
                EndpointUrl = EndpointUrl,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                ExternalCredentials = CredentialObjectOf(Credential),
                Log = SharedLog,
                MfaCodeProvider = _mfa.Ask,
                // Bulk work (Stop-IoTJobExecution -ThrottleLimit) needs client-side rate limiting; AWS_RETRY_MODE still wins.
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
                    WriteVerbose($"Credentials: {settings.CredentialSource}. Region: {settings.Region} ({settings.RegionSource}). Endpoint: {settings.Endpoint} ({settings.EndpointSource}).");
                    // An MFA code, if the credentials need one, is asked for now: on the pipeline thread, before anything is sent.
                    _mfa.PrepareCredentials(settings);
                    if (settings.Endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(settings.Endpoint))
                    {
                        WriteWarning($"The endpoint {settings.Endpoint} is plain http and not on this machine: requests and responses travel unencrypted.");
                    }
                    var key = ClientKey(settings);
                    client = SharedClients.GetOrAdd(key, _ => new IoTJobsClient(settings, options));
                }
            }
            catch (IoTJobsConfigurationException ex)
            {
                BeforeStoppingError();
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidClientConfiguration", ErrorCategory.InvalidArgument, null)
                {
                    ErrorDetails = new ErrorDetails(ex.Message),
                });
                throw; // not reached: ThrowTerminatingError throws
            }

            _clientsByRegion[regionKey] = client;
            return client;
        }

        /// <summary>
        /// The client for the current item, unless an earlier request through it (same region and credentials) was
        /// refused as a whole (access denied, bad signature, unknown key): then this item's error is written, nothing is
        /// sent, and false is returned. Items of other regions and credentials go on.
        /// </summary>
        protected bool TryGetClient(object? target, out IIoTJobsClient client)
        {
            client = GetClient();
            return !SkipRefused(client, target);
        }

        /// <summary>True, after writing this item's error, when requests through this client were refused earlier in this command.</summary>
        protected bool SkipRefused(IIoTJobsClient client, object? target)
        {
            if (!_refused.TryGetValue(client, out var refusal)) return false;
            var wrapped = Describe(refusal,
                $"Not sent: the service refused this command's requests in {client.Region} earlier ({refusal.ErrorCode}, HTTP {refusal.StatusCode}): {refusal.ServiceMessage ?? refusal.Message} " +
                (refusal.IsClockError ? "Check this computer's clock" : "Check the credentials, region and endpoint") + "; items in other regions go on.", null, null);
            WriteItemError(NewError(wrapped, "AccessDenied", ErrorCategory.PermissionDenied, target));
            return true;
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || uri.Host == "127.0.0.1" || uri.Host == "[::1]";

        // The credentials' identity comes from the client, which owns AWSSDK.Core: this assembly never touches its types.
        private static string ClientKey(ResolvedSettings settings) =>
            // AWS_MAX_ATTEMPTS / AWS_RETRY_MODE changed mid-session must reach new commands, so both are part of the key.
            settings.Region + "|" + settings.Endpoint + "|" + settings.RetryMode + "|" + settings.MaxAttempts + "|" + ClientSettingsResolver.CredentialIdentity(settings);

        /// <summary>
        /// A -Credential value as the client's adapter takes it: the object itself, or a PSCustomObject's properties as a
        /// dictionary (reflection cannot see a PSCustomObject's properties). Also used by the completers, which read
        /// -Credential from the command line.
        /// </summary>
        internal static object? CredentialObjectOf(object? value)
        {
            if (value is PSCustomObject || (value is PSObject wrapper && wrapper.BaseObject is PSCustomObject))
            {
                var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in PSObject.AsPSObject(value).Properties) properties[property.Name] = property.Value;
                return properties;
            }
            return value is PSObject pso ? pso.BaseObject : value;
        }

        /// <summary>Runs one client call on the pipeline thread, then writes the verbose lines it produced.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> call)
        {
            var previous = LogSink.Value;
            LogSink.Value = _verbose;
            try
            {
                return call(StopToken).GetAwaiter().GetResult();
            }
            finally
            {
                LogSink.Value = previous;
                FlushVerbose();
            }
        }

        /// <summary>Runs one client call that returns nothing.</summary>
        protected void Run(Func<CancellationToken, Task> call) =>
            Run<bool>(async token => { await call(token).ConfigureAwait(false); return true; });

        /// <summary>
        /// Streams a lazily paged list on the pipeline thread: each item is yielded as its page arrives, and the next
        /// page is requested only when the consumer (e.g. Select-Object -First) asks for more.
        /// </summary>
        protected IEnumerable<T> Stream<T>(Func<CancellationToken, IAsyncEnumerable<T>> list)
        {
            var previous = LogSink.Value;
            LogSink.Value = _verbose;
            IAsyncEnumerator<T> enumerator;
            try
            {
                enumerator = list(StopToken).GetAsyncEnumerator(StopToken);
            }
            finally
            {
                LogSink.Value = previous;
            }
            try
            {
                while (true)
                {
                    bool more;
                    LogSink.Value = _verbose;
                    try
                    {
                        more = enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult();
                    }
                    finally
                    {
                        LogSink.Value = previous;
                        FlushVerbose();
                    }
                    if (!more) yield break;
                    yield return enumerator.Current;
                }
            }
            finally
            {
                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        /// <summary>Writes queued verbose lines; call only on the pipeline thread.</summary>
        protected void FlushVerbose()
        {
            while (_verbose.TryDequeue(out var line)) WriteVerbose(line);
        }

        /// <summary>
        /// True when the exception means every later item would fail the same way (denied, bad signature, unknown key,
        /// expired token), so the command should stop instead of repeating the failure for thousands of items.
        /// </summary>
        protected static bool IsFatalForAllItems(IoTServiceException ex) =>
            ex.StatusCode == 401 || ex.StatusCode == 403 ||
            ex.ErrorCode == ErrorCodes.ExpiredTokenException ||
            ex.ErrorCode == ErrorCodes.UnrecognizedClientException ||
            ex.ErrorCode == ErrorCodes.InvalidSignatureException ||
            ex.ErrorCode == ErrorCodes.CredentialsUnavailable;

        /// <summary>Builds the module's exception for a service error about one thing/job.</summary>
        protected static IoTJobsException Describe(IoTServiceException ex, string message, string? thingName, string? jobId) =>
            new IoTJobsException(message, ex)
            {
                ThingName = thingName,
                JobId = jobId,
                ErrorCode = ex.ErrorCode,
                StatusCode = ex.StatusCode,
                RequestId = ex.RequestId,
            };

        /// <summary>
        /// An error record with a stable ErrorId, precise category and the input item as TargetObject. The AWS request id
        /// (for AWS support) stays on the exception ($err.Exception.RequestId; Get-Error shows it); RecommendedAction, which
        /// the console shows as "Recommendation:", is set only where there is advice the message does not already give.
        /// </summary>
        protected static ErrorRecord NewError(Exception exception, string errorId, ErrorCategory category, object? target)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            var advice = RecommendationFor(exception, errorId);
            if (advice != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice };
            }
            return record;
        }

        internal const string TransientAdvice =
            "This may be temporary: run the command again for the items that failed, or set AWS_MAX_ATTEMPTS (for example 10) to retry for longer.";

        private static string? RecommendationFor(Exception exception, string errorId) =>
            // A 5xx or no response at all, after the client's retries: the one case where the message names no next step.
            errorId == "ServiceError" && exception is IoTJobsException iot && (iot.StatusCode == 0 || iot.StatusCode >= 500)
                ? TransientAdvice
                : null;

        /// <summary>
        /// An error that every item of this client would get alike (access denied, bad signature, unknown key): this
        /// item's error, with the service's words; later items through the same client (region and credentials) are not
        /// sent (see <see cref="TryGetClient"/>), and items of other regions go on.
        /// </summary>
        protected void WriteAccessDenied(IoTServiceException ex, object? target, IIoTJobsClient client)
        {
            _refused[client] = ex;
            // A clock error's message already says to check the clock.
            var advice = ex.IsClockError ? "" : ex.ErrorCode == ErrorCodes.CredentialsUnavailable ? "Renew the credentials. " : "Check the credentials, region and endpoint. ";
            var wrapped = Describe(ex, $"The service refused the request in {client.Region} ({ex.ErrorCode}, HTTP {ex.StatusCode}): {ex.Message} " +
                $"{advice}The rest of this command's items in {client.Region} are not sent (they would fail the same way); items in other regions go on.", null, null);
            WriteItemError(NewError(wrapped, "AccessDenied", ErrorCategory.PermissionDenied, target));
        }

        /// <summary>
        /// A Get cmdlet's service error for one item: a refusal as a whole as <see cref="WriteAccessDenied"/>; an answer
        /// classified as <paramref name="notFoundId"/> with <paramref name="notFoundMessage"/>; anything else as
        /// "<paramref name="failedWhat"/> (code, HTTP status, attempts): the service's words".
        /// </summary>
        protected void WriteServiceError(IIoTJobsClient client, IoTServiceException ex, string notFoundId, string notFoundMessage, string failedWhat,
            string? thingName, string? jobId, object target)
        {
            if (IsFatalForAllItems(ex))
            {
                WriteAccessDenied(ex, target, client);
                return;
            }
            var (errorId, category) = ServiceErrors.Classify(ex, notFoundId);
            var message = errorId == notFoundId
                ? notFoundMessage
                : $"{failedWhat} ({ex.ErrorCode}, HTTP {ex.StatusCode}, after {ex.Attempts} attempt(s)): {ex.Message}";
            WriteItemError(NewError(Describe(ex, message, thingName, jobId), errorId, category, target));
        }

        /// <summary>
        /// For the Get cmdlets, a piped item that bound no name by property: a piped string is the name; anything else
        /// names nothing, and listing everything for it would hand the next command items nobody named. Returns the name,
        /// or null after writing the item's error (MissingThingName/MissingJobId with <paramref name="objectAdvice"/>,
        /// the string combined with list filters, or an invalid name).
        /// </summary>
        internal string? NameFromPipedString(string command, IoTNameKind kind, object? input, string objectAdvice, string? listFiltersGiven)
        {
            var piped = PipedObject.Unwrap(input);
            var label = kind == IoTNameKind.ThingName ? "thing name" : "job id";
            void Problem(string errorId, string message) =>
                WriteItemError(NewError(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, input));
            var text = PipedObject.AsString(piped);
            if (text == null)
            {
                Problem(kind == IoTNameKind.ThingName ? "MissingThingName" : "MissingJobId", PipedNames.Missing(command, kind, piped, objectAdvice));
                return null;
            }
            if (listFiltersGiven != null)
            {
                Problem(kind == IoTNameKind.ThingName ? "PipedThingNameWithListFilters" : "PipedJobIdWithListFilters",
                    $"The string '{text}' was piped as a {label}, which cannot be combined with the list filters {listFiltersGiven}. Nothing was looked up for it.");
                return null;
            }
            try
            {
                return PipedNames.FromString(kind, text);
            }
            catch (ArgumentException ex)
            {
                Problem("InvalidPipedName", $"The piped string cannot be used as a {label}: {ex.Message} Nothing was looked up for it.");
                return null;
            }
        }

        /// <summary>
        /// A bulk run's concurrency summary: a verbose line, and for callers who ask for information records
        /// (-InformationVariable, -InformationAction) one tagged Concurrency, so scripts (the benchmark) can read it
        /// without -Verbose's per-request lines. Nobody else sees it.
        /// </summary>
        protected void WriteConcurrency(string summary)
        {
            WriteVerbose(summary);
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey("InformationVariable") || bound.ContainsKey("InformationAction"))
                WriteInformation(summary, new[] { "Concurrency" });
        }

        /// <summary>Records a refusal without writing an error (the item it came with succeeded and is reported).</summary>
        internal void MarkRefused(IoTServiceException ex, IIoTJobsClient client) => _refused[client] = ex;

        /// <summary>True when a request through this client was refused as a whole earlier in this command.</summary>
        internal bool IsRefused(IIoTJobsClient client) => _refused.ContainsKey(client);

        /// <summary>The region objects made by this cmdlet carry (the client's resolved region).</summary>
        protected static string RegionOf(IIoTJobsClient client) => client.Region;
    }
}
