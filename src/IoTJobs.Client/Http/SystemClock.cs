using System.Diagnostics;

namespace IoTJobs.Client.Http
{
    /// <summary>The machine's clock, Task.Delay and CancellationTokenSource.CancelAfter.</summary>
    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        private readonly Stopwatch _monotonic = Stopwatch.StartNew();

        private SystemClock() { }

        public DateTime UtcNow => DateTime.UtcNow;

        public TimeSpan Elapsed => _monotonic.Elapsed;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);

        public void CancelAfter(CancellationTokenSource source, TimeSpan delay) => source.CancelAfter(delay);
    }
}
