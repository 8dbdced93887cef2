using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// What every IoTJobs cmdlet shares: where credentials, region and endpoint come from; one cancellation token that
    /// Ctrl+C (StopProcessing) cancels; running the async client on the pipeline thread; verbose lines written only from
    /// the pipeline thread; error records built one way.
    /// </summary>
    public abstract class IoTJobsCmdlet : PSCmdlet
    {
        internal const string RegionPattern = @"^[a-z]{2}(-[a-z]+)+-\d{1,2}$";


        /// <summary>
        /// The AWS region, e.g. us-east-1. Binds from piped objects' Region property, so a pipeline stays in the region its
        /// objects came from. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
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
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidClientConfiguration", ErrorCategory.InvalidArgument, null)
                {
                    ErrorDetails = new ErrorDetails(ex.Message),
                });
                throw; // not reached: ThrowTerminatingError throws
            }

            _clientsByRegion[regionKey] = client;
            return client;
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
            ex.ErrorCode == ErrorCodes.InvalidSignatureException;

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

        /// <summary>For errors that stop every item (auth failures): terminating, with the service's words.</summary>
        protected void ThrowFatal(IoTServiceException ex, object? target)
        {
            var wrapped = Describe(ex, $"The service refused the request ({ex.ErrorCode}, HTTP {ex.StatusCode}): {ex.Message} Check the credentials, region and endpoint; every further item would fail the same way.", null, null);
            ThrowTerminatingError(NewError(wrapped, "AccessDenied", ErrorCategory.PermissionDenied, target));
        }

        /// <summary>The region objects made by this cmdlet carry (the client's resolved region).</summary>
        protected static string RegionOf(IIoTJobsClient client) => client.Region;
    }
}
