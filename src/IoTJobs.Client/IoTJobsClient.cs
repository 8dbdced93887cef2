using IoTJobs.Client.Configuration;
using IoTJobs.Client.Http;
using IoTJobs.Client.Operations;
using IoTJobs.Client.Retry;

namespace IoTJobs.Client
{
    /// <summary>
    /// The IoT control-plane REST client (plus STS GetCallerIdentity): the operations of <see cref="IIoTJobsClient"/>
    /// over one <see cref="RequestPipeline"/> with SigV4 via AWSSDK.Core and the AWS retry modes. Thread-safe and reusable.
    /// </summary>
    public sealed class IoTJobsClient : IIoTJobsClient
    {
        /// <summary>SigV4 credential-scope service name. botocore's current IoT model signs with "iot" (older clients used "execute-api").</summary>
        public const string SigningName = "iot";

        /// <summary>Default per-attempt timeout.</summary>
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

        private readonly RequestPipeline _pipeline;
        private readonly IotRestJson _iot;
        private readonly StsOperations _sts;

        /// <summary>Resolves settings (<see cref="ClientSettingsResolver"/>) and creates a client.</summary>
        /// <exception cref="IoTJobsConfigurationException">A setting is missing or invalid.</exception>
        public static IoTJobsClient Create(ClientOptions options) => new IoTJobsClient(ClientSettingsResolver.Resolve(options), options);

        public IoTJobsClient(ResolvedSettings settings, ClientOptions? options = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            options ??= new ClientOptions();
            MaxAttempts = options.MaxAttempts ?? settings.MaxAttempts;
            if (MaxAttempts < 1) throw new IoTJobsConfigurationException("MaxAttempts", $"The max attempts value '{MaxAttempts}' is not valid: it must be at least 1.");
            var timeout = options.RequestTimeout ?? DefaultRequestTimeout;
            if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
                throw new IoTJobsConfigurationException("RequestTimeout", $"The request timeout '{timeout}' is not valid: it must be a positive duration.");
            var clock = options.Clock ?? SystemClock.Instance;
            var log = new RequestLog(options.Log);
            var retry = options.RetryPolicy ?? new RetryPolicy(MaxAttempts, new RetryQuota(options.RetryQuotaCapacity ?? RetryQuota.DefaultCapacity));
            _pipeline = new RequestPipeline(new SigningCredentials(settings.Credentials, settings.CredentialSource, settings.CredentialRefreshAdvice),
                new RequestSigner(settings.Region), new HttpTransport(options.TransportHandler, timeout, clock, log),
                new RequestPacer(settings.RetryMode == RetryModes.Adaptive, clock), retry, MaxAttempts, ClockSkew.Shared, clock, log);
            _iot = new IotRestJson(_pipeline, settings.Endpoint);
            _sts = new StsOperations(_pipeline, settings.StsEndpoint);
        }

        public ResolvedSettings Settings { get; }
        public string Region => Settings.Region;
        public Uri Endpoint => Settings.Endpoint;
        /// <summary>Total attempts per call in effect.</summary>
        public int MaxAttempts { get; }
        /// <summary>"standard" or "adaptive".</summary>
        public string RetryMode => _pipeline.Pacer.Adaptive ? RetryModes.Adaptive : RetryModes.Standard;
        /// <summary>The retry quota shared by every call of this client (standard and adaptive mode).</summary>
        public RetryQuota RetryQuota => _pipeline.RetryPolicy.Quota;

        /// <summary>The adaptive-mode limiter of an operation (e.g. "CancelJobExecution"); null in standard mode.</summary>
        public AdaptiveRateLimiter? GetRateLimiter(string operation) => _pipeline.Pacer.LimiterFor(operation);

        public Task CancelJobExecutionAsync(CancelJobExecutionRequest request, CancellationToken cancellationToken = default) =>
            _iot.CancelJobExecutionAsync(request, cancellationToken);

        public Task<JobExecutionData> DescribeJobExecutionAsync(string thingName, string jobId, long? executionNumber = null, CancellationToken cancellationToken = default) =>
            _iot.DescribeJobExecutionAsync(thingName, jobId, executionNumber, cancellationToken);

        public IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForJobAsync(ListJobExecutionsForJobRequest request, CancellationToken cancellationToken = default) =>
            _iot.ListJobExecutionsForJobAsync(request, cancellationToken);

        public IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForThingAsync(ListJobExecutionsForThingRequest request, CancellationToken cancellationToken = default) =>
            _iot.ListJobExecutionsForThingAsync(request, cancellationToken);

        public Task<JobData> DescribeJobAsync(string jobId, CancellationToken cancellationToken = default) => _iot.DescribeJobAsync(jobId, cancellationToken);

        public IAsyncEnumerable<JobData> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default) => _iot.ListJobsAsync(request, cancellationToken);

        public Task<CancelJobResult> CancelJobAsync(CancelJobRequest request, CancellationToken cancellationToken = default) => _iot.CancelJobAsync(request, cancellationToken);

        public Task<ThingData> DescribeThingAsync(string thingName, CancellationToken cancellationToken = default) => _iot.DescribeThingAsync(thingName, cancellationToken);

        public IAsyncEnumerable<ThingData> ListThingsAsync(ListThingsRequest request, CancellationToken cancellationToken = default) => _iot.ListThingsAsync(request, cancellationToken);

        public Task<ThingGroupData> DescribeThingGroupAsync(string thingGroupName, CancellationToken cancellationToken = default) =>
            _iot.DescribeThingGroupAsync(thingGroupName, cancellationToken);

        public IAsyncEnumerable<ThingGroupData> ListThingGroupsAsync(ListThingGroupsRequest request, CancellationToken cancellationToken = default) =>
            _iot.ListThingGroupsAsync(request, cancellationToken);

        public IAsyncEnumerable<string> ListThingsInThingGroupAsync(ListThingsInThingGroupRequest request, CancellationToken cancellationToken = default) =>
            _iot.ListThingsInThingGroupAsync(request, cancellationToken);

        public IAsyncEnumerable<ThingDocumentData> SearchIndexAsync(SearchIndexRequest request, CancellationToken cancellationToken = default) =>
            _iot.SearchIndexAsync(request, cancellationToken);

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) => _sts.GetCallerIdentityAsync(cancellationToken);

        /// <summary>Disposes the transport handler only when the client created it (a TransportHandler belongs to the caller).</summary>
        public void Dispose() => _pipeline.Dispose();
    }
}
