using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Job executions as devices see them (the jobs data plane): start next, update, pending, describe.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>
    /// StartNextPendingJobExecution: like AWS, "pending" means IN_PROGRESS or QUEUED: an execution already
    /// IN_PROGRESS is returned unchanged; otherwise the oldest QUEUED one becomes IN_PROGRESS (startedAt set,
    /// version + 1). Null when nothing is pending.
    /// </summary>
    public JobExecutionSnapshot? StartNextPendingJobExecution(string thingName, IReadOnlyDictionary<string, string>? statusDetails = null,
        long? stepTimeoutInMinutes = null)
    {
        Validation.ThingName(thingName);
        Validation.StatusDetails(statusDetails);
        Validation.TimeoutMinutes(stepTimeoutInMinutes, "stepTimeoutInMinutes");
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            var running = thing.Executions.FirstOrDefault(x => x.Status == JobExecutionStatus.InProgress);
            if (running != null) return Snap(running);
            var e = thing.Executions.FirstOrDefault(IsPending);
            if (e == null) return null;
            var now = _clock();
            if (statusDetails != null) e.StatusDetails = new(statusDetails, StringComparer.Ordinal);
            e.StartedAt = now;
            SetStatus(e, JobExecutionStatus.InProgress, now);
            SetStepTimer(e, stepTimeoutInMinutes, now);
            return Snap(e);
        }
    }

    /// <summary>
    /// UpdateJobExecution (device side): QUEUED or IN_PROGRESS -> IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.
    /// Terminal executions and other target states -> InvalidStateTransitionException.
    /// </summary>
    public JobExecutionSnapshot UpdateJobExecution(string thingName, string jobId, string status,
        IReadOnlyDictionary<string, string>? statusDetails = null, long? expectedVersion = null, long? executionNumber = null,
        long? stepTimeoutInMinutes = null)
    {
        Validation.ThingName(thingName);
        Validation.JobId(jobId);
        Validation.ExecutionStatus(status);
        Validation.StatusDetails(statusDetails);
        Validation.TimeoutMinutes(stepTimeoutInMinutes, "stepTimeoutInMinutes", allowMinusOne: true);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, executionNumber);
            CheckVersion(e, expectedVersion, controlPlane: false);
            if (JobExecutionStatus.IsTerminal(e.Status))
                throw InvalidTransition(e, "is in a terminal state and cannot be updated");
            if (status is not (JobExecutionStatus.InProgress or JobExecutionStatus.Succeeded or JobExecutionStatus.Failed or JobExecutionStatus.Rejected))
                throw InvalidTransition(e, $"cannot be moved to {status} by a device (valid: IN_PROGRESS, SUCCEEDED, FAILED, REJECTED)");
            var now = _clock();
            if (statusDetails != null) e.StatusDetails = new(statusDetails, StringComparer.Ordinal);
            if (e.StartedAt == null && status != JobExecutionStatus.Queued) e.StartedAt = now;
            SetStatus(e, status, now);
            // A step timer is set (or reset, or with -1 removed) by an update that keeps the execution IN_PROGRESS.
            if (status == JobExecutionStatus.InProgress) SetStepTimer(e, stepTimeoutInMinutes, now);
            return Snap(e);
        }
    }

    /// <summary>GetPendingJobExecutions: (IN_PROGRESS, QUEUED) executions of a thing, oldest first.</summary>
    public (IReadOnlyList<JobExecutionSnapshot> InProgress, IReadOnlyList<JobExecutionSnapshot> Queued) GetPendingJobExecutions(string thingName)
    {
        Validation.ThingName(thingName);
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            return (thing.Executions.Where(e => e.Status == JobExecutionStatus.InProgress).Select(Snap).ToList(),
                    thing.Executions.Where(IsPending).Select(Snap).ToList());
        }
    }

    /// <summary>Data-plane DescribeJobExecution; jobId "$next" means the next pending execution (IN_PROGRESS first, then QUEUED).</summary>
    public JobExecutionSnapshot DescribeJobExecutionForDevice(string thingName, string jobId, long? executionNumber = null)
    {
        Validation.ThingName(thingName);
        if (jobId != "$next") Validation.JobId(jobId);
        lock (_gate)
        {
            Tick();
            if (jobId != "$next") return Snap(GetExecution(thingName, jobId, executionNumber));
            var thing = GetThing(thingName);
            var e = thing.Executions.FirstOrDefault(x => x.Status == JobExecutionStatus.InProgress)
                    ?? thing.Executions.FirstOrDefault(IsPending)
                    ?? throw EmulatorApiException.NotFound($"No pending job execution for thing {thingName}.");
            return Snap(e);
        }
    }

    /// <summary>A QUEUED execution a device may start: not one whose job is being canceled (AWS stops scheduling those).</summary>
    private static bool IsPending(ExecutionRecord e) => e.Status == JobExecutionStatus.Queued && e.Job.Status != JobStatus.Canceled;
}
