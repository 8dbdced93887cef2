namespace IoTJobs.TestSupport;

/// <summary>Waits on a state other threads reach (a counter, a flag), bounded so that a test fails instead of hanging.</summary>
public static class Wait
{
    /// <summary>The default bound: long enough for any loaded machine, never a measure of speed.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="condition"/> holds; fails, naming <paramref name="what"/>, if it has not within the bound.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        var deadline = Environment.TickCount64 + (long)(bound ?? Bound).TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"Not reached within {bound ?? Bound}: {what}.");
            await Task.Delay(10);
        }
    }
}
