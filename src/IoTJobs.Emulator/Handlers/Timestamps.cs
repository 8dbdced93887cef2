namespace IoTJobs.Emulator.Handlers;

/// <summary>How the two IoT planes write timestamps (rest-json).</summary>
internal static class Timestamps
{
    /// <summary>Control plane: epoch seconds as a JSON number with a millisecond fraction.</summary>
    public static void Epoch(Utf8JsonWriter w, string name, DateTimeOffset t) =>
        w.WriteNumber(name, decimal.Divide(t.ToUnixTimeMilliseconds(), 1000m));

    /// <summary>Data plane: whole epoch seconds (long).</summary>
    public static void EpochLong(Utf8JsonWriter w, string name, DateTimeOffset t) => w.WriteNumber(name, t.ToUnixTimeSeconds());

    /// <summary>An execution's queuedAt, startedAt (once started) and lastUpdatedAt, in the plane's format.</summary>
    public static void WriteExecutionTimes(Utf8JsonWriter w, JobExecutionSnapshot e, bool wholeSeconds)
    {
        Action<Utf8JsonWriter, string, DateTimeOffset> write = wholeSeconds ? EpochLong : Epoch;
        write(w, "queuedAt", e.QueuedAt);
        if (e.StartedAt != null) write(w, "startedAt", e.StartedAt.Value);
        write(w, "lastUpdatedAt", e.LastUpdatedAt);
    }
}
