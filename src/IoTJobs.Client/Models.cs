using System;
using System.Collections.Generic;

namespace IoTJobs.Client
{
    // Wire-level data, as the service returned it. Every member the service may leave out is nullable, and
    // enum-typed members stay strings so that values added to the service model later are tolerated.

    public sealed class CancelJobExecutionRequest
    {
        public string ThingName { get; set; } = "";
        public string JobId { get; set; } = "";
        /// <summary>Sent as the query value force=true only when true; left out otherwise.</summary>
        public bool Force { get; set; }
        public long? ExpectedVersion { get; set; }
        /// <summary>Null: statusDetails is not sent (the service keeps the stored map).</summary>
        public IDictionary<string, string>? StatusDetails { get; set; }
    }

    public sealed class ListJobExecutionsForJobRequest
    {
        public string JobId { get; set; } = "";
        public string? Status { get; set; }
        /// <summary>maxResults per page (1..250); null lets the service choose.</summary>
        public int? PageSize { get; set; }
    }

    public sealed class ListJobExecutionsForThingRequest
    {
        public string ThingName { get; set; } = "";
        public string? Status { get; set; }
        public string? NamespaceId { get; set; }
        public string? JobId { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class ListJobsRequest
    {
        public string? Status { get; set; }
        public string? TargetSelection { get; set; }
        public string? ThingGroupName { get; set; }
        public string? ThingGroupId { get; set; }
        public string? NamespaceId { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class ListThingsRequest
    {
        public string? AttributeName { get; set; }
        public string? AttributeValue { get; set; }
        public string? ThingTypeName { get; set; }
        public bool? UsePrefixAttributeValue { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class CancelJobRequest
    {
        public string JobId { get; set; } = "";
        public bool Force { get; set; }
        public string? ReasonCode { get; set; }
        public string? Comment { get; set; }
    }

    /// <summary>The control plane's JobExecution (DescribeJobExecution).</summary>
    public sealed class JobExecutionData
    {
        public string? JobId { get; set; }
        public string? ThingArn { get; set; }
        public string? Status { get; set; }
        public bool? ForceCanceled { get; set; }
        /// <summary>statusDetails.detailsMap; null when the service sent none.</summary>
        public IReadOnlyDictionary<string, string>? StatusDetails { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public long? ExecutionNumber { get; set; }
        public long? VersionNumber { get; set; }
        public long? ApproximateSecondsBeforeTimedOut { get; set; }
    }

    /// <summary>
    /// One entry of ListJobExecutionsForJob (ThingArn set, JobId null) or ListJobExecutionsForThing
    /// (JobId set, ThingArn null): the summary has no version number.
    /// </summary>
    public sealed class JobExecutionSummaryData
    {
        public string? ThingArn { get; set; }
        public string? JobId { get; set; }
        public string? Status { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public long? ExecutionNumber { get; set; }
        public int? RetryAttempt { get; set; }
    }

    /// <summary>DescribeJob's Job, or ListJobs' JobSummary (fewer members set).</summary>
    public sealed class JobData
    {
        public string? JobArn { get; set; }
        public string? JobId { get; set; }
        public string? TargetSelection { get; set; }
        public string? Status { get; set; }
        public bool? ForceCanceled { get; set; }
        public string? ReasonCode { get; set; }
        public string? Comment { get; set; }
        public IReadOnlyList<string>? Targets { get; set; }
        public string? Description { get; set; }
        public string? ThingGroupId { get; set; }
        public string? NamespaceId { get; set; }
        public bool? IsConcurrent { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public DateTime? CompletedAt { get; set; }
        /// <summary>jobProcessDetails; null for list summaries.</summary>
        public JobProcessDetailsData? ProcessDetails { get; set; }
    }

    public sealed class JobProcessDetailsData
    {
        public int? NumberOfCanceledThings { get; set; }
        public int? NumberOfSucceededThings { get; set; }
        public int? NumberOfFailedThings { get; set; }
        public int? NumberOfRejectedThings { get; set; }
        public int? NumberOfQueuedThings { get; set; }
        public int? NumberOfInProgressThings { get; set; }
        public int? NumberOfRemovedThings { get; set; }
        public int? NumberOfTimedOutThings { get; set; }
    }

    public sealed class CancelJobResult
    {
        public string? JobArn { get; set; }
        public string? JobId { get; set; }
        public string? Description { get; set; }
    }

    /// <summary>DescribeThing's output, or ListThings' ThingAttribute (no ThingId, DefaultClientId, BillingGroupName).</summary>
    public sealed class ThingData
    {
        public string? ThingName { get; set; }
        public string? ThingId { get; set; }
        public string? ThingArn { get; set; }
        public string? ThingTypeName { get; set; }
        public IReadOnlyDictionary<string, string>? Attributes { get; set; }
        public long? Version { get; set; }
        public string? DefaultClientId { get; set; }
        public string? BillingGroupName { get; set; }
    }

    /// <summary>
    /// A service error (or a transport failure after all retries). Code comes from x-amzn-ErrorType, then the body's
    /// code/__type; the message never contains a secret or an Authorization header.
    /// </summary>
    public class IoTServiceException : Exception
    {
        public IoTServiceException(string errorCode, int statusCode, string message, string? requestId, Exception? inner = null)
            : base(message, inner)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
            RequestId = requestId;
        }

        /// <summary>e.g. InvalidStateTransitionException, or a transport code such as RequestTimeout / ConnectionFailure.</summary>
        public string ErrorCode { get; }
        /// <summary>HTTP status; 0 when no response arrived.</summary>
        public int StatusCode { get; }
        public string? RequestId { get; }
        /// <summary>The raw response body's extra members (e.g. a VersionConflictException's execution state), if any.</summary>
        public IReadOnlyDictionary<string, string>? ExtraFields { get; set; }
        /// <summary>How many attempts were made.</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>
        /// True when an earlier attempt of this call ended without a definite answer (timeout, dropped connection,
        /// 500/502/504), so the service may already have applied the request. A non-idempotent call such as
        /// CancelJobExecution can then fail on the retry (409) although the first attempt succeeded: check the state.
        /// </summary>
        public bool PreviousAttemptOutcomeUnknown { get; set; }

        /// <summary>The service's own message (body message/Message), without the operation and code prefix; null if none.</summary>
        public string? ServiceMessage { get; set; }

        /// <summary>The API operation that failed, e.g. CancelJobExecution.</summary>
        public string? Operation { get; set; }

        public bool IsThrottling => ErrorCodes.IsThrottling(ErrorCode);

        /// <summary>The service refused the request for its signing time, even after the client corrected its clock skew.</summary>
        public bool IsClockError { get; set; }

        /// <summary>
        /// The call was not retried (further) because the client's retry quota was used up by recent failures: what a
        /// user sees instead of the retries AWS_MAX_ATTEMPTS allows; null when the quota did not stop it.
        /// </summary>
        public string? RetryQuotaNote { get; set; }
    }
}
