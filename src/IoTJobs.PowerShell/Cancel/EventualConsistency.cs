namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>
    /// CANCELED is eventually consistent on AWS (for jobs and executions alike): a describe right after the cancel may
    /// still show the old status. Read-backs re-read with short waits, so a batch is not slowed down much when the
    /// service lags.
    /// </summary>
    internal static class EventualConsistency
    {
        /// <summary>Waits before each re-read.</summary>
        internal static readonly TimeSpan[] Delays =
        {
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000),
        };

        /// <summary>
        /// Reads until <paramref name="settled"/> holds or the waits run out, and returns the last read either way.
        /// A failed read propagates to the caller. <paramref name="delay"/> is Task.Delay unless a test injects a clock.
        /// </summary>
        public static async Task<T> ReadUntilAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> settled,
            Func<TimeSpan, CancellationToken, Task> delay, CancellationToken ct)
        {
            for (int attempt = 0; ; attempt++)
            {
                var value = await read(ct).ConfigureAwait(false);
                if (settled(value) || attempt >= Delays.Length) return value;
                await delay(Delays[attempt], ct).ConfigureAwait(false);
            }
        }
    }
}
