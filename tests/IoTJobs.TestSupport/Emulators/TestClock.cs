using Microsoft.Extensions.Time.Testing;

namespace IoTJobs.TestSupport.Emulators;

/// <summary>Fake clocks for EmulatorOptions.TimeProvider: time moves only when a test advances it.</summary>
public static class TestClock
{
    /// <summary>Standing at the current whole second plus <paramref name="milliseconds"/>, so requests signed now are inside the SigV4 window.</summary>
    public static FakeTimeProvider Stopped(int milliseconds = 0) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1000 + milliseconds));
}
