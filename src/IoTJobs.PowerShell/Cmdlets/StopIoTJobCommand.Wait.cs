using System.Diagnostics;
using System.Globalization;

namespace IoTJobs.PowerShell.Cmdlets
{
    public sealed partial class StopIoTJobCommand
    {

        // ---- -Wait: following the service-side cancel

        internal const int DefaultWaitTimeoutSeconds = 3600;

        /// <summary>
        /// How often -Wait describes the job: once a second, a tenth of DescribeJob's default limit (10 requests per second
        /// per account and region), so other callers keep their share; the client's adaptive rate limiting slows it further
        /// if the service throttles.
        /// </summary>
        internal static TimeSpan WaitPollInterval = TimeSpan.FromSeconds(1);

        internal const string WaitActivity = "Waiting for the service-side cancel";

        // Read by StopProcessing (another thread) to say what Ctrl+C stopped.
        private volatile string? _waitingFor;

        /// <summary>
        /// Follows the cancel of one job until the service has finished it: DescribeJob at <see cref="WaitPollInterval"/>,
        /// Write-Progress from its counts, then the job with its final counts. The service is done when IsConcurrent is
        /// false (for a service that does not send IsConcurrent: when nothing is left to cancel).
        /// </summary>
        private void WaitForCancel(IIoTJobsClient client, string jobId, object item, JobData first, CancelResult? result)
        {
            var region = client.Region;
            var data = first;
            var clock = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(Timeout);
            int activityId = (MyInvocation.GetHashCode() ^ StringComparer.Ordinal.GetHashCode(jobId)) & 0x7fffffff;
            var samples = new Queue<(TimeSpan At, int Canceled)>();
            bool shown = false, written = false;
            // A verbose or progress record of the wait whose preference ends the command comes after the job is written.
            void WriteJobBefore(Reporting.Stream stream)
            {
                if (Report.Stops(stream)) WriteJob();
            }
            void WriteJob()
            {
                if (written) return;
                Report.Output(Outcome(ModelMapper.ToJob(data, jobId, region), result));
                AppliedObjectAccountedFor();
                written = true;
            }
            _waitingFor = $"{jobId}|{region}";
            try
            {
                if (!CancelFinished(data))
                {
                    WriteJobBefore(Reporting.Stream.Verbose);
                    Report.Verbose($"Waiting for the service to cancel the executions of job '{jobId}' (up to {Timeout} s; Ctrl+C stops the waiting, not the cancel).");
                }
                while (!CancelFinished(data))
                {
                    var (canceled, left) = CancelCounts(data);
                    if (clock.Elapsed >= limit)
                    {
                        // The cancel was applied: report the job as last described, then say the waiting ran out.
                        WriteJob();
                        if (shown) Report.Progress(new ProgressRecord(activityId, WaitActivity, "Timed out") { RecordType = ProgressRecordType.Completed });
                        Report.Error(NewError(new IoTJobsException(
                                $"Stopped waiting for job '{jobId}' in {region} after {Timeout} s (-Timeout): the service is still canceling its executions ({canceled} canceled, {left} left). " +
                                $"The cancel goes on; follow it with Get-IoTJob -JobId {jobId} (IsConcurrent, CanceledCount), or wait longer with a larger -Timeout.")
                            { JobId = jobId }, "WaitTimeout", ErrorCategory.OperationTimeout, ModelMapper.ToJob(data, jobId, region)));
                        return;
                    }
                    WriteJobBefore(Reporting.Stream.Progress);
                    Report.Progress(WaitProgress(activityId, jobId, canceled, left, clock.Elapsed, samples));
                    shown = true;
                    var remaining = limit - clock.Elapsed;
                    var pause = remaining < WaitPollInterval ? remaining : WaitPollInterval;
                    if (pause > TimeSpan.Zero) Run(ct => Task.Delay(pause, ct));
                    try
                    {
                        data = Run(ct => client.DescribeJobAsync(jobId, ct));
                    }
                    catch (IoTServiceException ex)
                    {
                        // The rest of this region's items are not sent after a refusal as a whole (their error says so).
                        // A read, so never a refusal of this command's cancels.
                        // The cancel was applied: report the job as last described, then say the waiting failed.
                        WriteJob();
                        if (shown) Report.Progress(new ProgressRecord(activityId, WaitActivity, "Failed") { RecordType = ProgressRecordType.Completed });
                        Report.Error(NewError(IoTJobsException.For(ex,
                                $"The service accepted the cancel of job '{jobId}', but following it failed ({ex.ErrorCode}, HTTP {ex.StatusCode}, after {ex.Attempts} attempt(s)): {ServiceErrors.Said(ex)} " +
                                $"The cancel goes on; follow it with Get-IoTJob -JobId {jobId}.", null, jobId),
                            "WaitFailed", ErrorCategory.ConnectionError, item));
                        return;
                    }
                }
                WriteJobBefore(Reporting.Stream.Progress);
                if (shown) Report.Progress(new ProgressRecord(activityId, WaitActivity, "Completed") { RecordType = ProgressRecordType.Completed });
                var (done, _) = CancelCounts(data);
                WriteJobBefore(Reporting.Stream.Verbose);
                Report.Verbose($"The service has finished canceling job '{jobId}' in {region} after {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: {done} execution(s) canceled.");
                WriteJob();
            }
            finally
            {
                _waitingFor = null;
                // Ctrl+C while waiting: StopProcessing has told the host about this job.
                if (StopToken.IsCancellationRequested) AppliedObjectAccountedFor();
            }
        }

        private bool CancelFinished(JobData data)
        {
            if (data.IsConcurrent.HasValue) return !data.IsConcurrent.Value;
            var (_, left) = CancelCounts(data);
            return left == 0;
        }

        /// <summary>Executions canceled so far, and those the cancel still has to reach (QUEUED; with -Force also IN_PROGRESS).</summary>
        private (int Canceled, int Left) CancelCounts(JobData data)
        {
            var d = data.ProcessDetails;
            int left = (d?.NumberOfQueuedThings ?? 0) + (Force ? d?.NumberOfInProgressThings ?? 0 : 0);
            return (d?.NumberOfCanceledThings ?? 0, left);
        }

        private static ProgressRecord WaitProgress(int activityId, string jobId, int canceled, int left, TimeSpan elapsed,
            Queue<(TimeSpan At, int Canceled)> samples)
        {
            // The rate over the last ten seconds.
            samples.Enqueue((elapsed, canceled));
            while (samples.Count > 1 && elapsed - samples.Peek().At > TimeSpan.FromSeconds(10)) samples.Dequeue();
            var (at, then) = samples.Peek();
            double seconds = (elapsed - at).TotalSeconds;
            double rate = seconds > 0.5 ? (canceled - then) / seconds : 0;
            // Short enough for PowerShell's one-line progress view on an 80-column console.
            var status = string.Format(CultureInfo.InvariantCulture, "{0}: {1} canceled, {2} left, {3:0.#}/s", jobId, canceled, left, rate);
            var record = new ProgressRecord(activityId, WaitActivity, status)
            {
                CurrentOperation = "Ctrl+C stops the waiting; the service goes on canceling.",
            };
            if (canceled + left > 0) record.PercentComplete = Math.Min(100, canceled * 100 / (canceled + left));
            if (rate > 0) record.SecondsRemaining = (int)Math.Ceiling(left / rate);
            return record;
        }

        /// <summary>Ctrl+C while waiting: PowerShell takes no more output then, so the host is told directly what stopped and what did not.</summary>
        protected override void StopProcessing()
        {
            var waiting = _waitingFor;
            if (waiting != null)
            {
                var parts = waiting.Split('|');
                try
                {
                    Host?.UI?.WriteWarningLine(
                        $"Stopped waiting for job '{parts[0]}' in {parts[1]}. Only the waiting stopped: the service goes on canceling the job's executions. " +
                        $"Follow it with Get-IoTJob -JobId {parts[0]} (IsConcurrent, CanceledCount).");
                }
                catch (Exception)
                {
                    // A host that cannot write must not keep Ctrl+C from working.
                }
            }
            base.StopProcessing();
        }

        private static Job Outcome(Job job, CancelResult? result)
        {
            job.Outcome = result;
            return job;
        }
    }
}
