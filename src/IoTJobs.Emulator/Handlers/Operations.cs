namespace IoTJobs.Emulator.Handlers;

/// <summary>Operation names, as counters, rate limits, --deny and --fault-script name them (Http/Routes.cs maps them to handlers).</summary>
public static class Operations
{
    public const string CreateThing = nameof(CreateThing);
    public const string DescribeThing = nameof(DescribeThing);
    public const string ListThings = nameof(ListThings);
    public const string CreateJob = nameof(CreateJob);
    public const string DescribeJob = nameof(DescribeJob);
    public const string ListJobs = nameof(ListJobs);
    public const string CancelJob = nameof(CancelJob);
    public const string DeleteJob = nameof(DeleteJob);
    public const string DescribeJobExecution = nameof(DescribeJobExecution);
    public const string ListJobExecutionsForJob = nameof(ListJobExecutionsForJob);
    public const string ListJobExecutionsForThing = nameof(ListJobExecutionsForThing);
    public const string CancelJobExecution = nameof(CancelJobExecution);
    public const string DeleteJobExecution = nameof(DeleteJobExecution);
    public const string StartNextPendingJobExecution = nameof(StartNextPendingJobExecution);
    public const string UpdateJobExecution = nameof(UpdateJobExecution);
    public const string GetPendingJobExecutions = nameof(GetPendingJobExecutions);
    public const string CreateThingGroup = nameof(CreateThingGroup);
    public const string DescribeThingGroup = nameof(DescribeThingGroup);
    public const string ListThingGroups = nameof(ListThingGroups);
    public const string AddThingToThingGroup = nameof(AddThingToThingGroup);
    public const string RemoveThingFromThingGroup = nameof(RemoveThingFromThingGroup);
    public const string ListThingsInThingGroup = nameof(ListThingsInThingGroup);
    public const string ListThingGroupsForThing = nameof(ListThingGroupsForThing);
    public const string AssociateTargetsWithJob = nameof(AssociateTargetsWithJob);
    public const string UpdateIndexingConfiguration = nameof(UpdateIndexingConfiguration);
    public const string GetIndexingConfiguration = nameof(GetIndexingConfiguration);
    public const string SearchIndex = nameof(SearchIndex);

    /// <summary>The Device Shadow operations of the IoT data plane (botocore's iot-data, signing name 'iotdata').</summary>
    public const string UpdateThingShadow = nameof(UpdateThingShadow);
    public const string GetThingShadow = nameof(GetThingShadow);

    /// <summary>The data-plane DescribeJobExecution; named apart so its counter and limit do not mix with the control plane's.</summary>
    public const string JobsDataDescribeJobExecution = nameof(JobsDataDescribeJobExecution);

    /// <summary>STS's GetCallerIdentity (the Query protocol, POST / with Action=GetCallerIdentity).</summary>
    public const string GetCallerIdentity = nameof(GetCallerIdentity);

    public static readonly IReadOnlySet<string> All = new SortedSet<string>(StringComparer.Ordinal)
    {
        CreateThing, DescribeThing, ListThings, CreateJob, DescribeJob, ListJobs, CancelJob, DeleteJob,
        DescribeJobExecution, ListJobExecutionsForJob, ListJobExecutionsForThing, CancelJobExecution,
        DeleteJobExecution, StartNextPendingJobExecution, UpdateJobExecution, GetPendingJobExecutions,
        JobsDataDescribeJobExecution,
        CreateThingGroup, DescribeThingGroup, ListThingGroups, AddThingToThingGroup, RemoveThingFromThingGroup,
        ListThingsInThingGroup, ListThingGroupsForThing, AssociateTargetsWithJob, GetCallerIdentity,
        UpdateIndexingConfiguration, GetIndexingConfiguration, SearchIndex, UpdateThingShadow, GetThingShadow,
    };

    public static bool IsDataPlane(string op) =>
        op is StartNextPendingJobExecution or UpdateJobExecution or GetPendingJobExecutions or JobsDataDescribeJobExecution;

    public static bool IsSts(string op) => op is GetCallerIdentity;

    public static bool IsShadow(string op) => op is UpdateThingShadow or GetThingShadow;

    /// <summary>The botocore service an operation belongs to: iot, iot-jobs-data, iot-data or sts.</summary>
    public static string ServiceOf(string op) =>
        IsSts(op) ? "sts" : IsShadow(op) ? "iot-data" : IsDataPlane(op) ? "iot-jobs-data" : "iot";
}
