using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>
/// In-memory IoT things, thing groups, jobs and job executions. One lock guards everything: operations are short
/// (dictionary look-ups, appends, bounded page scans), so contention stays low at thousands of requests/s.
/// Errors are thrown as <see cref="EmulatorApiException"/> with AWS codes. One partial file per resource.
/// </summary>
public sealed partial class EmulatorStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ThingRecord> _things = new(StringComparer.Ordinal);
    private readonly List<ThingRecord> _thingOrder = new();
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly List<JobRecord> _jobOrder = new();
    private long _seq;
    private long _scanned;
    private readonly Func<DateTimeOffset> _clock;

    public EmulatorStore(string region = "us-east-1", string account = "123456789012", Func<DateTimeOffset>? clock = null)
    {
        Region = region;
        Account = account;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public string Region { get; }
    public string Account { get; }

    public string ThingArn(string thingName) => IoTJobs.Aws.IoTArn.Format(Region, Account, "thing", thingName);
    public string JobArn(string jobId) => IoTJobs.Aws.IoTArn.Format(Region, Account, "job", jobId);
    public string ThingGroupArn(string groupName) => IoTJobs.Aws.IoTArn.Format(Region, Account, "thinggroup", groupName);

    /// <summary>Removes every thing, group, job, execution and shadow, and turns fleet indexing OFF again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _things.Clear();
            _thingOrder.Clear();
            _jobs.Clear();
            _jobOrder.Clear();
            _groups.Clear();
            _groupNames.Clear();
            _canceling.Clear();
            _timeouts.Clear();
            _shadows.Clear();
            _indexing = Indexing.IndexingConfiguration.Default;
        }
    }

    public int ThingCount { get { lock (_gate) return _things.Count; } }
    public int JobCount { get { lock (_gate) return _jobs.Count; } }
    public int ExecutionCount { get { lock (_gate) return _jobs.Values.Sum(j => j.Executions.Count); } }
    public int ThingGroupCount { get { lock (_gate) return _groups.Count; } }

    /// <summary>Items list operations have looked at so far: a page costs what it returns, not the size of the list.</summary>
    internal long ScannedItems { get { lock (_gate) return _scanned; } }

    /// <summary>The server's clock (tests pass their own to the constructor).</summary>
    public DateTimeOffset Now => _clock();

    // ---- helpers shared by the partial files --------------------------------------------------------------

    private ThingRecord GetThing(string name) =>
        _things.TryGetValue(name, out var t) ? t : throw EmulatorApiException.NotFound($"Thing {name} cannot be found.");

    private JobRecord GetJob(string id) =>
        _jobs.TryGetValue(id, out var j) ? j : throw EmulatorApiException.NotFound($"Job {id} cannot be found.");

    private ExecutionRecord GetExecution(string thingName, string jobId, long? executionNumber)
    {
        if (!_things.TryGetValue(thingName, out var thing))
            throw EmulatorApiException.NotFound($"Thing {thingName} cannot be found.");
        if (!_jobs.ContainsKey(jobId))
            throw EmulatorApiException.NotFound($"Job {jobId} cannot be found.");
        // Newest execution of this job on this thing unless a number is given.
        for (int i = thing.Executions.Count - 1; i >= 0; i--)
        {
            var e = thing.Executions[i];
            if (e.Job.Id == jobId && (executionNumber == null || e.ExecutionNumber == executionNumber))
                return e;
        }
        throw EmulatorApiException.NotFound(executionNumber == null
            ? $"Job execution for job {jobId} on thing {thingName} cannot be found."
            : $"Job execution number {executionNumber} for job {jobId} on thing {thingName} cannot be found.");
    }

    /// <summary>True when a create call's attributes are exactly the existing resource's (idempotent create).</summary>
    private static bool SameAttributes(IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string>? attributes) =>
        existing.Count == (attributes?.Count ?? 0) &&
        (attributes == null || attributes.All(a => existing.TryGetValue(a.Key, out var v) && v == a.Value));

    private void SetStatus(ExecutionRecord e, string status, DateTimeOffset now)
    {
        Count(e.Job, e.Status, -1);
        Count(e.Job, status, +1);
        if (status == JobExecutionStatus.InProgress && e.Status != JobExecutionStatus.InProgress) StartInProgressTimer(e, now);
        e.Status = status;
        e.VersionNumber++;
        e.LastUpdatedAt = now;
        e.Job.LastUpdatedAt = now;
        MaybeComplete(e.Job, now);
    }

    private static void Count(JobRecord job, string status, int delta)
    {
        job.StatusCounts.TryGetValue(status, out int n);
        job.StatusCounts[status] = n + delta;
    }

    /// <summary>A SNAPSHOT job whose executions are all terminal is COMPLETED (a CONTINUOUS job stays IN_PROGRESS).</summary>
    private static void MaybeComplete(JobRecord job, DateTimeOffset now)
    {
        if (job.Status != JobStatus.InProgress || job.TargetSelection != "SNAPSHOT") return;
        job.StatusCounts.TryGetValue(JobExecutionStatus.Queued, out int q);
        job.StatusCounts.TryGetValue(JobExecutionStatus.InProgress, out int p);
        if (q + p == 0)
        {
            job.Status = JobStatus.Completed;
            job.CompletedAt = now;
        }
    }

    /// <summary>Items after <paramref name="afterSeq"/> matching the filter, at most max, plus whether more follow.</summary>
    private Page<TOut> PageOf<TIn, TOut>(List<TIn> list, Func<TIn, long> seq, long afterSeq, int max,
        Func<TIn, bool> filter, Func<TIn, TOut> map)
    {
        // Lists are in ascending Seq order: binary search for the first item after the token's position.
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (seq(list[mid]) <= afterSeq) lo = mid + 1; else hi = mid;
        }
        var items = new List<TOut>(Math.Min(max, 256));
        long lastSeq = afterSeq;
        for (int i = lo; i < list.Count; i++)
        {
            _scanned++;
            var x = list[i];
            if (!filter(x)) continue;
            if (items.Count == max) return new Page<TOut>(items, lastSeq);
            items.Add(map(x));
            lastSeq = seq(x);
        }
        return new Page<TOut>(items, null);
    }

    private static ThingSnapshot Snap(ThingRecord t) =>
        new(t.Name, t.Arn, t.Id, t.TypeName, new Dictionary<string, string>(t.Attributes, StringComparer.Ordinal), t.Version);

    private static JobSnapshot Snap(JobRecord j) =>
        new(j.Id, j.Arn, j.TargetSelection, j.Status, j.ForceCanceled, j.ReasonCode, j.Comment, j.Targets.ToList(), j.Description,
            j.Document, j.DocumentSource, j.NamespaceId, j.InProgressTimeoutInMinutes, j.CreatedAt, j.LastUpdatedAt, j.CompletedAt,
            new Dictionary<string, int>(j.StatusCounts, StringComparer.Ordinal))
        {
            IsConcurrent = j.Cancel != null,
            ThingGroupTargets = j.GroupTargets.Select(Snap).ToList(),
        };

    private static readonly IReadOnlyDictionary<string, string> NoDetails = new Dictionary<string, string>();

    private JobExecutionSnapshot Snap(ExecutionRecord e) =>
        new(e.Job.Id, e.Thing.Name, e.Thing.Arn, e.Status, e.ForceCanceled,
            e.StatusDetails == null ? NoDetails : new Dictionary<string, string>(e.StatusDetails, StringComparer.Ordinal),
            e.QueuedAt, e.StartedAt, e.LastUpdatedAt, e.ExecutionNumber, e.VersionNumber, e.Job.Document)
        {
            ApproximateSecondsBeforeTimedOut = SecondsBeforeTimeout(e),
        };
}
