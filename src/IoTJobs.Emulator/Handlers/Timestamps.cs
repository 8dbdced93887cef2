using System.Text.Json;

namespace IoTJobs.Emulator.Handlers;

/// <summary>How the two IoT planes write timestamps (rest-json).</summary>
internal static class Timestamps
{
    /// <summary>Control plane: epoch seconds as a JSON number with a millisecond fraction.</summary>
    public static void Epoch(Utf8JsonWriter w, string name, DateTimeOffset t) =>
        w.WriteNumber(name, decimal.Divide(t.ToUnixTimeMilliseconds(), 1000m));

    /// <summary>Data plane: whole epoch seconds (long).</summary>
    public static void EpochLong(Utf8JsonWriter w, string name, DateTimeOffset t) => w.WriteNumber(name, t.ToUnixTimeSeconds());
}
