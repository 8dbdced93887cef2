namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>JobExecutionSummary, as both list operations answer it (no versionNumber: the model has none).</summary>
internal static class ExecutionShapes
{
    /// <summary>JobExecutionSummaryForJob { thingArn, ... } or ...ForThing { jobId, ... }: the side the request did not name, and the summary.</summary>
    public static void WriteSummaryFor(Utf8JsonWriter w, string member, string value, JobExecutionSnapshot e)
    {
        w.WriteStartObject();
        w.WriteString(member, value);
        WriteSummary(w, e);
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, JobExecutionSnapshot e)
    {
        w.WriteStartObject("jobExecutionSummary");
        w.WriteString("status", e.Status);
        Timestamps.WriteExecutionTimes(w, e, wholeSeconds: false);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteNumber("retryAttempt", 0);
        w.WriteEndObject();
    }
}
