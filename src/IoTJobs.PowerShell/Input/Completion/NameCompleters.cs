namespace IoTJobs.PowerShell.Input.Completion
{
    // The name parameters' completers: each lists one kind of name from the account (see ServiceNameCompleter).

    /// <summary>Completes -JobId from the account's jobs (ListJobs), prefix-filtered.</summary>
    public sealed class JobIdCompleter() : ServiceNameCompleter("jobs",
        (client, ct) => NamesOf(client.ListJobsAsync(new ListJobsRequest { PageSize = ListPageSize }, ct), job => job.JobId));

    /// <summary>Completes -ThingName from the account's things (ListThings), prefix-filtered.</summary>
    public sealed class ThingNameCompleter() : ServiceNameCompleter("things",
        (client, ct) => NamesOf(client.ListThingsAsync(new ListThingsRequest { PageSize = ListPageSize }, ct), thing => thing.ThingName));

    /// <summary>Completes -ThingGroupName from the account's thing groups (ListThingGroups), prefix-filtered.</summary>
    public sealed class ThingGroupNameCompleter() : ServiceNameCompleter("thing groups",
        (client, ct) => NamesOf(client.ListThingGroupsAsync(new ListThingGroupsRequest { PageSize = ListPageSize }, ct), group => group.ThingGroupName));
}
