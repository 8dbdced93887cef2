namespace IoTJobs.Emulator.Handlers.DataPlane;

/// <summary>The data plane's JobExecution (a bare statusDetails map, whole-second timestamps) and JobExecutionSummary.</summary>
internal static class DeviceShapes
{
    public static void WriteExecution(Utf8JsonWriter w, string name, JobExecutionSnapshot e, bool includeDocument)
    {
        w.WriteStartObject(name);
        w.WriteString("jobId", e.JobId);
        w.WriteString("thingName", e.ThingName);
        w.WriteString("status", e.Status);
        w.WriteStartObject("statusDetails");
        foreach (var (k, v) in e.StatusDetails) w.WriteString(k, v);
        w.WriteEndObject();
        Timestamps.WriteExecutionTimes(w, e, wholeSeconds: true);
        if (e.ApproximateSecondsBeforeTimedOut is long left) w.WriteNumber("approximateSecondsBeforeTimedOut", left);
        w.WriteNumber("versionNumber", e.VersionNumber);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        if (includeDocument && e.JobDocument != null) w.WriteString("jobDocument", e.JobDocument);
        w.WriteEndObject();
    }

    public static void WriteSummary(Utf8JsonWriter w, JobExecutionSnapshot e)
    {
        w.WriteStartObject();
        w.WriteString("jobId", e.JobId);
        Timestamps.WriteExecutionTimes(w, e, wholeSeconds: true);
        w.WriteNumber("versionNumber", e.VersionNumber);
        w.WriteNumber("executionNumber", e.ExecutionNumber);
        w.WriteEndObject();
    }
}
