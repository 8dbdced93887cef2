using System.Diagnostics;

namespace IoTJobs.PowerShell.Bulk
{
    /// <summary>
    /// Bounded concurrency for the bulk cmdlets (Stop-IoTJobExecution's cancels, Get-IoTJobExecution -Detailed's
    /// describes): outcomes handed back in input order, a limit on requests in flight, and a bound on items sent and not
    /// yet taken (in flight, or finished and waiting behind an earlier, slower one so that output keeps input order).
    /// - With an explicit -ThrottleLimit both are that number, a hard cap: 1 means one after another.
    /// - Without it, the number in flight adapts (<see cref="AdaptiveConcurrency"/>) between 1 and its ceiling, and the
    ///   items sent and not yet taken are bounded by that ceiling.
    /// The second bound is what the help promises: when another command stops the pipeline (Select-Object -First), at
    /// most that many cancels can have been applied without being reported. The pipeline thread adds work and takes
    /// finished outcomes; the tasks never touch PowerShell.
    /// </summary>
    internal sealed class BulkDispatcher<TTarget, TOutcome> : IDisposable
    {
        internal sealed class Entry
        {
            public Entry(TTarget target, Task<TOutcome> task)
            {
                Target = target;
                Task = task;
            }

            public TTarget Target { get; }
            public Task<TOutcome> Task { get; }
        }

        private readonly Queue<Entry> _pending = new Queue<Entry>();
        // Released once per finished task: the pipeline thread sleeps on it instead of polling.
        private readonly SemaphoreSlim _finished = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _cts;
        private readonly CancellationToken _stop;
        private readonly HashSet<IIoTJobsClient> _proven = new HashSet<IIoTJobsClient>();
        private readonly AdaptiveConcurrency? _adaptive;
        private readonly object _adaptiveLock = new object();
        private readonly int? _fixedLimit;
        private readonly Func<TOutcome, TimeSpan?>? _serviceTimeOf;
        private int _inFlight;
        private int _maxLimit;
        private long _limitSum, _added;
        private double _serviceSum;   // under _adaptiveLock
        private long _serviceCount;

        /// <param name="throttleLimit">An explicit -ThrottleLimit (a hard cap), or null for the adaptive limit.</param>
        /// <param name="stop">Ctrl+C.</param>
        /// <param name="adaptive">The adaptive limit to use when <paramref name="throttleLimit"/> is null (tests pass one on a fake clock).</param>
        /// <param name="serviceTimeOf">How long an outcome's requests spent with the service (see AdaptiveConcurrency).</param>
        public BulkDispatcher(int? throttleLimit, CancellationToken stop, Func<TOutcome, TimeSpan?>? serviceTimeOf = null, AdaptiveConcurrency? adaptive = null)
        {
            _serviceTimeOf = serviceTimeOf;
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            _fixedLimit = throttleLimit;
            if (throttleLimit == null) _adaptive = adaptive ?? new AdaptiveConcurrency();
            Window = throttleLimit ?? AdaptiveConcurrency.Ceiling;
            _stop = stop;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        }

        /// <summary>The most items sent and not yet taken: -ThrottleLimit, or the adaptive ceiling.</summary>
        public int Window { get; }

        /// <summary>The limit on requests in flight right now.</summary>
        public int Limit
        {
            get
            {
                if (_fixedLimit is int n) return n;
                lock (_adaptiveLock) return _adaptive!.Limit;
            }
        }

        /// <summary>True when each item must be written before the next one is read (-ThrottleLimit 1).</summary>
        public bool Sequential => _fixedLimit == 1;

        /// <summary>The token the tasks observe: Ctrl+C, or <see cref="Abandon"/> after a failure that stops the command.</summary>
        public CancellationToken Token => _cts.Token;

        public int InFlight => Volatile.Read(ref _inFlight);
        public int Pending => _pending.Count;
        /// <summary>The items sent and not yet taken, oldest first (for telling the host what Ctrl+C left unreported).</summary>
        public IEnumerable<Entry> PendingEntries => _pending.ToArray();
        /// <summary>True while fewer than the limit are in flight and fewer than <see cref="Window"/> are sent and not yet taken.</summary>
        public bool HasRoom => _pending.Count < Window && InFlight < Limit;

        /// <summary>
        /// The first request through each client runs alone: if the credentials are refused, one request is sent and the
        /// rest of that client's items are not, instead of a whole limit's worth failing alike.
        /// </summary>
        public bool IsProven(IIoTJobsClient client) => _proven.Contains(client);
        public void MarkProven(IIoTJobsClient client) => _proven.Add(client);

        public void Add(TTarget target, Task<TOutcome> task)
        {
            var limit = Limit;
            _maxLimit = Math.Max(_maxLimit, limit);
            _limitSum += limit;
            _added++;
            var inFlight = Interlocked.Increment(ref _inFlight);
            var started = Stopwatch.GetTimestamp();
            if (_adaptive != null) lock (_adaptiveLock) _adaptive.Started(inFlight);
            _pending.Enqueue(new Entry(target, task));
            task.ContinueWith(t =>
            {
                Interlocked.Decrement(ref _inFlight);
                if (_adaptive != null && t.Status == TaskStatus.RanToCompletion)
                {
                    var latency = TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency);
                    var service = _serviceTimeOf?.Invoke(t.Result);
                    lock (_adaptiveLock)
                    {
                        _adaptive.Completed(latency, service);
                        if (service != null) { _serviceSum += service.Value.TotalSeconds; _serviceCount++; }
                    }
                }
                _finished.Release();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>For a verbose line at the end: how the limit in flight went over the run.</summary>
        public string Summary()
        {
            if (_fixedLimit is int n) return $"at most {n} in flight (-ThrottleLimit {n})";
            if (_added == 0) return "nothing sent";
            double sum;
            long count;
            lock (_adaptiveLock) { sum = _serviceSum; count = _serviceCount; }
            var service = count == 0 ? "" : FormattableString.Invariant($"; {sum / count * 1000:F0} ms with the service per item");
            return FormattableString.Invariant(
                $"in flight adapted between 1 and {AdaptiveConcurrency.Ceiling}: {Limit} at the end, {_maxLimit} at most, {(double)_limitSum / _added:F1} on average over {_added} items{service}");
        }

        /// <summary>The oldest item, if it has finished (outcomes leave in input order).</summary>
        public bool TryTakeFinished(out Entry entry)
        {
            if (_pending.Count > 0 && _pending.Peek().Task.IsCompleted)
            {
                entry = _pending.Dequeue();
                return true;
            }
            entry = null!;
            return false;
        }

        /// <summary>
        /// Sleeps until some task finishes or <paramref name="timeout"/> passes (for progress updates). Ctrl+C ends the
        /// wait with OperationCanceledException.
        /// </summary>
        public void WaitForAny(TimeSpan timeout) => _finished.Wait(timeout, _stop);

        /// <summary>Stops the tasks in flight (a failure that stops the command): their waits and requests are canceled.</summary>
        public void Abandon()
        {
            try { _cts.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            Abandon();
            _cts.Dispose();
        }
    }
}
