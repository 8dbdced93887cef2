using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Job executions on the control plane: describe, list by job or thing, cancel, delete.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>
    /// How long a cancel takes to show: AWS documents that CANCELED "might take some time", so a describe this soon
    /// after a CancelJobExecution still shows the execution as it was (default: no lag).
    /// </summary>
    public TimeSpan ConsistencyLag { get; set; }

    public JobExecutionSnapshot DescribeJobExecution(string thingName, string jobId, long? executionNumber = null)
    {
        Validation.ThingName(thingName);
        Validation.JobId(jobId);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, executionNumber);
            if (e.BeforeCancel != null && _clock() - e.CanceledAt < ConsistencyLag) return e.BeforeCancel;
            return Snap(e);
        }
    }

    public Page<JobExecutionSnapshot> ListJobExecutionsForJob(string jobId, string? status, long afterSeq, int maxResults)
    {
        Validation.JobId(jobId);
        lock (_gate)
        {
            Tick();
            var job = GetJob(jobId);
            return PageOf(job.Executions, e => e.Seq, afterSeq, maxResults, e => status == null || e.Status == status, Snap);
        }
    }

    public Page<JobExecutionSnapshot> ListJobExecutionsForThing(string thingName, string? status, string? jobId, string? namespaceId,
        long afterSeq, int maxResults)
    {
        Validation.ThingName(thingName);
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            return PageOf(thing.Executions, e => e.Seq, afterSeq, maxResults, e =>
                    (status == null || e.Status == status) &&
                    (jobId == null || e.Job.Id == jobId) &&
                    (namespaceId == null || e.Job.NamespaceId == namespaceId),
                Snap);
        }
    }

    /// <summary>
    /// CancelJobExecution: QUEUED -> CANCELED; IN_PROGRESS -> CANCELED only with force (forceCanceled=true);
    /// anything else (every terminal state, CANCELED included) -> InvalidStateTransitionException.
    /// expectedVersion is checked first (VersionConflictException). versionNumber is incremented.
    /// </summary>
    public JobExecutionSnapshot CancelJobExecution(string thingName, string jobId, bool force = false, long? expectedVersion = null,
        IReadOnlyDictionary<string, string>? statusDetails = null)
    {
        Validation.ThingName(thingName);
        Validation.JobId(jobId);
        Validation.StatusDetails(statusDetails);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, null);
            CheckVersion(e, expectedVersion, controlPlane: true);
            if (e.Status == JobExecutionStatus.InProgress && !force)
                throw InvalidTransition(e, "cannot be canceled without force=true");
            if (e.Status != JobExecutionStatus.Queued && e.Status != JobExecutionStatus.InProgress)
                throw InvalidTransition(e, "is in a terminal state and cannot be canceled");
            var now = _clock();
            if (ConsistencyLag > TimeSpan.Zero)
            {
                e.BeforeCancel = Snap(e);
                e.CanceledAt = now;
            }
            if (e.Status == JobExecutionStatus.InProgress) e.ForceCanceled = true;
            if (statusDetails != null) e.StatusDetails = new(statusDetails, StringComparer.Ordinal);
            SetStatus(e, JobExecutionStatus.Canceled, now);
            return Snap(e);
        }
    }

    /// <summary>DeleteJobExecution: QUEUED or terminal executions; IN_PROGRESS only with force.</summary>
    public void DeleteJobExecution(string thingName, string jobId, long executionNumber, bool force = false)
    {
        Validation.ThingName(thingName);
        Validation.JobId(jobId);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, executionNumber);
            if (e.Status == JobExecutionStatus.InProgress && !force)
                throw InvalidTransition(e, "cannot be deleted without force=true");
            e.Deleted = true;
            e.Job.Executions.Remove(e);
            e.Thing.Executions.Remove(e);
            Count(e.Job, e.Status, -1);
            MaybeComplete(e.Job, _clock());
        }
    }

    /// <summary>
    /// expectedVersion: the error carries only what the model has (message). The control plane's error is
    /// VersionConflictException; the data plane's model has none, so there it is its 409, InvalidStateTransitionException.
    /// Neither message reveals the current state: a client describes the execution to learn it, as against AWS.
    /// </summary>
    private static void CheckVersion(ExecutionRecord e, long? expectedVersion, bool controlPlane)
    {
        if (expectedVersion == null || expectedVersion == e.VersionNumber) return;
        string message = $"The expected version {expectedVersion} does not match the current version of job execution {e.Job.Id} on thing {e.Thing.Name}.";
        throw controlPlane
            ? new EmulatorApiException(409, "VersionConflictException", message)
            : EmulatorApiException.InvalidState(message);
    }

    private static EmulatorApiException InvalidTransition(ExecutionRecord e, string what) =>
        EmulatorApiException.InvalidState($"Job execution {e.Job.Id} on thing {e.Thing.Name} is in status {e.Status} and {what}.");
}
