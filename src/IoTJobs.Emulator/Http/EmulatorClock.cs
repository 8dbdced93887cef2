namespace IoTJobs.Emulator.Http;

/// <summary>
/// The emulator's time: the host's TimeProvider (tests pass a fake one) plus the offset of --clock-offset or
/// POST /_emulator/clock. The SigV4 window and the Date header use it; stored timestamps use the provider alone.
/// </summary>
internal sealed class EmulatorClock(TimeProvider time, TimeSpan offset)
{
    private long _offsetTicks = offset.Ticks;

    public TimeProvider Time { get; } = time;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public DateTimeOffset Now => Time.GetUtcNow() + Offset;
}
