namespace IoTJobs.Emulator.Handlers.Jobs;

/// <summary>The job shapes several operations answer with: { jobArn, jobId, description } and DescribeJob's Job.</summary>
internal static class JobShapes
{
    public static void WriteJobIdentity(Utf8JsonWriter w, JobSnapshot job)
    {
        w.WriteStartObject();
        w.WriteString("jobArn", job.JobArn);
        w.WriteString("jobId", job.JobId);
        if (job.Description != null) w.WriteString("description", job.Description);
        w.WriteEndObject();
    }

    public static void WriteJob(Utf8JsonWriter w, JobSnapshot j)
    {
        int Count(string s) => j.StatusCounts.TryGetValue(s, out int n) ? n : 0;
        w.WriteStartObject();
        if (j.DocumentSource != null) w.WriteString("documentSource", j.DocumentSource);
        w.WriteStartObject("job");
        w.WriteString("jobArn", j.JobArn);
        w.WriteString("jobId", j.JobId);
        w.WriteString("targetSelection", j.TargetSelection);
        w.WriteString("status", j.Status);
        w.WriteBoolean("forceCanceled", j.ForceCanceled);
        if (j.ReasonCode != null) w.WriteString("reasonCode", j.ReasonCode);
        if (j.Comment != null) w.WriteString("comment", j.Comment);
        w.WriteStartArray("targets");
        foreach (string t in j.Targets) w.WriteStringValue(t);
        w.WriteEndArray();
        if (j.Description != null) w.WriteString("description", j.Description);
        Timestamps.Epoch(w, "createdAt", j.CreatedAt);
        Timestamps.Epoch(w, "lastUpdatedAt", j.LastUpdatedAt);
        if (j.CompletedAt != null) Timestamps.Epoch(w, "completedAt", j.CompletedAt.Value);
        w.WriteStartObject("jobProcessDetails");
        w.WriteStartArray("processingTargets");
        w.WriteEndArray();
        w.WriteNumber("numberOfCanceledThings", Count(JobExecutionStatus.Canceled));
        w.WriteNumber("numberOfSucceededThings", Count(JobExecutionStatus.Succeeded));
        w.WriteNumber("numberOfFailedThings", Count(JobExecutionStatus.Failed));
        w.WriteNumber("numberOfRejectedThings", Count(JobExecutionStatus.Rejected));
        w.WriteNumber("numberOfQueuedThings", Count(JobExecutionStatus.Queued));
        w.WriteNumber("numberOfInProgressThings", Count(JobExecutionStatus.InProgress));
        w.WriteNumber("numberOfRemovedThings", Count(JobExecutionStatus.Removed));
        w.WriteNumber("numberOfTimedOutThings", Count(JobExecutionStatus.TimedOut));
        w.WriteEndObject();
        if (j.InProgressTimeoutInMinutes != null)
        {
            w.WriteStartObject("timeoutConfig");
            w.WriteNumber("inProgressTimeoutInMinutes", j.InProgressTimeoutInMinutes.Value);
            w.WriteEndObject();
        }
        if (j.NamespaceId != null) w.WriteString("namespaceId", j.NamespaceId);
        // "true when a job is rolling out new job executions or canceling previously created executions" (model).
        w.WriteBoolean("isConcurrent", j.IsConcurrent);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
