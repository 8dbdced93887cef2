using IoTJobs.Client.Operations;

namespace IoTJobs.Client
{
    /// <summary>
    /// The surface the cmdlets use: the AWS IoT control-plane operations for jobs, job executions, things and thing
    /// groups, fleet indexing's SearchIndex, and STS GetCallerIdentity. Every call is signed with SigV4, retried with the
    /// AWS SDKs' retry modes and observes the cancellation token; errors surface as <see cref="IoTServiceException"/>.
    /// Lists are lazy: the next page is requested only when the consumer asks for an item beyond the current page.
    /// </summary>
    public interface IIoTJobsClient : IDisposable
    {
        /// <summary>The region requests are signed for.</summary>
        string Region { get; }

        /// <summary>The endpoint requests are sent to.</summary>
        Uri Endpoint { get; }

        /// <summary>CancelJobExecution: PUT /things/{thingName}/jobs/{jobId}/cancel. No output on success.</summary>
        Task CancelJobExecutionAsync(CancelJobExecutionRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeJobExecution: GET /things/{thingName}/jobs/{jobId}.</summary>
        Task<JobExecutionData> DescribeJobExecutionAsync(string thingName, string jobId, long? executionNumber = null, CancellationToken cancellationToken = default);

        /// <summary>ListJobExecutionsForJob, paged lazily.</summary>
        IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForJobAsync(ListJobExecutionsForJobRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListJobExecutionsForThing, paged lazily.</summary>
        IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForThingAsync(ListJobExecutionsForThingRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeJob: GET /jobs/{jobId}.</summary>
        Task<JobData> DescribeJobAsync(string jobId, CancellationToken cancellationToken = default);

        /// <summary>ListJobs, paged lazily.</summary>
        IAsyncEnumerable<JobData> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default);

        /// <summary>CancelJob: PUT /jobs/{jobId}/cancel.</summary>
        Task<CancelJobResult> CancelJobAsync(CancelJobRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeThing: GET /things/{thingName}.</summary>
        Task<ThingData> DescribeThingAsync(string thingName, CancellationToken cancellationToken = default);

        /// <summary>ListThings, paged lazily.</summary>
        IAsyncEnumerable<ThingData> ListThingsAsync(ListThingsRequest request, CancellationToken cancellationToken = default);

        // ---- static thing groups

        /// <summary>DescribeThingGroup: GET /thing-groups/{thingGroupName}.</summary>
        Task<ThingGroupData> DescribeThingGroupAsync(string thingGroupName, CancellationToken cancellationToken = default);

        /// <summary>ListThingGroups, paged lazily: each entry has the group's name and ARN only.</summary>
        IAsyncEnumerable<ThingGroupData> ListThingGroupsAsync(ListThingGroupsRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListThingsInThingGroup, paged lazily: thing names.</summary>
        IAsyncEnumerable<string> ListThingsInThingGroupAsync(ListThingsInThingGroupRequest request, CancellationToken cancellationToken = default);

        // ---- fleet indexing

        /// <summary>SearchIndex: POST /indices/search, the things a fleet indexing query matches, paged lazily.</summary>
        IAsyncEnumerable<ThingDocumentData> SearchIndexAsync(SearchIndexRequest request, CancellationToken cancellationToken = default);

        // ---- STS

        /// <summary>STS GetCallerIdentity: the account (and ARN and user id) the client's credentials act in.</summary>
        Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default);
    }
}
