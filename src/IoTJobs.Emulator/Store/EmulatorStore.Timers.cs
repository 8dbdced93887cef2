namespace IoTJobs.Emulator.Store;

/// <summary>
/// What the service does on its own, over time: a CancelJob canceling executions at a pace (AWS: about 1,000 devices
/// a minute, "job execution roll out rate"), and execution timeouts (timeoutConfig.inProgressTimeoutInMinutes and
/// step timers) turning IN_PROGRESS executions into TIMED_OUT. Nothing runs in the background: every store operation
/// first catches up with the clock (<see cref="Tick"/>), processing the due events in time order with the time each
/// was due, so what a request sees is exactly what a server working continuously would show.
/// </summary>
public sealed partial class EmulatorStore
{
    private double _cancelRate;
    private double _timeScale = 1;
    // Jobs whose CancelJob is still being processed (a handful at most: one per canceled job).
    private readonly List<JobRecord> _canceling = new();
    // Execution timers by due time; an entry is stale when the execution has left IN_PROGRESS or its deadline moved.
    private readonly PriorityQueue<(ExecutionRecord Execution, DateTimeOffset Due), DateTimeOffset> _timeouts = new();

    /// <summary>AWS's documented pace for rolling out and canceling job executions: 1,000 a minute.</summary>
    public const double AwsJobCancelRate = 1000.0 / 60.0;

    /// <summary>
    /// Executions a CancelJob cancels per second, server-side; 0 = all at once, inside the CancelJob call. While a
    /// cancel is being processed the job is CANCELED, DescribeJob and ListJobs show isConcurrent true, and the counts
    /// move as executions are canceled.
    /// </summary>
    public double JobCancelRate
    {
        get { lock (_gate) return _cancelRate; }
        set
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "JobCancelRate must be a finite number >= 0 (0 = instant).");
            lock (_gate)
            {
                Tick();
                _cancelRate = value;
            }
        }
    }

    /// <summary>
    /// How much faster than real time execution timers run: with 60, a 1-minute timeout fires after 1 real second and
    /// approximateSecondsBeforeTimedOut counts 60 seconds down over that real second. Timestamps stay real time.
    /// </summary>
    public double TimeScale
    {
        get { lock (_gate) return _timeScale; }
        set
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "TimeScale must be a finite number > 0.");
            lock (_gate)
            {
                Tick();
                _timeScale = value;
            }
        }
    }

    /// <summary>The real time after which <paramref name="minutes"/> service minutes have passed.</summary>
    private DateTimeOffset After(DateTimeOffset now, long minutes) => now + TimeSpan.FromSeconds(minutes * 60.0 / _timeScale);

    /// <summary>Catches up with the clock; call first thing under the lock in every operation.</summary>
    private void Tick()
    {
        if (_canceling.Count == 0 && _timeouts.Count == 0) return;
        var now = _clock();
        while (true)
        {
            DateTimeOffset? timeoutAt = _timeouts.TryPeek(out _, out var due) ? due : null;
            JobRecord? job = null;
            foreach (var j in _canceling)
                if (job == null || j.Cancel!.NextAt < job.Cancel!.NextAt) job = j;
            DateTimeOffset? cancelAt = job?.Cancel!.NextAt;

            if (timeoutAt is { } t && t <= now && (cancelAt == null || t <= cancelAt.Value))
            {
                var (e, at) = _timeouts.Dequeue();
                if (e.Status == JobExecutionStatus.InProgress && e.Deadline == at)
                    SetStatus(e, JobExecutionStatus.TimedOut, at);
                continue;
            }
            if (cancelAt is { } c && c <= now)
            {
                CancelNext(job!, c);
                continue;
            }
            return;
        }
    }

    /// <summary>Cancels the next execution of a paced CancelJob that is still eligible, at time <paramref name="at"/>.</summary>
    private void CancelNext(JobRecord job, DateTimeOffset at)
    {
        var work = job.Cancel!;
        while (work.Pending.TryDequeue(out var e))
        {
            // An execution can have moved on while it waited its turn (started, finished, timed out): it is then
            // looked at again as it is now, and skipped without using up a turn unless it can still be canceled.
            if (e.Deleted || !(e.Status == JobExecutionStatus.Queued || (work.Force && e.Status == JobExecutionStatus.InProgress)))
                continue;
            CancelForJob(e, at);
            work.NextAt = at + TimeSpan.FromSeconds(1 / _cancelRate);
            if (work.Pending.Count == 0) EndCancel(job);
            return;
        }
        EndCancel(job);
    }

    private void EndCancel(JobRecord job)
    {
        job.Cancel = null;
        _canceling.Remove(job);
    }

    /// <summary>One execution canceled by its job's cancel (IN_PROGRESS ones only get here with force).</summary>
    private void CancelForJob(ExecutionRecord e, DateTimeOffset at)
    {
        if (e.Status == JobExecutionStatus.InProgress) e.ForceCanceled = true;
        SetStatus(e, JobExecutionStatus.Canceled, at);
    }

    /// <summary>
    /// CancelJob's work on the executions: at once when the rate is 0, else queued for <see cref="Tick"/>. A repeated
    /// CancelJob while one is being processed merges into it (with force, IN_PROGRESS executions join the queue).
    /// </summary>
    private void StartCancel(JobRecord job, bool force, DateTimeOffset now)
    {
        bool Eligible(ExecutionRecord e) => e.Status == JobExecutionStatus.Queued || ((force || job.Cancel?.Force == true) && e.Status == JobExecutionStatus.InProgress);
        if (_cancelRate <= 0)
        {
            foreach (var e in job.Executions.Where(Eligible).ToList()) CancelForJob(e, now);
            return;
        }
        var work = job.Cancel;
        if (work == null)
        {
            work = new CancelWork { NextAt = now + TimeSpan.FromSeconds(1 / _cancelRate) };
            job.Cancel = work;
            _canceling.Add(job);
        }
        work.Force |= force;
        // Rebuilt from the job's current state, in job order: nothing is queued twice.
        work.Pending.Clear();
        foreach (var e in job.Executions)
            if (Eligible(e)) work.Pending.Enqueue(e);
        if (work.Pending.Count == 0) EndCancel(job);
    }

    /// <summary>An execution has just gone IN_PROGRESS: its job's in-progress timer starts (once; it cannot be reset).</summary>
    private void StartInProgressTimer(ExecutionRecord e, DateTimeOffset now)
    {
        if (e.Job.InProgressTimeoutInMinutes is not long minutes || e.InProgressDeadline != null) return;
        e.InProgressDeadline = After(now, minutes);
        ScheduleTimeout(e);
    }

    /// <summary>A new step timer replaces the previous one (-1 on UpdateJobExecution removes it); the in-progress timer still bounds it.</summary>
    private void SetStepTimer(ExecutionRecord e, long? stepTimeoutInMinutes, DateTimeOffset now)
    {
        if (stepTimeoutInMinutes == null) return;
        e.StepTimeoutInMinutes = stepTimeoutInMinutes == -1 ? null : stepTimeoutInMinutes;
        e.StepDeadline = stepTimeoutInMinutes == -1 ? null : After(now, stepTimeoutInMinutes.Value);
        ScheduleTimeout(e);
    }

    private void ScheduleTimeout(ExecutionRecord e)
    {
        if (e.Deadline is { } d) _timeouts.Enqueue((e, d), d);
    }

    /// <summary>approximateSecondsBeforeTimedOut: on the service's clock (the time scale), while a timer runs.</summary>
    private long? SecondsBeforeTimeout(ExecutionRecord e)
    {
        if (e.Status != JobExecutionStatus.InProgress || e.Deadline is not { } d) return null;
        double left = (d - _clock()).TotalSeconds * _timeScale;
        return (long)Math.Max(0, Math.Ceiling(left));
    }
}
