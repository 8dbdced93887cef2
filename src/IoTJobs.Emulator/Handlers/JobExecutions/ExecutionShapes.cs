namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>JobExecutionSummary, as both list operations answer it (no versionNumber: the model has none).</summary>
internal static class ExecutionShapes
{
    public static void WriteSummary(Utf8JsonWriter w, JobExecutionSnapshot e)
    {
        w.WriteStartObject("jobExecutionSummary");
        w.WriteString("status", e.Status);
        Timestamps.WriteExecutionTimes(w, e, wholeSeconds: false);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteNumber("retryAttempt", 0);
        w.WriteEndObject();
    }
}
