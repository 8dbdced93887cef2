using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using IoTJobs.Client.Internal;

namespace IoTJobs.Client
{
    /// <summary>
    /// The IoT control-plane REST client: rest-json over one shared HttpClient, SigV4 via AWSSDK.Core, AWS standard
    /// retries (every attempt re-resolves credentials and is signed afresh). Thread-safe and reusable.
    /// </summary>
    public sealed partial class IoTJobsClient : IIoTJobsClient
    {
        /// <summary>SigV4 credential-scope service name. botocore's current IoT model signs with "iot" (older clients used "execute-api").</summary>
        public const string SigningName = "iot";

        /// <summary>Default per-attempt timeout.</summary>
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

        private static readonly string UserAgent = "IoTJobs.Client/" + (typeof(IoTJobsClient).Assembly.GetName().Version?.ToString(3) ?? "0");

        private readonly HttpClient _http;
        private readonly AWSCredentials _credentials;
        private readonly RegionEndpoint _signingRegion;
        private readonly string _baseUrl;
        private readonly IRetryStrategy _retry;
        private readonly int _maxAttempts;
        private readonly TimeSpan _timeout;
        private readonly Action<string>? _log;
        // Adaptive retry mode: one limiter per operation, shared by every request of this client (AWS limits are per API).
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AdaptiveRateLimiter>? _limiters;
        private readonly RetryQuota _quota;
        private int _disposed;

        /// <summary>
        /// Adaptive mode: a throttled attempt does not count against MaxAttempts while its operation had a success within
        /// this window (the run is making progress: the request is waiting its turn, not failing)...
        /// </summary>
        public static readonly TimeSpan ThrottleProgressWindow = TimeSpan.FromSeconds(2);
        /// <summary>...and the call has been going on for less than this.</summary>
        public static readonly TimeSpan MaxThrottledCallTime = TimeSpan.FromMinutes(2);

        /// <summary>Resolves settings (<see cref="ClientSettingsResolver"/>) and creates a client.</summary>
        /// <exception cref="IoTJobsConfigurationException">A setting is missing or invalid.</exception>
        public static IoTJobsClient Create(ClientOptions options) => new IoTJobsClient(ClientSettingsResolver.Resolve(options), options);

        public IoTJobsClient(ResolvedSettings settings, ClientOptions? options = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            options ??= new ClientOptions();
            _credentials = settings.Credentials;
            Region = settings.Region;
            Endpoint = settings.Endpoint;
            _signingRegion = RegionEndpoint.GetBySystemName(settings.Region);
            var b = settings.Endpoint.GetLeftPart(UriPartial.Path);
            _baseUrl = b.EndsWith("/", StringComparison.Ordinal) ? b : b + "/";
            _maxAttempts = options.MaxAttempts ?? settings.MaxAttempts;
            if (_maxAttempts < 1) throw new IoTJobsConfigurationException("MaxAttempts", $"The max attempts value '{_maxAttempts}' is not valid: it must be at least 1.");
            _retry = options.RetryStrategy ?? new StandardRetryStrategy(_maxAttempts);
            _timeout = options.RequestTimeout ?? DefaultRequestTimeout;
            if (_timeout <= TimeSpan.Zero && _timeout != Timeout.InfiniteTimeSpan)
                throw new IoTJobsConfigurationException("RequestTimeout", $"The request timeout '{_timeout}' is not valid: it must be a positive duration.");
            _log = options.Log;
            _quota = new RetryQuota(options.RetryQuotaCapacity ?? RetryQuota.DefaultCapacity);
            if (settings.RetryMode == RetryModes.Adaptive)
                _limiters = new System.Collections.Concurrent.ConcurrentDictionary<string, AdaptiveRateLimiter>(StringComparer.Ordinal);

            if (options.TransportHandler != null)
            {
                _http = new HttpClient(options.TransportHandler, disposeHandler: false);
            }
            else
            {
                var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
                _http = new HttpClient(handler, disposeHandler: true);
            }
            // Per-attempt timeouts are ours (so a timeout is distinguishable from user cancellation).
            _http.Timeout = Timeout.InfiniteTimeSpan;
            // .NET Framework adds Expect: 100-continue to PUTs by default; the service doesn't need the extra round trip.
            _http.DefaultRequestHeaders.ExpectContinue = false;
            _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        public ResolvedSettings Settings { get; }
        public string Region { get; }
        public Uri Endpoint { get; }
        /// <summary>Total attempts per call in effect.</summary>
        public int MaxAttempts => _maxAttempts;
        /// <summary>"standard" or "adaptive".</summary>
        public string RetryMode => _limiters == null ? RetryModes.Standard : RetryModes.Adaptive;

        /// <summary>The retry quota shared by every call of this client (standard and adaptive mode).</summary>
        public RetryQuota RetryQuota => _quota;

        /// <summary>The adaptive-mode limiter of an operation (e.g. "CancelJobExecution"); null in standard mode.</summary>
        public AdaptiveRateLimiter? GetRateLimiter(string operation) =>
            _limiters?.GetOrAdd(operation, op => new AdaptiveRateLimiter(op));

        // ---------------------------------------------------------------- operations

        public async Task CancelJobExecutionAsync(CancelJobExecutionRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireLabel(request.ThingName, "ThingName");
            RequireLabel(request.JobId, "JobId");
            var query = new List<KeyValuePair<string, string>>();
            if (request.Force) query.Add(Q("force", "true"));
            var body = WriteBody(w =>
            {
                if (request.ExpectedVersion.HasValue) w.WriteNumber("expectedVersion", request.ExpectedVersion.Value);
                if (request.StatusDetails != null)
                {
                    w.WriteStartObject("statusDetails");
                    foreach (var kv in request.StatusDetails) w.WriteString(kv.Key, kv.Value);
                    w.WriteEndObject();
                }
            });
            await SendAsync("CancelJobExecution", HttpMethod.Put,
                $"things/{Label(request.ThingName)}/jobs/{Label(request.JobId)}/cancel", query, body, cancellationToken).ConfigureAwait(false);
        }

        public async Task<JobExecutionData> DescribeJobExecutionAsync(string thingName, string jobId, long? executionNumber = null, CancellationToken cancellationToken = default)
        {
            RequireLabel(thingName, nameof(thingName));
            RequireLabel(jobId, nameof(jobId));
            var query = new List<KeyValuePair<string, string>>();
            if (executionNumber.HasValue) query.Add(Q("executionNumber", executionNumber.Value.ToString(CultureInfo.InvariantCulture)));
            const string op = "DescribeJobExecution";
            var bytes = await SendAsync(op, HttpMethod.Get, $"things/{Label(thingName)}/jobs/{Label(jobId)}", query, null, cancellationToken).ConfigureAwait(false);
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.JobExecution(Json.Obj(doc.RootElement, "execution"));
        }

        public IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForJobAsync(ListJobExecutionsForJobRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireLabel(request.JobId, "JobId");
            var query = new List<KeyValuePair<string, string>>();
            AddIfSet(query, "status", request.Status);
            AddPageSize(query, request.PageSize);
            return PageAsync("ListJobExecutionsForJob", $"jobs/{Label(request.JobId)}/things", query, "executionSummaries", ModelReader.ExecutionSummary, cancellationToken);
        }

        public IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForThingAsync(ListJobExecutionsForThingRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireLabel(request.ThingName, "ThingName");
            var query = new List<KeyValuePair<string, string>>();
            AddIfSet(query, "status", request.Status);
            AddIfSet(query, "namespaceId", request.NamespaceId);
            AddPageSize(query, request.PageSize);
            AddIfSet(query, "jobId", request.JobId);
            return PageAsync("ListJobExecutionsForThing", $"things/{Label(request.ThingName)}/jobs", query, "executionSummaries", ModelReader.ExecutionSummary, cancellationToken);
        }

        public async Task<JobData> DescribeJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            RequireLabel(jobId, nameof(jobId));
            const string op = "DescribeJob";
            var bytes = await SendAsync(op, HttpMethod.Get, $"jobs/{Label(jobId)}", null, null, cancellationToken).ConfigureAwait(false);
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.Job(Json.Obj(doc.RootElement, "job"));
        }

        public IAsyncEnumerable<JobData> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new List<KeyValuePair<string, string>>();
            AddIfSet(query, "status", request.Status);
            AddIfSet(query, "targetSelection", request.TargetSelection);
            AddPageSize(query, request.PageSize);
            AddIfSet(query, "thingGroupName", request.ThingGroupName);
            AddIfSet(query, "thingGroupId", request.ThingGroupId);
            AddIfSet(query, "namespaceId", request.NamespaceId);
            return PageAsync("ListJobs", "jobs", query, "jobs", ModelReader.Job, cancellationToken);
        }

        public async Task<CancelJobResult> CancelJobAsync(CancelJobRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireLabel(request.JobId, "JobId");
            var query = new List<KeyValuePair<string, string>>();
            if (request.Force) query.Add(Q("force", "true"));
            var body = WriteBody(w =>
            {
                if (request.ReasonCode != null) w.WriteString("reasonCode", request.ReasonCode);
                if (request.Comment != null) w.WriteString("comment", request.Comment);
            });
            const string op = "CancelJob";
            var bytes = await SendAsync(op, HttpMethod.Put, $"jobs/{Label(request.JobId)}/cancel", query, body, cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0) return new CancelJobResult();
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.CancelJob(doc.RootElement);
        }

        public async Task<ThingData> DescribeThingAsync(string thingName, CancellationToken cancellationToken = default)
        {
            RequireLabel(thingName, nameof(thingName));
            const string op = "DescribeThing";
            var bytes = await SendAsync(op, HttpMethod.Get, $"things/{Label(thingName)}", null, null, cancellationToken).ConfigureAwait(false);
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.Thing(doc.RootElement);
        }

        public IAsyncEnumerable<ThingData> ListThingsAsync(ListThingsRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new List<KeyValuePair<string, string>>();
            AddPageSize(query, request.PageSize);
            AddIfSet(query, "attributeName", request.AttributeName);
            AddIfSet(query, "attributeValue", request.AttributeValue);
            AddIfSet(query, "thingTypeName", request.ThingTypeName);
            if (request.UsePrefixAttributeValue.HasValue) query.Add(Q("usePrefixAttributeValue", request.UsePrefixAttributeValue.Value ? "true" : "false"));
            return PageAsync("ListThings", "things", query, "things", ModelReader.Thing, cancellationToken);
        }

        // ---------------------------------------------------------------- paging

        private IAsyncEnumerable<T> PageAsync<T>(string operation, string path, List<KeyValuePair<string, string>> query, string itemsMember,
            Func<JsonElement, T> map, CancellationToken callToken) =>
            PageItemsAsync(operation, path, query, root => Json.Objects(root, itemsMember).Select(map).ToList(), callToken);

        /// <summary>
        /// Pages lazily: each page's items are read by <paramref name="items"/> (objects or plain values, as
        /// ListThingsInThingGroup's thing names), and the next page is requested only once the consumer has moved past this one.
        /// </summary>
        private async IAsyncEnumerable<T> PageItemsAsync<T>(string operation, string path, List<KeyValuePair<string, string>> query,
            Func<JsonElement, IReadOnlyList<T>> items, CancellationToken callToken, [EnumeratorCancellation] CancellationToken enumeratorToken = default)
        {
            using var linked = callToken.CanBeCanceled && enumeratorToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(callToken, enumeratorToken) : null;
            var ct = linked?.Token ?? (callToken.CanBeCanceled ? callToken : enumeratorToken);

            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var q = new List<KeyValuePair<string, string>>(query);
                if (token != null) q.Add(Q("nextToken", token));
                var bytes = await SendAsync(operation, HttpMethod.Get, path, q, null, ct).ConfigureAwait(false);
                IReadOnlyList<T> page;
                using (var doc = ParseSuccess(operation, bytes))
                {
                    page = items(doc.RootElement);
                    token = Json.Str(doc.RootElement, "nextToken");
                }
                // Yielding item by item means the next page is only requested once the consumer has moved past this one.
                foreach (var item in page) yield return item;
                if (string.IsNullOrEmpty(token)) yield break;
                if (!seen.Add(token!))
                    throw new IoTServiceException(ErrorCodes.InvalidResponse, 200,
                        $"{operation} failed: {ErrorCodes.InvalidResponse}: the service returned the same nextToken twice; stopping to avoid an endless listing.", null)
                    { Operation = operation };
            }
        }

        // ---------------------------------------------------------------- transport

        /// <summary>Sends one API call with retries; returns the success body or throws <see cref="IoTServiceException"/>.</summary>
        internal async Task<byte[]> SendAsync(string operation, HttpMethod method, string path, List<KeyValuePair<string, string>>? query,
            byte[]? body, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            var pathAndQuery = "/" + path + BuildQuery(query);
            var uri = new Uri(_baseUrl + path + BuildQuery(query));
            bool outcomeUnknown = false;
            string? previousCode = null;
            var limiter = GetRateLimiter(operation);
            var callClock = limiter == null ? null : Stopwatch.StartNew();
            int counted = 0; // attempts that count against MaxAttempts (adaptive mode lets some throttles through free)
            int lastRetryCost = 0; // what the retry quota paid for the latest retry (a success gives it back)
            bool skewCorrected = false; // one clock-skew correction per call

            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double sentAt = 0;
                if (limiter != null) sentAt = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
                var secrets = Array.Empty<string?>();
                Failure failure;
                string? dateHeader = null;
                var signedAt = ClockSkew.CorrectedUtcNow(Endpoint);
                var sw = Stopwatch.StartNew();
                // A block so the attempt's message and timeout source are disposed before any backoff delay.
                {
                    ImmutableCredentials creds;
                    try
                    {
                        // Resolved per attempt so refreshing credentials (roles, SSO) are current for every signature.
                        creds = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
                        if (creds == null) throw new InvalidOperationException("the credential provider returned no credentials");
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        throw CredentialsUnavailable(operation, ex, attempt, outcomeUnknown);
                    }
                    secrets = new[] { creds.SecretKey, creds.Token };

                    using var message = BuildSignedMessage(method, uri, body, creds, signedAt);
                    using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    if (_timeout != Timeout.InfiniteTimeSpan) attemptCts.CancelAfter(_timeout);
                    // The time with the service, for callers sizing their concurrency (ServiceTimer); waits are left out.
                    using var serviceTime = new ServiceTimeScope(sw);
                    try
                    {
                        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
                        var bytes = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        Log(method, pathAndQuery, $"{status} {response.ReasonPhrase}".TrimEnd(), attempt, sw);
                        if (status >= 200 && status < 300)
                        {
                            limiter?.OnResponse(sentAt, throttled: false);
                            _quota.OnSuccess(lastRetryCost);
                            return bytes;
                        }
                        dateHeader = Header(response, "Date");
                        failure = ErrorParser.Parse(operation, status, response.ReasonPhrase, Header(response, "x-amzn-ErrorType"),
                            Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id"),
                            response.Content?.Headers.ContentType?.MediaType, bytes);
                        // botocore's throttling detector (the throttling codes, or HTTP 429), less LimitExceededException.
                        limiter?.OnResponse(sentAt, throttled: ErrorCodes.IsRateSignal(failure.Code, status));
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        Log(method, pathAndQuery, "canceled", attempt, sw);
                        throw new OperationCanceledException($"{operation} was canceled.", cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        // Not the caller's token: our per-attempt timeout fired.
                        Log(method, pathAndQuery, ErrorCodes.RequestTimeout, attempt, sw);
                        failure = new Failure
                        {
                            Code = ErrorCodes.RequestTimeout,
                            Message = $"{operation} failed: {ErrorCodes.RequestTimeout}: no response from {Endpoint.Authority} within {_timeout.TotalSeconds:0.###} s (the request may or may not have been processed).",
                        };
                    }
                    catch (Exception ex) when (IsTransportFailure(ex))
                    {
                        Log(method, pathAndQuery, ErrorCodes.ConnectionFailure, attempt, sw);
                        failure = new Failure
                        {
                            Code = ErrorCodes.ConnectionFailure,
                            Message = $"{operation} failed: {ErrorCodes.ConnectionFailure}: the connection to {Endpoint.Authority} failed or was dropped ({Describe(ex)}).",
                        };
                    }
                }

                var error = ToException(operation, failure, secrets, attempt, outcomeUnknown);
                // Clock skew (as AWSSDK.Core): the service's clock, from its Date header or its message, becomes this
                // endpoint's correction, and the request is signed again with it and retried at once. The retry counts
                // as an attempt but costs no retry quota; a second time error in one call is reported, not corrected.
                bool skewRetry = !skewCorrected && failure.Status != 0 &&
                                 ClockSkew.TryCorrect(Endpoint, failure.Code, failure.ServiceMessage, dateHeader, signedAt, out _);
                if (skewRetry)
                {
                    skewCorrected = true;
                    LogLine($"Clock skew: {Endpoint.Authority} refused a request signed at {signedAt:yyyy-MM-dd HH:mm:ss} UTC ({failure.Code}); " +
                            $"its clock is {ClockSkew.Describe(ClockSkew.CorrectionFor(Endpoint))} from this computer's, and requests to it are now signed with that correction.");
                }
                // Adaptive mode: a throttle while the operation makes progress is the limiter's business, not a failure:
                // retry at once (the limiter paces the retry) without using up an attempt, within a bounded call time.
                bool freeRetry = !skewRetry && limiter != null && ErrorCodes.IsRateSignal(failure.Code, failure.Status) &&
                                 limiter.SucceededWithin(ThrottleProgressWindow) && callClock!.Elapsed < MaxThrottledCallTime;
                if (!freeRetry) counted++;
                TimeSpan? delay = freeRetry ? TimeSpan.Zero
                    : counted >= _maxAttempts ? null
                    : skewRetry ? TimeSpan.Zero
                    : _retry.GetRetryDelay(error, counted);
                string quotaNote = "";
                if (delay != null && !freeRetry && !skewRetry)
                {
                    // The retry quota pays for every counted retry; an empty bucket ends the call with its error.
                    int cost = RetryQuota.CostOf(failure.Code);
                    if (_quota.TryAcquire(cost)) lastRetryCost = cost;
                    else
                    {
                        delay = null;
                        quotaNote = $" (not retried: the client's retry quota is used up by recent failures ({_quota.Available} of {_quota.Capacity} tokens left), " +
                                    "which happens when the service fails many requests in a row; it refills as requests succeed)";
                        LogLine($"Retry quota: {_quota.Available}/{_quota.Capacity} tokens left, {operation} is not retried after {failure.Code}.");
                    }
                }
                else if (skewRetry)
                {
                    lastRetryCost = 0;
                }
                if (delay == null)
                {
                    var clockNote = ClockSkew.IsTimeError(failure.Code, failure.ServiceMessage) ? ClockAdvice(signedAt, dateHeader, failure.ServiceMessage) : "";
                    if (attempt > 1 || quotaNote.Length > 0 || clockNote.Length > 0)
                    {
                        var suffix = attempt <= 1 ? ""
                            : ErrorCodes.IsRetryable(failure.Code, failure.Status)
                            ? $" (gave up after {attempt} attempts)"
                            : $" (on attempt {attempt}; earlier attempts failed with {previousCode})";
                        error = ToException(operation, failure, secrets, attempt, outcomeUnknown, suffix + quotaNote + clockNote);
                        error.IsClockError = clockNote.Length > 0;
                        if (quotaNote.Length > 0)
                            error.RetryQuotaNote = "Not retried: the client's retry quota is used up by recent failures (the service failed many requests in a row); it refills as requests succeed.";
                    }
                    throw error;
                }
                outcomeUnknown |= ErrorCodes.IsOutcomeUnknown(failure.Code, failure.Status);
                previousCode = failure.Code;
                if (delay.Value > TimeSpan.Zero)
                    await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The credentials could not be had at request time: say where they came from and what to do.</summary>
        private IoTServiceException CredentialsUnavailable(string operation, Exception ex, int attempt, bool outcomeUnknown)
        {
            string detail = $"{ex.GetType().Name}: {Redactor.Redact(ex.Message, Array.Empty<string>())}";
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is MfaCodeUnavailableException mfa) { detail = mfa.Message; break; }
            }
            var advice = Settings.CredentialRefreshAdvice ?? "refresh them or supply others";
            return new IoTServiceException(ErrorCodes.CredentialsUnavailable, 0,
                $"{operation} failed: {ErrorCodes.CredentialsUnavailable}: credentials from {Settings.CredentialSource} could not be obtained ({detail}). " +
                char.ToUpperInvariant(advice[0]) + advice.Substring(1) + ".", null, ex)
            { Operation = operation, Attempts = attempt, PreviousAttemptOutcomeUnknown = outcomeUnknown };
        }

        /// <summary>The end of a message for a request refused on time after correction: the times seen, and what to check.</summary>
        private string ClockAdvice(DateTime signedAt, string? dateHeader, string? serviceMessage)
        {
            string server = ClockSkew.TryParseDate(dateHeader, out var t) || ClockSkew.TryParseMessage(serviceMessage, out t)
                ? $"the service's clock said {t:yyyy-MM-dd HH:mm:ss} UTC"
                : "the service did not say its time";
            var correction = ClockSkew.CorrectionFor(Endpoint);
            return $" The request was signed at {signedAt:yyyy-MM-dd HH:mm:ss} UTC (this computer's clock" +
                   (correction == TimeSpan.Zero ? "" : $" with a correction of {ClockSkew.Describe(correction)}") +
                   $") and {server}. Check this computer's clock: its time and time zone, and that it is kept in sync (NTP).";
        }

        private void LogLine(string line)
        {
            if (_log == null) return;
            try
            {
                _log(line);
            }
            catch (Exception)
            {
                // A failing log sink must not fail the request.
            }
        }

        private HttpRequestMessage BuildSignedMessage(HttpMethod method, Uri uri, byte[]? body, ImmutableCredentials creds, DateTime signedAt)
        {
            var message = new HttpRequestMessage(method, uri);
            var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = uri };
            if (body != null)
            {
                signing.Content = body;
                signing.Headers["Content-Type"] = "application/json";
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            AWSCredentials attemptCredentials = string.IsNullOrEmpty(creds.Token)
                ? new BasicAWSCredentials(creds.AccessKey, creds.SecretKey)
                : (AWSCredentials)new SessionAWSCredentials(creds.AccessKey, creds.SecretKey, creds.Token);
            // The non-S3 signer canonicalizes the already-encoded wire path, i.e. encodes it a second time
            // (/things/a%3Ab -> /things/a%253Ab), which is what the IoT service expects.
            var result = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
            {
                Credentials = attemptCredentials,
                Region = _signingRegion,
                Service = SigningName,
                // The machine's clock plus this endpoint's clock-skew correction (ClockSkew).
                SignedAt = signedAt,
            });
            foreach (var h in result.Headers)
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            return message;
        }

        private static IoTServiceException ToException(string operation, Failure f, string?[] secrets, int attempts, bool outcomeUnknown, string suffix = "")
        {
            var ex = new IoTServiceException(f.Code, f.Status, Redactor.Redact(f.Message, secrets) + suffix, f.RequestId)
            {
                Attempts = attempts,
                PreviousAttemptOutcomeUnknown = outcomeUnknown,
                Operation = operation,
                ServiceMessage = f.ServiceMessage == null ? null : Redactor.Redact(f.ServiceMessage, secrets),
            };
            if (f.Extra != null)
                ex.ExtraFields = f.Extra.ToDictionary(kv => kv.Key, kv => Redactor.Redact(kv.Value, secrets), StringComparer.Ordinal);
            return ex;
        }

        private static bool IsTransportFailure(Exception ex) =>
            ex is HttpRequestException || ex is IOException || ex is SocketException;

        /// <summary>The exception chain as type names and messages; the caller redacts secrets (none are expected here).</summary>
        private static string Describe(Exception ex)
        {
            var parts = new List<string>();
            for (var e = ex; e != null && parts.Count < 4; e = e.InnerException)
                parts.Add($"{e.GetType().Name}: {e.Message}");
            return string.Join(" -> ", parts);
        }

        /// <summary>Adds one attempt's time with the service to the caller's <see cref="ServiceTimer"/>, however the attempt ends.</summary>
        private readonly struct ServiceTimeScope : IDisposable
        {
            private readonly Stopwatch _sw;
            public ServiceTimeScope(Stopwatch sw) => _sw = sw;
            public void Dispose() => ServiceTimer.Add(_sw.Elapsed);
        }

        private void Log(HttpMethod method, string pathAndQuery, string outcome, int attempt, Stopwatch sw)
        {
            if (_log == null) return;
            try
            {
                _log($"{method.Method} {pathAndQuery} -> {outcome} (attempt {attempt}/{_maxAttempts}, {sw.ElapsedMilliseconds} ms)");
            }
            catch (Exception)
            {
                // A failing log sink must not fail the request.
            }
        }

        private static string? Header(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out var values)) return values.FirstOrDefault();
            if (response.Content != null && response.Content.Headers.TryGetValues(name, out values)) return values.FirstOrDefault();
            return null;
        }

        private static JsonDocument ParseSuccess(string operation, byte[] bytes)
        {
            JsonDocument? doc = null;
            try
            {
                if (bytes.Length > 0) doc = JsonDocument.Parse(bytes);
            }
            catch (JsonException)
            {
                doc = null;
            }
            if (doc == null || doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc?.Dispose();
                var what = bytes.Length == 0 ? "an empty body" : $"a {bytes.Length}-byte body that is not a JSON object";
                throw new IoTServiceException(ErrorCodes.InvalidResponse, 200,
                    $"{operation} failed: {ErrorCodes.InvalidResponse}: the service answered HTTP 200 with {what}; is the endpoint an AWS IoT endpoint?", null)
                { Operation = operation };
            }
            return doc;
        }

        // ---------------------------------------------------------------- request building helpers

        private static byte[] WriteBody(Action<Utf8JsonWriter> members)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                members(w);
                w.WriteEndObject();
            }
            return ms.ToArray();
        }

        /// <summary>Percent-encodes a path label (RFC 3986 unreserved characters stay, ':' becomes %3A).</summary>
        internal static string Label(string value) => Uri.EscapeDataString(value);

        private static string BuildQuery(List<KeyValuePair<string, string>>? query)
        {
            if (query == null || query.Count == 0) return "";
            var sb = new StringBuilder("?");
            for (int i = 0; i < query.Count; i++)
            {
                if (i > 0) sb.Append('&');
                sb.Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
            }
            return sb.ToString();
        }

        private static KeyValuePair<string, string> Q(string k, string v) => new KeyValuePair<string, string>(k, v);

        private static void AddIfSet(List<KeyValuePair<string, string>> q, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) q.Add(Q(name, value!));
        }

        private static void AddPageSize(List<KeyValuePair<string, string>> q, int? pageSize)
        {
            if (!pageSize.HasValue) return;
            if (pageSize.Value < 1 || pageSize.Value > 250)
                throw new ArgumentOutOfRangeException("PageSize", pageSize.Value, $"PageSize {pageSize.Value} is not valid: the service accepts 1 to 250 results per page.");
            q.Add(Q("maxResults", pageSize.Value.ToString(CultureInfo.InvariantCulture)));
        }

        private static void RequireLabel(string? value, string name)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{name} is required and must not be empty.", name);
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(IoTJobsClient));
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            // Disposes the handler only when the client created it (a TransportHandler belongs to the caller).
            _http.Dispose();
        }
    }
}
