using System.Runtime.CompilerServices;

namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>
    /// An IIoTJobsClient whose answers a test scripts: the engine and the cmdlets run against it without HTTP. Every call
    /// is recorded by operation name; an operation nobody scripted fails the test loudly.
    /// </summary>
    internal sealed class FakeIoTJobsClient : IIoTJobsClient
    {
        public FakeIoTJobsClient(string region = "us-east-1") => Region = region;

        public string Region { get; }
        public Uri Endpoint { get; } = new Uri("http://127.0.0.1:1/");
        public List<string> Calls { get; } = new List<string>();

        public Func<CancelJobExecutionRequest, Task>? OnCancelExecution { get; set; }
        public Func<string, string, long?, Task<JobExecutionData>>? OnDescribeExecution { get; set; }
        public Func<CancelJobRequest, Task<CancelJobResult>>? OnCancelJob { get; set; }
        public Func<string, Task<JobData>>? OnDescribeJob { get; set; }
        public Func<ListJobExecutionsForJobRequest, IEnumerable<JobExecutionSummaryData>>? OnListForJob { get; set; }
        public Func<Task<CallerIdentity>>? OnCallerIdentity { get; set; }

        /// <summary>An error as the client raises it after its retries.</summary>
        public static IoTServiceException Error(string code, int status, int attempts = 1, bool previousUnknown = false) =>
            new IoTServiceException(code, status, $"{code}: scripted", "req-1") { Attempts = attempts, PreviousAttemptOutcomeUnknown = previousUnknown, ServiceMessage = "scripted" };

        public static JobExecutionData Execution(string thing, string job, string status, long version = 2, long number = 1) => new JobExecutionData
        {
            JobId = job, ThingArn = $"arn:aws:iot:us-east-1:123456789012:thing/{thing}", Status = status, VersionNumber = version, ExecutionNumber = number,
        };

        private T Script<T>(T? handler, [CallerMemberName] string operation = "") where T : class
        {
            lock (Calls) Calls.Add(operation.Replace("Async", "")); // bulk tests call from many tasks at once
            return handler ?? throw new InvalidOperationException($"The test did not script {operation}.");
        }

        public Task CancelJobExecutionAsync(CancelJobExecutionRequest request, CancellationToken cancellationToken = default) =>
            Script(OnCancelExecution)(request);

        public Task<JobExecutionData> DescribeJobExecutionAsync(string thingName, string jobId, long? executionNumber = null, CancellationToken cancellationToken = default) =>
            Script(OnDescribeExecution)(thingName, jobId, executionNumber);

        public async IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForJobAsync(ListJobExecutionsForJobRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var summary in Script(OnListForJob)(request))
            {
                await Task.Yield();
                yield return summary;
            }
        }

        public IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForThingAsync(ListJobExecutionsForThingRequest request, CancellationToken cancellationToken = default) =>
            throw Unscripted();

        public Task<JobData> DescribeJobAsync(string jobId, CancellationToken cancellationToken = default) => Script(OnDescribeJob)(jobId);

        public IAsyncEnumerable<JobData> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default) => throw Unscripted();

        public Task<CancelJobResult> CancelJobAsync(CancelJobRequest request, CancellationToken cancellationToken = default) => Script(OnCancelJob)(request);

        public Task<ThingData> DescribeThingAsync(string thingName, CancellationToken cancellationToken = default) => throw Unscripted();

        public IAsyncEnumerable<ThingData> ListThingsAsync(ListThingsRequest request, CancellationToken cancellationToken = default) => throw Unscripted();

        public Task<ThingGroupData> DescribeThingGroupAsync(string thingGroupName, CancellationToken cancellationToken = default) => throw Unscripted();

        public IAsyncEnumerable<ThingGroupData> ListThingGroupsAsync(ListThingGroupsRequest request, CancellationToken cancellationToken = default) => throw Unscripted();

        public IAsyncEnumerable<string> ListThingsInThingGroupAsync(ListThingsInThingGroupRequest request, CancellationToken cancellationToken = default) => throw Unscripted();

        public Func<SearchIndexRequest, IEnumerable<ThingDocumentData>>? OnSearchIndex { get; set; }

        public async IAsyncEnumerable<ThingDocumentData> SearchIndexAsync(SearchIndexRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var document in Script(OnSearchIndex)(request))
            {
                await Task.Yield();
                yield return document;
            }
        }

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) => Script(OnCallerIdentity)();

        private static Exception Unscripted([CallerMemberName] string operation = "") => new InvalidOperationException($"The test did not script {operation}.");

        public void Dispose() { }
    }

    /// <summary>A clock the engine's read-back waits on: it records each wait and returns at once.</summary>
    internal sealed class FakeDelay
    {
        public List<TimeSpan> Waits { get; } = new List<TimeSpan>();

        public Task Wait(TimeSpan delay, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            Waits.Add(delay);
            return Task.CompletedTask;
        }
    }
}
