namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>
    /// A scripted fleet that counts the cancels in flight exactly and holds each one until <see cref="Limit"/> are in
    /// flight at once (or every item has been sent): a command allowed that many reaches it, whatever the machine's load,
    /// and one that lets more through is counted doing so. The first cancel, which runs alone, is let through at once.
    /// </summary>
    internal sealed class InFlightProbe
    {
        // A bound on how long a held cancel waits for the others, so a command that never reaches the limit fails the test.
        private static readonly TimeSpan HoldAtMost = TimeSpan.FromSeconds(20);

        private readonly object _gate = new object();
        private readonly List<TaskCompletionSource> _held = new List<TaskCompletionSource>();
        private int _inFlight, _started, _most;

        public InFlightProbe(int limit, int items)
        {
            Limit = limit;
            Items = items;
            Client.OnCancelExecution = CancelAsync;
            Client.OnDescribeExecution = (thing, job, _) => Task.FromResult(FakeIoTJobsClient.Execution(thing, job, "CANCELED"));
            // Read once at the end (is the job CONTINUOUS?).
            Client.OnDescribeJob = job => Task.FromResult(new JobData { JobId = job, Status = "IN_PROGRESS", TargetSelection = "SNAPSHOT" });
        }

        public int Limit { get; }
        public int Items { get; }
        public FakeIoTJobsClient Client { get; } = new FakeIoTJobsClient();

        /// <summary>The most cancels that were in flight at the same moment.</summary>
        public int MostInFlight { get { lock (_gate) return _most; } }

        /// <summary>Cancels sent so far.</summary>
        public int Started { get { lock (_gate) return _started; } }

        private async Task CancelAsync(CancelJobExecutionRequest request)
        {
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _inFlight++;
                _started++;
                _most = Math.Max(_most, _inFlight);
                _held.Add(held);
                if (_started == 1 || _inFlight >= Limit || _started == Items)
                {
                    foreach (var h in _held) h.TrySetResult();
                    _held.Clear();
                }
            }
            try
            {
                await held.Task.WaitAsync(HoldAtMost);
            }
            finally
            {
                lock (_gate) _inFlight--;
            }
        }
    }
}
