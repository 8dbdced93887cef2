namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Client-side rate limiting for one API operation, after the AWS SDKs' adaptive retry mode (botocore
    /// retries/adaptive.py): a token bucket whose fill rate follows CUBIC. Off until the service first throttles; then
    /// each congestion event cuts the rate to <see cref="Beta"/> times the rate sent, and successes grow it back.
    /// </summary>
    /// <remarks>
    /// Unlike botocore, for bulk throughput: the send rate is measured over a sliding second (the first cut has a real
    /// rate to cut); only a throttle for a request sent over one round trip after the last cut cuts again; a cut empties
    /// the bucket, which holds only a quarter second of tokens, so no saved-up burst answers a throttle; waiting is
    /// asynchronous, FIFO and cancelable. Thread-safe.
    /// </remarks>
    public sealed class AdaptiveRateLimiter
    {
        /// <summary>Multiplicative decrease on throttling (botocore _BETA).</summary>
        public const double Beta = 0.7;
        /// <summary>CUBIC scale constant C in rate = C (t - K)^3 + Wmax (botocore _SCALE_CONSTANT).</summary>
        public const double ScaleConstant = 0.4;
        /// <summary>Lowest fill rate, requests per second (botocore _MIN_RATE).</summary>
        public const double MinRate = 0.5;
        /// <summary>The fill rate never grows beyond this multiple of the measured send rate (botocore _MAX_RATE_ADJUST_SCALE).</summary>
        public const double MaxRateAdjustScale = 2.0;

        private const double CapacitySeconds = 0.25;
        private const int Slots = 20;                 // sliding window of 20 x 50 ms = 1 s for the send rate
        private const double SlotSeconds = 0.05;
        private const double WindowSeconds = Slots * SlotSeconds;
        // The longest single sleep while waiting for a token, so a raised fill rate is picked up promptly.
        private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(100);

        private readonly Func<double> _now;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly object _lock = new object();
        // FIFO queue of waiters: one waits on the clock at a time, the rest wait their turn (no thundering herd).
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1);

        // Token bucket.
        private bool _enabled;
        private double _fillRate;
        private double _capacity;
        private double _tokens;
        private double _lastRefill;

        // CUBIC state.
        private double _wMax;
        private double _k;
        private double _lastCut = double.NegativeInfinity;

        // Send-rate measurement.
        private readonly int[] _counts = new int[Slots];
        private long _currentSlot = long.MinValue;
        private double _firstSend = double.NaN;

        private double _lastSuccess = double.NegativeInfinity;
        // Smoothed round trip (send to response), seconds: requests sent within one round trip after a cut were already
        // on their way into the same congestion, so their throttles do not cut again.
        private double _rtt;

        /// <summary>A limiter on the real clock.</summary>
        public AdaptiveRateLimiter(string operation) : this(operation, null, null) { }

        /// <param name="operation">The API operation this limiter paces (for messages).</param>
        /// <param name="clock">Seconds on a monotonic clock; default a Stopwatch.</param>
        /// <param name="delay">How to wait; default Task.Delay. Tests pass one that advances a fake clock.</param>
        public AdaptiveRateLimiter(string operation, Func<double>? clock, Func<TimeSpan, CancellationToken, Task>? delay)
        {
            Operation = operation ?? throw new ArgumentNullException(nameof(operation));
            if (clock == null)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                clock = () => sw.Elapsed.TotalSeconds;
            }
            _now = clock;
            _delay = delay ?? ((d, ct) => Task.Delay(d, ct));
        }

        public string Operation { get; }

        /// <summary>True once the service has throttled this operation: from then on every request takes a token.</summary>
        public bool Enabled { get { lock (_lock) return _enabled; } }

        /// <summary>Tokens per second while <see cref="Enabled"/>.</summary>
        public double FillRate { get { lock (_lock) return _fillRate; } }

        /// <summary>Requests sent per second over the last second (or since the first request, if less).</summary>
        public double MeasuredRate { get { lock (_lock) return Measure(_now()); } }

        /// <summary>Throttling responses seen / rate cuts made (diagnostics).</summary>
        public long ThrottleCount => Interlocked.Read(ref _throttles);
        public long CutCount => Interlocked.Read(ref _cuts);
        private long _throttles;
        private long _cuts;

        /// <summary>
        /// Waits for permission to send one request (immediately while not <see cref="Enabled"/>). Returns the send
        /// time, which the caller hands back to <see cref="OnResponse"/>.
        /// </summary>
        public async Task<double> AcquireAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                if (!_enabled) return RecordSend(_now());
            }

            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    TimeSpan wait;
                    lock (_lock)
                    {
                        var now = _now();
                        Refill(now);
                        if (!_enabled || _tokens >= 1)
                        {
                            if (_enabled) _tokens -= 1;
                            return RecordSend(now);
                        }
                        wait = TimeSpan.FromSeconds((1 - _tokens) / _fillRate);
                    }
                    if (wait > MaxSleep) wait = MaxSleep;
                    // Never a zero wait: with a coarse clock that would spin.
                    if (wait < TimeSpan.FromMilliseconds(1)) wait = TimeSpan.FromMilliseconds(1);
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _turn.Release();
            }
        }

        /// <summary>Takes a token if one is available now, without waiting (simulations, diagnostics).</summary>
        internal bool TryAcquire(out double sentAt)
        {
            sentAt = 0;
            if (!_turn.Wait(0)) return false;
            try
            {
                lock (_lock)
                {
                    var now = _now();
                    Refill(now);
                    if (_enabled && _tokens < 1) return false;
                    if (_enabled) _tokens -= 1;
                    sentAt = RecordSend(now);
                    return true;
                }
            }
            finally
            {
                _turn.Release();
            }
        }

        /// <summary>Feeds back one response to a request sent at <paramref name="sentAt"/> (from <see cref="AcquireAsync"/>).</summary>
        public void OnResponse(double sentAt, bool throttled)
        {
            lock (_lock)
            {
                var now = _now();
                var measured = Measure(now);
                var sample = now - sentAt;
                if (sample >= 0) _rtt = _rtt == 0 ? sample : 0.875 * _rtt + 0.125 * sample;
                double newRate;
                if (!throttled)
                {
                    _lastSuccess = now;
                    if (!_enabled) return;
                    newRate = _wMax + ScaleConstant * Math.Pow(now - _lastCut - _k, 3);
                    // Do not let the rate run away while the caller is not actually sending that fast.
                    newRate = Math.Min(newRate, MaxRateAdjustScale * Math.Max(measured, _fillRate / MaxRateAdjustScale));
                }
                else
                {
                    Interlocked.Increment(ref _throttles);
                    // A throttle for a request sent before the last cut (or within one round trip after it, while the
                    // service's bucket was still empty) answers the same congestion: already handled.
                    if (_enabled && sentAt < _lastCut + _rtt) return;
                    Interlocked.Increment(ref _cuts);
                    var rate = _enabled ? Math.Min(measured, _fillRate) : measured;
                    if (rate <= 0) rate = MinRate;
                    _wMax = rate;
                    _k = Math.Pow(_wMax * (1 - Beta) / ScaleConstant, 1.0 / 3);
                    _lastCut = now;
                    newRate = rate * Beta;
                    _enabled = true;
                    // No saved-up burst after a throttle: the service has no tokens left either.
                    _tokens = 0;
                    _lastRefill = now;
                }
                SetFillRate(now, newRate);
            }
        }

        /// <summary>
        /// True when a request of this operation succeeded within <paramref name="window"/>: the run is making progress,
        /// so a throttled request is waiting its turn rather than failing.
        /// </summary>
        public bool SucceededWithin(TimeSpan window)
        {
            lock (_lock) return _now() - _lastSuccess <= window.TotalSeconds;
        }

        /// <summary>How long ago a request of this operation last succeeded; null before the first success.</summary>
        public TimeSpan? SinceLastSuccess
        {
            get
            {
                lock (_lock)
                    return double.IsNegativeInfinity(_lastSuccess) ? (TimeSpan?)null : TimeSpan.FromTicks((long)((_now() - _lastSuccess) * TimeSpan.TicksPerSecond));
            }
        }

        private void SetFillRate(double now, double rate)
        {
            Refill(now);
            _fillRate = Math.Max(rate, MinRate);
            // A quarter second of tokens: enough to absorb timer and scheduling jitter, small enough that a caller who
            // fell behind the fill rate does not release a burst that empties the service's bucket.
            _capacity = Math.Max(1, rate * CapacitySeconds);
            if (_tokens > _capacity) _tokens = _capacity;
        }

        private void Refill(double now)
        {
            if (!_enabled) return;
            var elapsed = now - _lastRefill;
            if (elapsed > 0) _tokens = Math.Min(_capacity, _tokens + elapsed * _fillRate);
            _lastRefill = now;
        }

        private double RecordSend(double now)
        {
            if (double.IsNaN(_firstSend)) _firstSend = now;
            Advance(now);
            _counts[(int)(_currentSlot % Slots)]++;
            return now;
        }

        // Moves the ring to the slot of `now`, clearing the slots that fell out of the window.
        private void Advance(double now)
        {
            long slot = (long)Math.Floor(now / SlotSeconds);
            if (_currentSlot == long.MinValue || slot - _currentSlot >= Slots)
            {
                Array.Clear(_counts, 0, Slots);
            }
            else
            {
                for (long s = _currentSlot + 1; s <= slot; s++) _counts[(int)(s % Slots)] = 0;
            }
            if (slot > _currentSlot) _currentSlot = slot;
        }

        private double Measure(double now)
        {
            if (double.IsNaN(_firstSend)) return 0;
            Advance(now);
            int total = 0;
            for (int i = 0; i < Slots; i++) total += _counts[i];
            // Over the whole window, or since the first request when that is more recent (at least one slot).
            double span = Math.Min(WindowSeconds, Math.Max(SlotSeconds, now - _firstSend));
            return total / span;
        }

        public override string ToString()
        {
            lock (_lock)
                return _enabled
                    ? $"{Operation}: {_fillRate:0.##}/s (measured {Measure(_now()):0.##}/s, {ThrottleCount} throttled, {CutCount} cuts)"
                    : $"{Operation}: not limited (measured {Measure(_now()):0.##}/s)";
        }
    }
}
