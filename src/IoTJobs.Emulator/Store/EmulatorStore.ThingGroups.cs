using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>
/// Static thing groups, as the AWS IoT Developer Guide ("Static thing groups") describes them: a hierarchy (a group
/// has at most one parent, given when it is created, at most 7 levels), a thing in at most one group of a hierarchy
/// and in at most 10 groups, and jobs that target a group run on every thing in it and in its child groups. A
/// CONTINUOUS job also gets an execution for every thing that joins a target group later; a thing that leaves all of
/// a continuous job's targets before it started has its QUEUED execution REMOVED.
/// </summary>
public sealed partial class EmulatorStore
{
    private readonly Dictionary<string, ThingGroupRecord> _groups = new(StringComparer.Ordinal);
    // Group names in order: ListThingGroups pages by name (AWS lists them alphabetically).
    private readonly SortedSet<string> _groupNames = new(StringComparer.Ordinal);

    /// <summary>AWS: "A thing group hierarchy can have at most 7 levels" (thing group limits).</summary>
    public const int MaxGroupDepth = 7;
    /// <summary>AWS: a thing can belong to at most 10 thing groups.</summary>
    public const int MaxGroupsPerThing = 10;
    /// <summary>AssociateTargetsWithJob: "The total number of targets associated with a job must not exceed 100."</summary>
    public const int MaxJobTargets = 100;

    /// <summary>CreateThingGroup: the same group again (same parent, description, attributes) is a 200, anything else a 409.</summary>
    public ThingGroupSnapshot CreateThingGroup(string groupName, string? parentGroupName = null, string? description = null,
        IReadOnlyDictionary<string, string>? attributes = null)
    {
        Validation.ThingGroupName(groupName);
        if (parentGroupName != null) Validation.ThingGroupName(parentGroupName, "parentGroupName");
        Validation.GroupDescription(description);
        Validation.Attributes(attributes, "thingGroupProperties.attributePayload.attributes");
        lock (_gate)
        {
            Tick();
            if (_groups.TryGetValue(groupName, out var existing))
            {
                bool same = existing.Parent?.Name == parentGroupName && existing.Description == description &&
                            SameAttributes(existing.Attributes, attributes);
                if (!same)
                    throw new EmulatorApiException(409, "ResourceAlreadyExistsException",
                        $"Thing Group {groupName} already exists with different properties.",
                        w => { w.WriteString("resourceId", existing.Id); w.WriteString("resourceArn", existing.Arn); });
                return Snap(existing);
            }
            ThingGroupRecord? parent = null;
            if (parentGroupName != null)
            {
                // CreateThingGroup's model has no ResourceNotFoundException: an unknown parent is an invalid request.
                if (!_groups.TryGetValue(parentGroupName, out parent))
                    throw EmulatorApiException.InvalidRequest($"The parent thing group {parentGroupName} does not exist.");
                if (parent.SelfAndAncestors().Count() >= MaxGroupDepth)
                    throw EmulatorApiException.InvalidRequest(
                        $"Thing group {groupName} cannot be created under {parentGroupName}: a thing group hierarchy can have at most {MaxGroupDepth} levels.");
            }
            var g = new ThingGroupRecord
            {
                Name = groupName,
                Arn = ThingGroupArn(groupName),
                Id = Guid.NewGuid().ToString(),
                Parent = parent,
                Description = description,
                Attributes = attributes == null ? new(StringComparer.Ordinal) : new(attributes, StringComparer.Ordinal),
                CreatedAt = _clock(),
            };
            parent?.Children.Add(g);
            _groups.Add(groupName, g);
            _groupNames.Add(groupName);
            return Snap(g);
        }
    }

    public ThingGroupSnapshot DescribeThingGroup(string groupName)
    {
        Validation.ThingGroupName(groupName);
        lock (_gate)
        {
            Tick();
            return Snap(GetGroup(groupName));
        }
    }

    /// <summary>
    /// ListThingGroups: every group (by name), or with <paramref name="parentGroup"/> its direct children, and with
    /// <paramref name="recursive"/> all groups below it; <paramref name="namePrefix"/> filters by name.
    /// </summary>
    public NamePage<ThingGroupSnapshot> ListThingGroups(string? parentGroup, string? namePrefix, bool recursive, string? afterName, int maxResults)
    {
        if (parentGroup != null) Validation.ThingGroupName(parentGroup, "parentGroup");
        if (namePrefix != null) Validation.ThingGroupName(namePrefix, "namePrefixFilter");
        lock (_gate)
        {
            Tick();
            IEnumerable<string> names = _groupNames;
            if (parentGroup != null)
            {
                var parent = GetGroup(parentGroup);
                var below = recursive
                    ? parent.SelfAndDescendants().Skip(1)
                    : parent.Children;
                names = below.Select(g => g.Name).OrderBy(n => n, StringComparer.Ordinal);
            }
            return NamePageOf(names, afterName, maxResults, n => namePrefix == null || n.StartsWith(namePrefix, StringComparison.Ordinal),
                n => Snap(_groups[n]));
        }
    }

    /// <summary>AddThingToThingGroup (by name or ARN for each); adding a thing that is already a member changes nothing.</summary>
    public void AddThingToThingGroup(string? groupName, string? groupArn, string? thingName, string? thingArn)
    {
        lock (_gate)
        {
            Tick();
            var group = ResolveGroup(groupName, groupArn);
            var thing = ResolveThing(thingName, thingArn);
            if (thing.Groups.Contains(group)) return;
            var root = group.Root;
            var sameHierarchy = thing.Groups.FirstOrDefault(g => g.Root == root);
            if (sameHierarchy != null)
                throw EmulatorApiException.InvalidRequest(
                    $"Thing {thing.Name} cannot be added to {group.Name}: it is already in {sameHierarchy.Name}, which is in the same hierarchy (root {root.Name}); a thing can be in only one group of a hierarchy.");
            if (thing.Groups.Count >= MaxGroupsPerThing)
                throw EmulatorApiException.InvalidRequest(
                    $"Thing {thing.Name} cannot be added to {group.Name}: it already belongs to {MaxGroupsPerThing} thing groups, the most a thing can belong to.");
            thing.Groups.Add(group);
            group.Members.Add(thing.Name);

            // Continuous jobs targeting this group (or a group above it) reach the thing now.
            var now = _clock();
            var ancestors = group.SelfAndAncestors().ToHashSet();
            foreach (var job in _jobOrder)
            {
                if (job.Status != JobStatus.InProgress || job.TargetSelection != "CONTINUOUS") continue;
                if (job.GroupTargets.Any(ancestors.Contains)) EnsureExecution(job, thing, now);
            }
        }
    }

    /// <summary>RemoveThingFromThingGroup; removing a thing that is not a member changes nothing.</summary>
    public void RemoveThingFromThingGroup(string? groupName, string? groupArn, string? thingName, string? thingArn)
    {
        lock (_gate)
        {
            Tick();
            var group = ResolveGroup(groupName, groupArn);
            var thing = ResolveThing(thingName, thingArn);
            if (!thing.Groups.Remove(group)) return;
            group.Members.Remove(thing.Name);

            // A continuous job the thing is no longer a target of: an execution it has not started is REMOVED
            // (AWS: "no longer scheduled to execute the job because [the things] have been ... removed from the group
            // that was a target of the job"). SNAPSHOT jobs keep the executions made when they were created.
            var now = _clock();
            foreach (var job in _jobOrder)
            {
                if (job.Status != JobStatus.InProgress || job.TargetSelection != "CONTINUOUS" || IsTarget(job, thing)) continue;
                var latest = LatestExecution(job, thing);
                if (latest?.Status == JobExecutionStatus.Queued) SetStatus(latest, JobExecutionStatus.Removed, now);
            }
        }
    }

    /// <summary>ListThingsInThingGroup: direct members by name, or with <paramref name="recursive"/> those of every group below too.</summary>
    public NamePage<string> ListThingsInThingGroup(string groupName, bool recursive, string? afterName, int maxResults)
    {
        Validation.ThingGroupName(groupName);
        lock (_gate)
        {
            Tick();
            var group = GetGroup(groupName);
            if (!recursive) return NamePageOf(After(group.Members, afterName), null, maxResults, _ => true, n => n);
            // Merge the sorted member sets of the subtree, reading only as far as one page needs from each.
            var merged = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var g in group.SelfAndDescendants())
                foreach (string n in After(g.Members, afterName).Take(maxResults + 1))
                    merged.Add(n);
            return NamePageOf(merged, null, maxResults, _ => true, n => n);
        }
    }

    /// <summary>ListThingGroupsForThing: the groups the thing is a direct member of, by name.</summary>
    public NamePage<ThingGroupSnapshot> ListThingGroupsForThing(string thingName, string? afterName, int maxResults)
    {
        Validation.ThingName(thingName);
        lock (_gate)
        {
            Tick();
            var thing = GetThing(thingName);
            var names = thing.Groups.Select(g => g.Name).OrderBy(n => n, StringComparer.Ordinal);
            return NamePageOf(names, afterName, maxResults, _ => true, n => Snap(_groups[n]));
        }
    }

    /// <summary>
    /// AssociateTargetsWithJob: adds thing groups to a CONTINUOUS job that is IN_PROGRESS; their things (and those of
    /// their child groups) get executions now, and things joining them later too.
    /// </summary>
    public JobSnapshot AssociateTargetsWithJob(string jobId, IReadOnlyList<string> targets, string? comment = null, string? namespaceId = null)
    {
        Validation.JobId(jobId);
        if (targets == null || targets.Count == 0)
            throw EmulatorApiException.InvalidRequest("targets must contain at least one thing group ARN.");
        Validation.FreeText(comment, "comment", 2028);
        if (namespaceId != null) Validation.Namespace(namespaceId);
        string groupPrefix = IoTJobs.Aws.IoTArn.Prefix(Region, Account, "thinggroup");
        var names = new List<string>();
        foreach (string arn in targets)
        {
            if (arn == null || arn.Length > 2048 || !arn.StartsWith(groupPrefix, StringComparison.Ordinal))
                throw EmulatorApiException.InvalidRequest(
                    $"Target '{Validation.Trunc(arn ?? "")}' is not a thing group ARN of the form {groupPrefix}<thingGroupName>{WhyNotOurs(arn ?? "")}; AssociateTargetsWithJob takes thing groups only.");
            string name = arn[groupPrefix.Length..];
            Validation.ThingGroupName(name, "targets");
            names.Add(name);
        }
        lock (_gate)
        {
            Tick();
            var job = GetJob(jobId);
            if (job.TargetSelection != "CONTINUOUS")
                throw EmulatorApiException.InvalidRequest($"Job {jobId} is a SNAPSHOT job; targets can be associated only with a CONTINUOUS job.");
            if (job.Status != JobStatus.InProgress)
                throw EmulatorApiException.InvalidRequest($"Job {jobId} is {job.Status}; targets can be associated only with a job that is IN_PROGRESS.");
            var groups = names.Distinct(StringComparer.Ordinal).Select(GetGroup).Where(g => !job.GroupTargets.Contains(g)).ToList();
            if (job.Targets.Count + groups.Count > MaxJobTargets)
                throw new EmulatorApiException(410, "LimitExceededException",
                    $"Job {jobId} would have {job.Targets.Count + groups.Count} targets; a job can have at most {MaxJobTargets}.");
            var now = _clock();
            foreach (var g in groups)
            {
                job.Targets.Add(g.Arn);
                job.GroupTargets.Add(g);
                foreach (var thing in MembersOf(g)) EnsureExecution(job, thing, now);
            }
            job.LastUpdatedAt = now;
            return Snap(job);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ThingGroupRecord GetGroup(string name) =>
        _groups.TryGetValue(name, out var g) ? g : throw EmulatorApiException.NotFound($"Thing group {name} cannot be found.");

    private ThingGroupRecord ResolveGroup(string? name, string? arn)
    {
        string n = NameOrArn(name, arn, "thingGroup", "thinggroup", "thing group", "groups");
        Validation.ThingGroupName(n);
        return GetGroup(n);
    }

    private ThingRecord ResolveThing(string? name, string? arn)
    {
        string n = NameOrArn(name, arn, "thing", "thing", "thing", "things");
        Validation.ThingName(n);
        return GetThing(n);
    }

    /// <summary>
    /// The name a request gives in <c>{member}Name</c>, <c>{member}Arn</c> (an ARN of this account, region and kind) or
    /// both, which must then agree.
    /// </summary>
    private string NameOrArn(string? name, string? arn, string member, string arnKind, string noun, string nouns)
    {
        string prefix = IoTJobs.Aws.IoTArn.Prefix(Region, Account, arnKind);
        string? fromArn = null;
        if (arn != null)
        {
            if (!arn.StartsWith(prefix, StringComparison.Ordinal))
                throw EmulatorApiException.InvalidRequest($"{member}Arn '{Validation.Trunc(arn)}' is not a {noun} ARN of the form {prefix}<{member}Name>{WhyNotOurs(arn)}.");
            fromArn = arn[prefix.Length..];
        }
        if (name == null && fromArn == null)
            throw EmulatorApiException.InvalidRequest($"Specify {member}Name or {member}Arn.");
        if (name != null && fromArn != null && name != fromArn)
            throw EmulatorApiException.InvalidRequest($"{member}Name '{Validation.Trunc(name)}' and {member}Arn '{Validation.Trunc(arn!)}' name different {nouns}.");
        return name ?? fromArn!;
    }

    /// <summary>Every thing in the group and the groups below it, by name, each once.</summary>
    private IEnumerable<ThingRecord> MembersOf(ThingGroupRecord group) =>
        group.SelfAndDescendants().SelectMany(g => g.Members).Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal).Select(n => _things[n]);

    /// <summary>Whether the job targets the thing: by its ARN, or through a group it is in (or a group above that).</summary>
    private static bool IsTarget(JobRecord job, ThingRecord thing) =>
        job.Targets.Contains(thing.Arn) ||
        thing.Groups.Any(g => g.SelfAndAncestors().Any(job.GroupTargets.Contains));

    private static ExecutionRecord? LatestExecution(JobRecord job, ThingRecord thing)
    {
        for (int i = thing.Executions.Count - 1; i >= 0; i--)
            if (thing.Executions[i].Job == job) return thing.Executions[i];
        return null;
    }

    /// <summary>A thing a job reaches gets a QUEUED execution, unless it has one (a REMOVED one is replaced by a new one).</summary>
    private void EnsureExecution(JobRecord job, ThingRecord thing, DateTimeOffset now)
    {
        var latest = LatestExecution(job, thing);
        if (latest != null && latest.Status != JobExecutionStatus.Removed) return;
        AddExecution(job, thing, now);
    }

    private ExecutionRecord AddExecution(JobRecord job, ThingRecord thing, DateTimeOffset now)
    {
        var e = new ExecutionRecord
        {
            Job = job, Thing = thing, Seq = ++_seq, QueuedAt = now, LastUpdatedAt = now,
            ExecutionNumber = thing.NextExecutionNumber++,
        };
        job.Executions.Add(e);
        thing.Executions.Add(e);
        Count(job, JobExecutionStatus.Queued, +1);
        job.LastUpdatedAt = now;
        return e;
    }

    private static IEnumerable<string> After(SortedSet<string> set, string? afterName)
    {
        if (afterName == null) return set;
        if (set.Count == 0 || string.CompareOrdinal(afterName, set.Max) >= 0) return Array.Empty<string>();
        return set.GetViewBetween(afterName, set.Max!).Where(n => !string.Equals(n, afterName, StringComparison.Ordinal));
    }

    /// <summary>One page of a name-ordered list: items after <paramref name="afterName"/>, and the last name returned when more follow.</summary>
    private static NamePage<TOut> NamePageOf<TOut>(IEnumerable<string> orderedNames, string? afterName, int max, Func<string, bool> filter,
        Func<string, TOut> map)
    {
        var items = new List<TOut>(Math.Min(max, 256));
        string? last = null;
        foreach (string n in orderedNames)
        {
            if (afterName != null && string.CompareOrdinal(n, afterName) <= 0) continue;
            if (!filter(n)) continue;
            if (items.Count == max) return new NamePage<TOut>(items, last);
            items.Add(map(n));
            last = n;
        }
        return new NamePage<TOut>(items, null);
    }

    private static ThingGroupSnapshot Snap(ThingGroupRecord g) =>
        new(g.Name, g.Arn, g.Id, g.Parent?.Name,
            g.Parent == null ? Array.Empty<(string, string)>() : g.Parent.SelfAndAncestors().Reverse().Select(a => (a.Name, a.Arn)).ToList(),
            g.Description, new Dictionary<string, string>(g.Attributes, StringComparer.Ordinal), g.Version, g.CreatedAt);
}
