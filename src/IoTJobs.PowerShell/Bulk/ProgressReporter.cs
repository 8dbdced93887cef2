using System.Diagnostics;
using System.Globalization;

namespace IoTJobs.PowerShell.Bulk
{
    /// <summary>
    /// Write-Progress records for Stop-IoTJobExecution: items done, canceled, failed, the current rate (items/s over the
    /// last few seconds), and percent and time remaining when the total is known. At most one record per
    /// <see cref="Interval"/>, so progress costs nothing noticeable at hundreds of items per second; a short run that ends
    /// before the first interval shows no progress at all.
    /// </summary>
    internal sealed class ProgressReporter
    {
        public const string Activity = "Canceling job executions";
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

        private readonly int _activityId;
        private readonly Func<TimeSpan> _clock;
        private readonly Queue<(TimeSpan At, long Done)> _samples = new Queue<(TimeSpan, long)>();
        private TimeSpan _lastWrite;
        private bool _written;

        public ProgressReporter(int activityId, Func<TimeSpan>? clock = null)
        {
            _activityId = activityId;
            if (clock == null)
            {
                var sw = Stopwatch.StartNew();
                clock = () => sw.Elapsed;
            }
            _clock = clock;
            _lastWrite = _clock();
            _samples.Enqueue((_lastWrite, 0));
        }

        /// <summary>Items the command will handle, when known (an array given by parameter); null for pipeline input.</summary>
        public long? Total { get; set; }
        /// <summary>Canceled by this command: fresh cancels only.</summary>
        public long Canceled { get; private set; }
        /// <summary>Found canceled already: not counted as canceled.</summary>
        public long AlreadyCanceled { get; private set; }
        public long Failed { get; private set; }
        /// <summary>Items not sent: duplicates, not confirmed, -WhatIf, invalid.</summary>
        public long Skipped { get; private set; }
        public long Done => Canceled + AlreadyCanceled + Failed + Skipped;

        public void AddCanceled(bool already = false)
        {
            if (already) AlreadyCanceled++;
            else Canceled++;
        }
        public void AddFailed() => Failed++;
        public void AddSkipped() => Skipped++;

        /// <summary>Items per second over the last few seconds.</summary>
        public double Rate()
        {
            var now = _clock();
            var done = Done;
            while (_samples.Count > 1 && now - _samples.Peek().At > RateWindow) _samples.Dequeue();
            var (at, then) = _samples.Peek();
            var seconds = (now - at).TotalSeconds;
            return seconds > 0.05 ? (done - then) / seconds : 0;
        }

        /// <summary>A record to write now, or null when the last one was written less than <see cref="Interval"/> ago.</summary>
        public ProgressRecord? Next(string? current = null)
        {
            var now = _clock();
            if (now - _lastWrite < Interval) return null;
            _lastWrite = now;
            var rate = Rate();
            _samples.Enqueue((now, Done));

            var status = Total.HasValue
                ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} done", Done, Total.Value)
                : string.Format(CultureInfo.InvariantCulture, "{0} done", Done);
            status += string.Format(CultureInfo.InvariantCulture, ": {0} canceled, {1} failed", Canceled, Failed);
            if (AlreadyCanceled > 0) status += string.Format(CultureInfo.InvariantCulture, ", {0} already canceled", AlreadyCanceled);
            if (Skipped > 0) status += string.Format(CultureInfo.InvariantCulture, ", {0} skipped", Skipped);
            status += string.Format(CultureInfo.InvariantCulture, "; {0:0.#} items/s", rate);

            var record = new ProgressRecord(_activityId, Activity, status);
            if (current != null) record.CurrentOperation = current;
            if (Total.HasValue && Total.Value > 0)
            {
                record.PercentComplete = (int)Math.Min(100, Done * 100 / Total.Value);
                if (rate > 0) record.SecondsRemaining = (int)Math.Ceiling(Math.Max(0, Total.Value - Done) / rate);
            }
            _written = true;
            return record;
        }

        /// <summary>The closing record, when any progress was shown; null otherwise.</summary>
        public ProgressRecord? Completed()
        {
            if (!_written) return null;
            _written = false;
            return new ProgressRecord(_activityId, Activity, "Completed") { RecordType = ProgressRecordType.Completed };
        }
    }
}
