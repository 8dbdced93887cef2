namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Time as the request pipeline sees it: the signing time, a monotonic clock, waits (backoff, rate limiting) and the
    /// per-attempt timeout. <see cref="SystemClock"/> is the real one; tests pass a fake to record waits instead of sleeping.
    /// </summary>
    public interface IClock
    {
        /// <summary>Wall-clock time in UTC; requests are signed with it (plus the endpoint's clock-skew correction).</summary>
        DateTime UtcNow { get; }

        /// <summary>A monotonic clock with an arbitrary origin, for durations.</summary>
        TimeSpan Elapsed { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);

        /// <summary>Cancels <paramref name="source"/> once <paramref name="delay"/> has passed (the per-attempt timeout).</summary>
        void CancelAfter(CancellationTokenSource source, TimeSpan delay);
    }
}
