using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// Bounded concurrency for Stop-IoTJobExecution: outcomes handed back in input order, and at most ThrottleLimit
    /// items sent and not yet written at any time (in flight, or finished and waiting behind an earlier, slower one so
    /// that output keeps input order). That bound is what the help promises: when a later command stops the pipeline
    /// (Select-Object -First), at most ThrottleLimit cancels can have been applied without being reported. The pipeline
    /// thread adds work and takes finished outcomes; the tasks never touch PowerShell.
    /// </summary>
    internal sealed class BulkDispatcher : IDisposable
    {
        internal sealed class Entry
        {
            public Entry(ExecutionTarget target, Task<CancelOutcome> task)
            {
                Target = target;
                Task = task;
            }

            public ExecutionTarget Target { get; }
            public Task<CancelOutcome> Task { get; }
        }

        private readonly Queue<Entry> _pending = new Queue<Entry>();
        // Released once per finished task: the pipeline thread sleeps on it instead of polling.
        private readonly SemaphoreSlim _finished = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _cts;
        private readonly CancellationToken _stop;
        private readonly HashSet<IIoTJobsClient> _proven = new HashSet<IIoTJobsClient>();
        private int _inFlight;

        public BulkDispatcher(int throttleLimit, CancellationToken stop)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            ThrottleLimit = throttleLimit;
            _stop = stop;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        }

        public int ThrottleLimit { get; }

        /// <summary>The token the tasks observe: Ctrl+C, or <see cref="Abandon"/> after a failure that stops the command.</summary>
        public CancellationToken Token => _cts.Token;

        public int InFlight => Volatile.Read(ref _inFlight);
        public int Pending => _pending.Count;
        /// <summary>True while fewer than ThrottleLimit items are sent and not yet taken (written).</summary>
        public bool HasRoom => _pending.Count < ThrottleLimit;

        /// <summary>
        /// The first cancel through each client runs alone: if the credentials are refused, one request is sent and the
        /// command stops, instead of ThrottleLimit requests failing alike.
        /// </summary>
        public bool IsProven(IIoTJobsClient client) => _proven.Contains(client);
        public void MarkProven(IIoTJobsClient client) => _proven.Add(client);

        public void Add(ExecutionTarget target, Task<CancelOutcome> task)
        {
            Interlocked.Increment(ref _inFlight);
            _pending.Enqueue(new Entry(target, task));
            task.ContinueWith(_ =>
            {
                Interlocked.Decrement(ref _inFlight);
                _finished.Release();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
