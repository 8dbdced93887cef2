using System.Text.Json;

namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>JobExecutionSummary, as both list operations answer it (no versionNumber: the model has none).</summary>
internal static class ExecutionShapes
{
    public static void WriteSummary(Utf8JsonWriter w, JobExecutionSnapshot e)
    {
        w.WriteStartObject("jobExecutionSummary");
        w.WriteString("status", e.Status);
        Timestamps.Epoch(w, "queuedAt", e.QueuedAt);
        if (e.StartedAt != null) Timestamps.Epoch(w, "startedAt", e.StartedAt.Value);
        Timestamps.Epoch(w, "lastUpdatedAt", e.LastUpdatedAt);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteNumber("retryAttempt", 0);
        w.WriteEndObject();
    }
}
