using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Bulk set-up for tests and POST /_emulator/seed, and the service-side transitions no API call makes.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>Creates the things (reusing existing ones), the job with one QUEUED execution each, and moves the listed things to IN_PROGRESS.</summary>
    /// <remarks>
    /// With <paramref name="targetThingGroup"/> the job targets that group (seed its members first, e.g. with
    /// <see cref="SeedThingGroup"/>) instead of the things one by one.
    /// </remarks>
    public JobSnapshot Seed(string jobId, IReadOnlyList<string> thingNames, IReadOnlyList<string>? inProgress = null,
        string? thingTypeName = null, IReadOnlyDictionary<string, string>? attributes = null, string document = "{\"operation\":\"seed\"}",
        string? targetThingGroup = null, string targetSelection = "SNAPSHOT")
    {
        Validation.JobId(jobId);
        if (thingNames == null || thingNames.Count == 0)
            throw EmulatorApiException.InvalidRequest("thingNames must contain at least one thing name.");
        foreach (string n in thingNames) Validation.ThingName(n, "thingNames");
        var inProgressSet = new HashSet<string>(inProgress ?? Array.Empty<string>(), StringComparer.Ordinal);
        foreach (string n in inProgressSet)
            if (!thingNames.Contains(n))
                throw EmulatorApiException.InvalidRequest($"inProgress names '{Validation.Trunc(n)}', which is not in thingNames.");
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
    /// Bulk seeding: creates the things (reusing existing ones) and the group (under <paramref name="parentGroupName"/>,
    /// which is created as a top-level group if missing), and adds the things to the group.
    /// </summary>
    public ThingGroupSnapshot SeedThingGroup(IReadOnlyList<string> thingNames, string groupName, string? parentGroupName = null,
        string? thingTypeName = null, IReadOnlyDictionary<string, string>? attributes = null)
    {
        Validation.ThingGroupName(groupName);
        if (parentGroupName != null) Validation.ThingGroupName(parentGroupName, "parentGroupName");
        foreach (string n in thingNames ?? Array.Empty<string>()) Validation.ThingName(n, "thingNames");
        lock (_gate)
        {
            Tick();
            if (parentGroupName != null && !_groups.ContainsKey(parentGroupName)) CreateThingGroup(parentGroupName);
            if (!_groups.TryGetValue(groupName, out var group))
                CreateThingGroup(groupName, parentGroupName);
            else if (group.Parent?.Name != parentGroupName)
                throw EmulatorApiException.InvalidRequest($"Thing group {groupName} exists with parent {group.Parent?.Name ?? "(none)"}, not {parentGroupName ?? "(none)"}.");
            foreach (string n in thingNames ?? Array.Empty<string>())
            {
                if (!_things.ContainsKey(n)) CreateThing(n, thingTypeName, attributes);
                AddThingToThingGroup(groupName, null, n, null);
            }
            return Snap(_groups[groupName]);
        }
    }

    /// <summary>Bulk seeding without a job or group: creates the things that do not exist yet.</summary>
    public void SeedThings(IReadOnlyList<string> thingNames, string? thingTypeName = null, IReadOnlyDictionary<string, string>? attributes = null)
    {
        if (thingNames == null || thingNames.Count == 0)
            throw EmulatorApiException.InvalidRequest("thingNames must contain at least one thing name.");
        foreach (string n in thingNames) Validation.ThingName(n, "thingNames");
        lock (_gate)
        {
            foreach (string n in thingNames)
                if (!_things.ContainsKey(n)) CreateThing(n, thingTypeName, attributes);
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
}
