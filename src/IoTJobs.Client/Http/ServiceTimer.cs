namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Adds up the time requests spend with the service (send to answer, every attempt) in one asynchronous flow, so a
    /// caller can tell it from waiting on the rate limiter or a backoff: time with the service says how many requests in
    /// flight the throughput needs; time spent waiting says more would only queue.
    /// </summary>
    public sealed class ServiceTimer
    {
        private static readonly AsyncLocal<ServiceTimer?> Current = new AsyncLocal<ServiceTimer?>();
        private long _ticks;

        private ServiceTimer() { }

        /// <summary>The time spent with the service so far by the calls measured.</summary>
        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        /// <summary>
        /// Starts measuring the calls made from here on in the current asynchronous flow (call it at the top of an async
        /// method: the measurement then covers that method's calls and ends with it).
        /// </summary>
        public static ServiceTimer Start()
        {
            var timer = new ServiceTimer();
            Current.Value = timer;
            return timer;
        }

        internal static void Add(TimeSpan elapsed)
        {
            var timer = Current.Value;
            if (timer != null) Interlocked.Add(ref timer._ticks, elapsed.Ticks);
        }
    }
}
