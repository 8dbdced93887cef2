using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Jobs: CreateJob (thing and thing group targets), DescribeJob, ListJobs, CancelJob, DeleteJob.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>
    /// CreateJob: one QUEUED execution per target thing; a thing group target reaches every thing in the group and in
    /// the groups below it (targets are thing and thing group ARNs of this region/account; each thing gets one execution).
    /// </summary>
    public JobSnapshot CreateJob(string jobId, IReadOnlyList<string> targets, string? document = null, string? documentSource = null,
        string? description = null, string targetSelection = "SNAPSHOT", string? namespaceId = null, long? inProgressTimeoutInMinutes = null)
    {
        Validation.JobId(jobId);
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
        Validation.FreeText(description, "description", 2028);
        if (targetSelection is not ("SNAPSHOT" or "CONTINUOUS"))
            throw EmulatorApiException.InvalidRequest($"targetSelection '{Validation.Trunc(targetSelection)}' is not valid. Valid values: SNAPSHOT, CONTINUOUS.");
        if (namespaceId != null) Validation.Namespace(namespaceId);
        Validation.TimeoutMinutes(inProgressTimeoutInMinutes, "timeoutConfig.inProgressTimeoutInMinutes");
        var (names, groupNames) = ParseTargets(targets);

        lock (_gate)
        {
            Tick();
            if (_jobs.TryGetValue(jobId, out var existingJob))
                throw new EmulatorApiException(409, "ResourceAlreadyExistsException", $"Job {jobId} already exists.",
                    w => { w.WriteString("resourceId", jobId); w.WriteString("resourceArn", existingJob.Arn); });
            var seen = new HashSet<string>(names, StringComparer.Ordinal);
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

    /// <summary>CreateJob's targets: thing names and thing group names (each once, in order) from ARNs of this partition, region and account.</summary>
    private (List<string> Things, List<string> Groups) ParseTargets(IReadOnlyList<string> targets)
    {
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
                Validation.ThingGroupName(group, "targets");
                if (!groupNames.Contains(group)) groupNames.Add(group);
                continue;
            }
            if (!arn.StartsWith(thingPrefix, StringComparison.Ordinal))
                throw EmulatorApiException.InvalidRequest(
                    $"Target '{Validation.Trunc(arn)}' is not a thing ARN ({thingPrefix}<thingName>) or a thing group ARN ({groupPrefix}<thingGroupName>){WhyNotOurs(arn)}.");
            string name = arn[thingPrefix.Length..];
            Validation.ThingName(name, "targets");
            if (seen.Add(name)) names.Add(name);
        }
        return (names, groupNames);
    }

    /// <summary>Why an IoT ARN names nothing here: another partition, region or account (empty when it is not an IoT ARN at all).</summary>
    private string WhyNotOurs(string arn)
    {
        if (!IoTJobs.Aws.IoTArn.TryParse(arn, out var parsed, out string? problem))
            return problem == null ? "" : ": " + problem;
        string partition = IoTJobs.Aws.Partitions.For(Region).Id;
        if (parsed.Partition != partition) return $": it is in partition {parsed.Partition}; this endpoint serves {partition} ({Region})";
        if (parsed.Region != Region) return $": it is in region {parsed.Region}; this endpoint serves {Region}";
        if (parsed.Account != Account) return $": it is in account {parsed.Account}; this endpoint serves {Account}";
        return "";
    }

    public JobSnapshot DescribeJob(string jobId)
    {
        Validation.JobId(jobId);
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
        if (thingGroupName != null) Validation.ThingGroupName(thingGroupName);
        lock (_gate)
        {
            Tick();
            ThingGroupRecord? byName = thingGroupName == null ? null : GetGroup(thingGroupName);
            ThingGroupRecord? byId = null;
            if (thingGroupId != null)
                byId = _groups.Values.FirstOrDefault(g => g.Id == thingGroupId)
                       ?? throw EmulatorApiException.NotFound($"Thing group with id {Validation.Trunc(thingGroupId)} cannot be found.");
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
        Validation.JobId(jobId);
        Validation.ReasonCode(reasonCode);
        Validation.FreeText(comment, "comment", 2028);
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
        Validation.JobId(jobId);
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
}
