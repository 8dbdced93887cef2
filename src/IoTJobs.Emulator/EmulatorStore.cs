using System.Text.RegularExpressions;

namespace IoTJobs.Emulator;

/// <summary>
/// In-memory IoT things, jobs and job executions. One lock guards everything: operations are short
/// (dictionary look-ups, appends, bounded page scans), so contention stays low at thousands of requests/s.
/// Errors are thrown as <see cref="EmulatorApiException"/> with AWS codes.
/// </summary>
public sealed partial class EmulatorStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ThingRecord> _things = new(StringComparer.Ordinal);
    private readonly List<ThingRecord> _thingOrder = new();
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly List<JobRecord> _jobOrder = new();
    private long _seq;
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

    // ---- validation shared with the HTTP layer -------------------------------------------------------------

    [GeneratedRegex("^[a-zA-Z0-9:_-]{1,128}$")] private static partial Regex ThingNameRx();
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")] private static partial Regex JobIdRx();
    [GeneratedRegex("^[a-zA-Z0-9:_-]{1,128}$")] private static partial Regex DetailsKeyRx();
    [GeneratedRegex("^[a-zA-Z0-9_-]+$")] private static partial Regex NamespaceRx();
    [GeneratedRegex(@"^[\p{Lu}\p{Nd}_]{1,128}$")] private static partial Regex ReasonCodeRx();
    [GeneratedRegex("^[a-zA-Z0-9_.,@/:#-]{1,128}$")] private static partial Regex AttrNameRx();
    [GeneratedRegex(@"^[a-zA-Z0-9_.,@/:#=\[\]-]{0,800}$")] private static partial Regex AttrValueRx();

    internal static void ValidateThingName(string name, string label = "thingName")
    {
        if (!ThingNameRx().IsMatch(name))
            throw EmulatorApiException.InvalidRequest(
                $"1 validation error detected: Value '{Trunc(name)}' at '{label}' failed to satisfy constraint: " +
                "Member must have length 1..128 and match pattern [a-zA-Z0-9:_-]+");
    }

    internal static void ValidateJobId(string id, string label = "jobId")
    {
        if (!JobIdRx().IsMatch(id))
            throw EmulatorApiException.InvalidRequest(
                $"1 validation error detected: Value '{Trunc(id)}' at '{label}' failed to satisfy constraint: " +
                "Member must have length 1..64 and match pattern [a-zA-Z0-9_-]+");
    }

    internal static void ValidateNamespace(string ns)
    {
        if (!NamespaceRx().IsMatch(ns))
            throw EmulatorApiException.InvalidRequest($"Value '{Trunc(ns)}' at 'namespaceId' failed to satisfy constraint: Member must match pattern [a-zA-Z0-9_-]+");
    }

    internal static void ValidateStatusDetails(IReadOnlyDictionary<string, string>? details)
    {
        if (details == null) return;
        if (details.Count > 10)
            throw EmulatorApiException.InvalidRequest($"statusDetails has {details.Count} entries; at most 10 are allowed.");
        foreach (var (k, v) in details)
        {
            if (!DetailsKeyRx().IsMatch(k))
                throw EmulatorApiException.InvalidRequest(
                    $"statusDetails key '{Trunc(k)}' is not valid: keys have length 1..128 and match [a-zA-Z0-9:_-]+.");
            if (string.IsNullOrEmpty(v) || v.Length > 1024 || HasControlChars(v))
                throw EmulatorApiException.InvalidRequest(
                    $"statusDetails value for '{k}' is not valid: values have length 1..1024 and no control or format characters.");
        }
    }

    internal static void ValidateReasonCode(string? reasonCode)
    {
        if (reasonCode != null && !ReasonCodeRx().IsMatch(reasonCode))
            throw EmulatorApiException.InvalidRequest(
                $"Value '{Trunc(reasonCode)}' at 'reasonCode' failed to satisfy constraint: Member must have length 1..128 and match pattern [\\p{{Upper}}\\p{{Digit}}_]+");
    }

    internal static void ValidateFreeText(string? text, string label, int max)
    {
        if (text == null) return;
        if (text.Length == 0 || text.Length > max || HasControlChars(text))
            throw EmulatorApiException.InvalidRequest(
                $"Value at '{label}' failed to satisfy constraint: Member must have length 1..{max} and contain no control characters ([^\\p{{C}}]+)");
    }

    internal static void ValidateAttributeName(string name)
    {
        if (!AttrNameRx().IsMatch(name))
            throw EmulatorApiException.InvalidRequest($"Value '{Trunc(name)}' at 'attributeName' failed to satisfy constraint: Member must have length <= 128 and match pattern [a-zA-Z0-9_.,@/:#-]+");
    }

    internal static void ValidateAttributeValue(string value)
    {
        if (!AttrValueRx().IsMatch(value))
            throw EmulatorApiException.InvalidRequest($"Value '{Trunc(value)}' at 'attributeValue' failed to satisfy constraint: Member must have length <= 800 and match pattern [a-zA-Z0-9_.,@/:#=\\[\\]-]*");
    }

    /// <summary>An attribute payload: at most 50 entries, each name and value by the service's patterns.</summary>
    internal static void ValidateAttributes(IReadOnlyDictionary<string, string>? attributes, string member)
    {
        if (attributes == null) return;
        if (attributes.Count > 50)
            throw EmulatorApiException.InvalidRequest($"{member} has more than 50 entries.");
        foreach (var (k, v) in attributes)
        {
            ValidateAttributeName(k);
            ValidateAttributeValue(v);
        }
    }

    /// <summary>True when a create call's attributes are exactly the existing resource's (idempotent create).</summary>
    private static bool SameAttributes(IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string>? attributes) =>
        existing.Count == (attributes?.Count ?? 0) &&
        (attributes == null || attributes.All(a => existing.TryGetValue(a.Key, out var v) && v == a.Value));

    private static bool HasControlChars(string s)
    {
        foreach (var rune in s.EnumerateRunes())
        {
            var cat = System.Text.Rune.GetUnicodeCategory(rune);
            if (cat is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned)
                return true;
        }
        // EnumerateRunes maps lone surrogates to U+FFFD; treat those as invalid too.
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return true;
        }
        return false;
    }

    private static string Trunc(string s) => s.Length > 140 ? s[..140] + "..." : s;

    // ---- reset / counts ---------------------------------------------------------------------------------

    /// <summary>Removes every thing, job and execution.</summary>
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
        }
    }

    public int ThingCount { get { lock (_gate) return _things.Count; } }
    public int JobCount { get { lock (_gate) return _jobs.Count; } }
    public int ExecutionCount { get { lock (_gate) return _jobs.Values.Sum(j => j.Executions.Count); } }

    /// <summary>The server's clock (tests pass their own to the constructor).</summary>
    public DateTimeOffset Now => _clock();

    // ---- things -------------------------------------------------------------------------------------------

    /// <summary>CreateThing: idempotent when the same type and attributes are given, else ResourceAlreadyExistsException.</summary>
    public ThingSnapshot CreateThing(string thingName, string? thingTypeName = null, IReadOnlyDictionary<string, string>? attributes = null)
    {
        ValidateThingName(thingName);
        if (thingTypeName != null) ValidateThingName(thingTypeName, "thingTypeName");
        ValidateAttributes(attributes, "attributePayload.attributes");
        lock (_gate)
        {
            Tick();
            if (_things.TryGetValue(thingName, out var existing))
            {
                bool same = existing.TypeName == thingTypeName && SameAttributes(existing.Attributes, attributes);
                if (!same)
                    throw new EmulatorApiException(409, "ResourceAlreadyExistsException",
                        $"Thing {thingName} already exists in account with different attributes",
                        w => { w.WriteString("resourceId", existing.Id); w.WriteString("resourceArn", existing.Arn); });
                return Snap(existing);
            }
            var t = new ThingRecord
            {
                Name = thingName,
                Arn = ThingArn(thingName),
                Id = Guid.NewGuid().ToString(),
                TypeName = thingTypeName,
                Attributes = attributes == null ? new(StringComparer.Ordinal) : new(attributes, StringComparer.Ordinal),
                Seq = ++_seq,
            };
            _things.Add(thingName, t);
            _thingOrder.Add(t);
            return Snap(t);
        }
    }

    public ThingSnapshot DescribeThing(string thingName)
    {
        ValidateThingName(thingName);
        lock (_gate)
        {
            Tick();
            return Snap(GetThing(thingName));
        }
    }

    public Page<ThingSnapshot> ListThings(string? attributeName, string? attributeValue, string? thingTypeName,
        bool usePrefixAttributeValue, long afterSeq, int maxResults)
    {
        lock (_gate)
        {
            Tick();
            return PageOf(_thingOrder, t => t.Seq, afterSeq, maxResults, t =>
                    (thingTypeName == null || t.TypeName == thingTypeName) &&
                    (attributeName == null || (t.Attributes.TryGetValue(attributeName, out var v) &&
                        (attributeValue == null || (usePrefixAttributeValue ? v.StartsWith(attributeValue, StringComparison.Ordinal) : v == attributeValue)))),
                Snap);
        }
    }

    // ---- jobs -----------------------------------------------------------------------------------------------

    /// <summary>
    /// CreateJob: one QUEUED execution per target thing; a thing group target reaches every thing in the group and in
    /// the groups below it (targets are thing and thing group ARNs of this region/account; each thing gets one execution).
    /// </summary>
    public JobSnapshot CreateJob(string jobId, IReadOnlyList<string> targets, string? document = null, string? documentSource = null,
        string? description = null, string targetSelection = "SNAPSHOT", string? namespaceId = null, long? inProgressTimeoutInMinutes = null)
    {
        ValidateJobId(jobId);
        if (targets == null || targets.Count == 0)
            throw EmulatorApiException.InvalidRequest("targets must contain at least one thing or thing group ARN.");
        if (document == null && documentSource == null)
            throw EmulatorApiException.InvalidRequest("Either document or documentSource must be specified.");
        if (document != null && documentSource != null)
            throw EmulatorApiException.InvalidRequest("Specify either document or documentSource, not both.");
        if (document != null && (document.Length == 0 || document.Length > 32768))
            throw EmulatorApiException.InvalidRequest("document must have length 1..32768.");
        if (documentSource != null && (documentSource.Length == 0 || documentSource.Length > 1350))
            throw EmulatorApiException.InvalidRequest("documentSource must have length 1..1350.");
        ValidateFreeText(description, "description", 2028);
        if (targetSelection is not ("SNAPSHOT" or "CONTINUOUS"))
            throw EmulatorApiException.InvalidRequest($"targetSelection '{Trunc(targetSelection)}' is not valid. Valid values: SNAPSHOT, CONTINUOUS.");
        if (namespaceId != null) ValidateNamespace(namespaceId);

        ValidateTimeoutMinutes(inProgressTimeoutInMinutes, "timeoutConfig.inProgressTimeoutInMinutes");

        string thingPrefix = IoTJobs.Aws.IoTArn.Prefix(Region, Account, "thing");
        string groupPrefix = IoTJobs.Aws.IoTArn.Prefix(Region, Account, "thinggroup");
        var names = new List<string>(targets.Count);
        var groupNames = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string arn in targets)
        {
            if (arn == null || arn.Length > 2048)
                throw EmulatorApiException.InvalidRequest("Each target must be an ARN of at most 2048 characters.");
            if (arn.StartsWith(groupPrefix, StringComparison.Ordinal))
            {
                string group = arn[groupPrefix.Length..];
                ValidateThingGroupName(group, "targets");
                if (!groupNames.Contains(group)) groupNames.Add(group);
                continue;
            }
            if (!arn.StartsWith(thingPrefix, StringComparison.Ordinal))
                throw EmulatorApiException.InvalidRequest(
                    $"Target '{Trunc(arn)}' is not a thing ARN ({thingPrefix}<thingName>) or a thing group ARN ({groupPrefix}<thingGroupName>).");
            string name = arn[thingPrefix.Length..];
            ValidateThingName(name, "targets");
            if (seen.Add(name)) names.Add(name);
        }

        lock (_gate)
        {
            Tick();
            if (_jobs.TryGetValue(jobId, out var existingJob))
                throw new EmulatorApiException(409, "ResourceAlreadyExistsException", $"Job {jobId} already exists.",
                    w => { w.WriteString("resourceId", jobId); w.WriteString("resourceArn", existingJob.Arn); });
            var things = new List<ThingRecord>(names.Count);
            foreach (string n in names)
            {
                if (!_things.TryGetValue(n, out var t))
                    throw EmulatorApiException.NotFound($"Thing {n} cannot be found.");
                things.Add(t);
            }
            var groups = new List<ThingGroupRecord>(groupNames.Count);
            foreach (string g in groupNames)
            {
                if (!_groups.TryGetValue(g, out var group))
                    throw EmulatorApiException.NotFound($"Thing group {g} cannot be found.");
                groups.Add(group);
                foreach (var member in MembersOf(group))
                    if (seen.Add(member.Name)) things.Add(member);
            }
            var now = _clock();
            var job = new JobRecord
            {
                Id = jobId, Arn = JobArn(jobId), Seq = ++_seq, TargetSelection = targetSelection,
                Targets = targets.Distinct(StringComparer.Ordinal).ToList(), Description = description, Document = document,
                DocumentSource = documentSource, NamespaceId = namespaceId, InProgressTimeoutInMinutes = inProgressTimeoutInMinutes,
                CreatedAt = now, LastUpdatedAt = now,
            };
            job.GroupTargets.AddRange(groups);
            foreach (var t in things)
            {
                var e = new ExecutionRecord
                {
                    Job = job, Thing = t, Seq = ++_seq, QueuedAt = now, LastUpdatedAt = now,
                    ExecutionNumber = t.NextExecutionNumber++,
                };
                job.Executions.Add(e);
                t.Executions.Add(e);
            }
            job.StatusCounts[JobExecutionStatus.Queued] = things.Count;
            _jobs.Add(jobId, job);
            _jobOrder.Add(job);
            // A SNAPSHOT job that reached no thing (an empty group) has nothing left to do.
            MaybeComplete(job, now);
            return Snap(job);
        }
    }

    public JobSnapshot DescribeJob(string jobId)
    {
        ValidateJobId(jobId);
        lock (_gate)
        {
            Tick();
            return Snap(GetJob(jobId));
        }
    }

    /// <summary>ListJobs; a thing group filter (name or id) keeps the jobs that target that group, and names an existing group.</summary>
    public Page<JobSnapshot> ListJobs(string? status, string? targetSelection, string? namespaceId, string? thingGroupName, string? thingGroupId,
        long afterSeq, int maxResults)
    {
        if (thingGroupName != null) ValidateThingGroupName(thingGroupName);
        lock (_gate)
        {
            Tick();
            ThingGroupRecord? byName = thingGroupName == null ? null : GetGroup(thingGroupName);
            ThingGroupRecord? byId = null;
            if (thingGroupId != null)
                byId = _groups.Values.FirstOrDefault(g => g.Id == thingGroupId)
                       ?? throw EmulatorApiException.NotFound($"Thing group with id {Trunc(thingGroupId)} cannot be found.");
            return PageOf(_jobOrder, j => j.Seq, afterSeq, maxResults, j =>
                    (byName == null || j.GroupTargets.Contains(byName)) &&
                    (byId == null || j.GroupTargets.Contains(byId)) &&
                    (status == null || j.Status == status) &&
                    (targetSelection == null || j.TargetSelection == targetSelection) &&
                    (namespaceId == null || j.NamespaceId == namespaceId),
                Snap);
        }
    }

    /// <summary>
    /// CancelJob: the job becomes CANCELED; QUEUED executions are canceled, IN_PROGRESS ones only with force,
    /// terminal ones are left alone, at <see cref="JobCancelRate"/> (isConcurrent stays true until done). Canceling a
    /// CANCELED job again is accepted (a later force still cancels executions that are IN_PROGRESS). A job that has
    /// finished (COMPLETED) is a 400 InvalidRequestException: CancelJob's model lists no 409.
    /// </summary>
    public JobSnapshot CancelJob(string jobId, bool force = false, string? reasonCode = null, string? comment = null)
    {
        ValidateJobId(jobId);
        ValidateReasonCode(reasonCode);
        ValidateFreeText(comment, "comment", 2028);
        lock (_gate)
        {
            Tick();
            var job = GetJob(jobId);
            if (job.Status is JobStatus.Completed or JobStatus.DeletionInProgress)
                throw EmulatorApiException.InvalidRequest($"Job {jobId} is in status {job.Status} and cannot be canceled.");
            var now = _clock();
            job.Status = JobStatus.Canceled;
            if (force) job.ForceCanceled = true;
            if (reasonCode != null) job.ReasonCode = reasonCode;
            if (comment != null) job.Comment = comment;
            job.LastUpdatedAt = now;
            job.CompletedAt ??= now;
            StartCancel(job, force, now);
            return Snap(job);
        }
    }

    /// <summary>DeleteJob: a COMPLETED or CANCELED job; an IN_PROGRESS one only with force. Its executions go too.</summary>
    public void DeleteJob(string jobId, bool force = false)
    {
        ValidateJobId(jobId);
        lock (_gate)
        {
            Tick();
            var job = GetJob(jobId);
            if (job.Status == JobStatus.InProgress && !force)
                throw EmulatorApiException.InvalidState($"Job {jobId} is in status IN_PROGRESS; use force to delete it.");
            if (job.Cancel != null) EndCancel(job);
            foreach (var e in job.Executions)
            {
                e.Deleted = true;
                e.Thing.Executions.Remove(e);
            }
            _jobs.Remove(jobId);
            _jobOrder.Remove(job);
        }
    }

    // ---- executions (control plane) -----------------------------------------------------------------------

    public JobExecutionSnapshot DescribeJobExecution(string thingName, string jobId, long? executionNumber = null)
    {
        ValidateThingName(thingName);
        ValidateJobId(jobId);
        lock (_gate)
        {
            Tick();
            return Snap(GetExecution(thingName, jobId, executionNumber));
        }
    }

    public Page<JobExecutionSnapshot> ListJobExecutionsForJob(string jobId, string? status, long afterSeq, int maxResults)
    {
        ValidateJobId(jobId);
        lock (_gate)
        {
            Tick();
            var job = GetJob(jobId);
            return PageOf(job.Executions, e => e.Seq, afterSeq, maxResults, e => status == null || e.Status == status, Snap);
        }
    }

    public Page<JobExecutionSnapshot> ListJobExecutionsForThing(string thingName, string? status, string? jobId, string? namespaceId,
        long afterSeq, int maxResults)
    {
        ValidateThingName(thingName);
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            return PageOf(thing.Executions, e => e.Seq, afterSeq, maxResults, e =>
                    (status == null || e.Status == status) &&
                    (jobId == null || e.Job.Id == jobId) &&
                    (namespaceId == null || e.Job.NamespaceId == namespaceId),
                Snap);
        }
    }

    /// <summary>
    /// CancelJobExecution: QUEUED -> CANCELED; IN_PROGRESS -> CANCELED only with force (forceCanceled=true);
    /// anything else (every terminal state, CANCELED included) -> InvalidStateTransitionException.
    /// expectedVersion is checked first (VersionConflictException). versionNumber is incremented.
    /// </summary>
    public JobExecutionSnapshot CancelJobExecution(string thingName, string jobId, bool force = false, long? expectedVersion = null,
        IReadOnlyDictionary<string, string>? statusDetails = null)
    {
        ValidateThingName(thingName);
        ValidateJobId(jobId);
        ValidateStatusDetails(statusDetails);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, null);
            CheckVersion(e, expectedVersion, controlPlane: true);
            if (e.Status == JobExecutionStatus.InProgress && !force)
                throw InvalidTransition(e, "cannot be canceled without force=true");
            if (e.Status != JobExecutionStatus.Queued && e.Status != JobExecutionStatus.InProgress)
                throw InvalidTransition(e, "is in a terminal state and cannot be canceled");
            var now = _clock();
            if (e.Status == JobExecutionStatus.InProgress) e.ForceCanceled = true;
            if (statusDetails != null) e.StatusDetails = new(statusDetails, StringComparer.Ordinal);
            SetStatus(e, JobExecutionStatus.Canceled, now);
            return Snap(e);
        }
    }

    /// <summary>DeleteJobExecution: QUEUED or terminal executions; IN_PROGRESS only with force.</summary>
    public void DeleteJobExecution(string thingName, string jobId, long executionNumber, bool force = false)
    {
        ValidateThingName(thingName);
        ValidateJobId(jobId);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, executionNumber);
            if (e.Status == JobExecutionStatus.InProgress && !force)
                throw InvalidTransition(e, "cannot be deleted without force=true");
            e.Deleted = true;
            e.Job.Executions.Remove(e);
            e.Thing.Executions.Remove(e);
            Count(e.Job, e.Status, -1);
            MaybeComplete(e.Job, _clock());
        }
    }

    // ---- executions (data plane) ----------------------------------------------------------------------------

    /// <summary>
    /// StartNextPendingJobExecution: like AWS, "pending" means IN_PROGRESS or QUEUED: an execution already
    /// IN_PROGRESS is returned unchanged; otherwise the oldest QUEUED one becomes IN_PROGRESS (startedAt set,
    /// version + 1). Null when nothing is pending.
    /// </summary>
    public JobExecutionSnapshot? StartNextPendingJobExecution(string thingName, IReadOnlyDictionary<string, string>? statusDetails = null,
        long? stepTimeoutInMinutes = null)
    {
        ValidateThingName(thingName);
        ValidateStatusDetails(statusDetails);
        ValidateTimeoutMinutes(stepTimeoutInMinutes, "stepTimeoutInMinutes");
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            var running = thing.Executions.FirstOrDefault(x => x.Status == JobExecutionStatus.InProgress);
            if (running != null) return Snap(running);
            var e = thing.Executions.FirstOrDefault(IsPending);
            if (e == null) return null;
            var now = _clock();
            if (statusDetails != null) e.StatusDetails = new(statusDetails, StringComparer.Ordinal);
            e.StartedAt = now;
            SetStatus(e, JobExecutionStatus.InProgress, now);
            SetStepTimer(e, stepTimeoutInMinutes, now);
            return Snap(e);
        }
    }

    /// <summary>
    /// UpdateJobExecution (device side): QUEUED or IN_PROGRESS -> IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.
    /// Terminal executions and other target states -> InvalidStateTransitionException.
    /// </summary>
    public JobExecutionSnapshot UpdateJobExecution(string thingName, string jobId, string status,
        IReadOnlyDictionary<string, string>? statusDetails = null, long? expectedVersion = null, long? executionNumber = null,
        long? stepTimeoutInMinutes = null)
    {
        ValidateThingName(thingName);
        ValidateJobId(jobId);
        if (!JobExecutionStatus.IsValid(status))
            throw EmulatorApiException.InvalidRequest($"status '{Trunc(status)}' is not valid. Valid values: {string.Join(", ", JobExecutionStatus.All)}.");
        ValidateStatusDetails(statusDetails);
        ValidateTimeoutMinutes(stepTimeoutInMinutes, "stepTimeoutInMinutes", allowMinusOne: true);
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, executionNumber);
            CheckVersion(e, expectedVersion, controlPlane: false);
            if (JobExecutionStatus.IsTerminal(e.Status))
                throw InvalidTransition(e, "is in a terminal state and cannot be updated");
            if (status is not (JobExecutionStatus.InProgress or JobExecutionStatus.Succeeded or JobExecutionStatus.Failed or JobExecutionStatus.Rejected))
                throw InvalidTransition(e, $"cannot be moved to {status} by a device (valid: IN_PROGRESS, SUCCEEDED, FAILED, REJECTED)");
            var now = _clock();
            if (statusDetails != null) e.StatusDetails = new(statusDetails, StringComparer.Ordinal);
            if (e.StartedAt == null && status != JobExecutionStatus.Queued) e.StartedAt = now;
            SetStatus(e, status, now);
            // A step timer is set (or reset, or with -1 removed) by an update that keeps the execution IN_PROGRESS.
            if (status == JobExecutionStatus.InProgress) SetStepTimer(e, stepTimeoutInMinutes, now);
            return Snap(e);
        }
    }

    /// <summary>GetPendingJobExecutions: (IN_PROGRESS, QUEUED) executions of a thing, oldest first.</summary>
    public (IReadOnlyList<JobExecutionSnapshot> InProgress, IReadOnlyList<JobExecutionSnapshot> Queued) GetPendingJobExecutions(string thingName)
    {
        ValidateThingName(thingName);
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            return (thing.Executions.Where(e => e.Status == JobExecutionStatus.InProgress).Select(Snap).ToList(),
                    thing.Executions.Where(IsPending).Select(Snap).ToList());
        }
    }

    /// <summary>Data-plane DescribeJobExecution; jobId "$next" means the next pending execution (IN_PROGRESS first, then QUEUED).</summary>
    public JobExecutionSnapshot DescribeJobExecutionForDevice(string thingName, string jobId, long? executionNumber = null)
    {
        ValidateThingName(thingName);
        if (jobId != "$next") ValidateJobId(jobId);
        lock (_gate)
        {
            Tick();
            if (jobId != "$next") return Snap(GetExecution(thingName, jobId, executionNumber));
            var thing = GetThing(thingName);
            var e = thing.Executions.FirstOrDefault(x => x.Status == JobExecutionStatus.InProgress)
                    ?? thing.Executions.FirstOrDefault(IsPending)
                    ?? throw EmulatorApiException.NotFound($"No pending job execution for thing {thingName}.");
            return Snap(e);
        }
    }

    // ---- bulk seeding -----------------------------------------------------------------------------------------

    /// <summary>Creates the things (reusing existing ones), the job with one QUEUED execution each, and moves the listed things to IN_PROGRESS.</summary>
    /// <remarks>
    /// With <paramref name="targetThingGroup"/> the job targets that group (seed its members first, e.g. with
    /// <see cref="SeedThingGroup"/>) instead of the things one by one.
    /// </remarks>
    public JobSnapshot Seed(string jobId, IReadOnlyList<string> thingNames, IReadOnlyList<string>? inProgress = null,
        string? thingTypeName = null, IReadOnlyDictionary<string, string>? attributes = null, string document = "{\"operation\":\"seed\"}",
        string? targetThingGroup = null, string targetSelection = "SNAPSHOT")
    {
        ValidateJobId(jobId);
        if (thingNames == null || thingNames.Count == 0)
            throw EmulatorApiException.InvalidRequest("thingNames must contain at least one thing name.");
        foreach (string n in thingNames) ValidateThingName(n, "thingNames");
        var inProgressSet = new HashSet<string>(inProgress ?? Array.Empty<string>(), StringComparer.Ordinal);
        foreach (string n in inProgressSet)
            if (!thingNames.Contains(n))
                throw EmulatorApiException.InvalidRequest($"inProgress names '{Trunc(n)}', which is not in thingNames.");
        lock (_gate)
        {
            Tick();
            if (_jobs.ContainsKey(jobId))
                throw new EmulatorApiException(409, "ResourceAlreadyExistsException", $"Job {jobId} already exists.");
            foreach (string n in thingNames)
                if (!_things.ContainsKey(n)) CreateThing(n, thingTypeName, attributes);
            var targets = targetThingGroup != null ? new List<string> { ThingGroupArn(targetThingGroup) } : thingNames.Select(ThingArn).ToList();
            CreateJob(jobId, targets, document, targetSelection: targetSelection);
            var rec = _jobs[jobId];
            var now = _clock();
            foreach (var e in rec.Executions)
            {
                if (!inProgressSet.Contains(e.Thing.Name)) continue;
                e.StartedAt = now;
                SetStatus(e, JobExecutionStatus.InProgress, now);
            }
            return Snap(rec);
        }
    }

    /// <summary>
    /// Service-side transitions no API call makes here (TIMED_OUT by a timer, REMOVED by group membership):
    /// lets tests put an execution into any state. Version is bumped like any update.
    /// </summary>
    public JobExecutionSnapshot SetExecutionStatus(string thingName, string jobId, string status)
    {
        if (!JobExecutionStatus.IsValid(status))
            throw new ArgumentException($"Unknown status '{status}'. Valid: {string.Join(", ", JobExecutionStatus.All)}.", nameof(status));
        lock (_gate)
        {
            Tick();
            var e = GetExecution(thingName, jobId, null);
            var now = _clock();
            if (status != JobExecutionStatus.Queued && e.StartedAt == null) e.StartedAt = now;
            SetStatus(e, status, now);
            return Snap(e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

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

    /// <summary>
    /// expectedVersion: the error carries only what the model has (message). The control plane's error is
    /// VersionConflictException; the data plane's model has none, so there it is its 409, InvalidStateTransitionException.
    /// Neither message reveals the current state: a client describes the execution to learn it, as against AWS.
    /// </summary>
    private static void CheckVersion(ExecutionRecord e, long? expectedVersion, bool controlPlane)
    {
        if (expectedVersion == null || expectedVersion == e.VersionNumber) return;
        string message = $"The expected version {expectedVersion} does not match the current version of job execution {e.Job.Id} on thing {e.Thing.Name}.";
        throw controlPlane
            ? new EmulatorApiException(409, "VersionConflictException", message)
            : EmulatorApiException.InvalidState(message);
    }

    /// <summary>A QUEUED execution a device may start: not one whose job is being canceled (AWS stops scheduling those).</summary>
    private static bool IsPending(ExecutionRecord e) => e.Status == JobExecutionStatus.Queued && e.Job.Status != JobStatus.Canceled;

    private static EmulatorApiException InvalidTransition(ExecutionRecord e, string what) =>
        EmulatorApiException.InvalidState($"Job execution {e.Job.Id} on thing {e.Thing.Name} is in status {e.Status} and {what}.");

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
    private static Page<TOut> PageOf<TIn, TOut>(List<TIn> list, Func<TIn, long> seq, long afterSeq, int max,
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
