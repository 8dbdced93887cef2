using System.Net;
using System.Text.Json;

namespace IoTJobs.Emulator.Tests.Handlers.ThingGroups;

/// <summary>
/// Static thing groups through the signed API: the hierarchy, membership rules, recursive and paged listings, jobs
/// that target groups (SNAPSHOT and CONTINUOUS), AssociateTargetsWithJob and ListJobs by group.
/// </summary>
public sealed class ThingGroupTests : EmulatorTestBase
{
    private static string GroupArn(string g) => $"arn:aws:iot:us-east-1:123456789012:thinggroup/{g}";

    private Task<ApiResponse> CreateGroup(string name, string? parent = null, object? properties = null) =>
        Api.Control(HttpMethod.Post, $"thing-groups/{name}", parent == null
            ? new { thingGroupProperties = properties }
            : (object)new { parentGroupName = parent, thingGroupProperties = properties });

    private Task<ApiResponse> Add(string group, string thing) =>
        Api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup", new { thingGroupName = group, thingName = thing });

    private Task<ApiResponse> Remove(string group, string thing) =>
        Api.Control(HttpMethod.Put, "thing-groups/removeThingFromThingGroup", new { thingGroupName = group, thingName = thing });

    private static string[] GroupNames(ApiResponse r) =>
        r.Body.GetProperty("thingGroups").EnumerateArray().Select(g => g.GetProperty("groupName").GetString()!).ToArray();

    private static string[] Things(ApiResponse r) => r.Body.GetProperty("things").EnumerateArray().Select(t => t.GetString()!).ToArray();

    private async Task Fleet()
    {
        Assert.Equal(HttpStatusCode.OK, (await CreateGroup("site-a")).Status);
        Assert.Equal(HttpStatusCode.OK, (await CreateGroup("building-7", "site-a")).Status);
        Assert.Equal(HttpStatusCode.OK, (await CreateGroup("floor-2", "building-7")).Status);
        Assert.Equal(HttpStatusCode.OK, (await CreateGroup("building-8", "site-a")).Status);
        foreach (var (g, things) in new[] { ("building-7", new[] { "b7-1", "b7-2" }), ("floor-2", new[] { "f2-1" }), ("building-8", new[] { "b8-1", "b8-2" }) })
        {
            foreach (var t in things)
            {
                await Api.CreateThing(t);
                Assert.Equal(HttpStatusCode.OK, (await Add(g, t)).Status);
            }
        }
    }

    [Fact]
    public async Task Nested_groups_describe_their_hierarchy_and_list_by_name()
    {
        await Fleet();
        var d = await Api.Control(HttpMethod.Get, "thing-groups/floor-2");
        Assert.Equal(HttpStatusCode.OK, d.Status);
        Assert.Equal(GroupArn("floor-2"), d.Body.GetProperty("thingGroupArn").GetString());
        Assert.Equal(1, d.Body.GetProperty("version").GetInt64());
        var meta = d.Body.GetProperty("thingGroupMetadata");
        Assert.Equal("building-7", meta.GetProperty("parentGroupName").GetString());
        Assert.Equal(new[] { "site-a", "building-7" },
            meta.GetProperty("rootToParentThingGroups").EnumerateArray().Select(g => g.GetProperty("groupName").GetString()).ToArray());
        Assert.Equal(JsonValueKind.Number, meta.GetProperty("creationDate").ValueKind);
        var root = (await Api.Control(HttpMethod.Get, "thing-groups/site-a")).Body.GetProperty("thingGroupMetadata");
        Assert.False(root.TryGetProperty("parentGroupName", out _));

        Assert.Equal(new[] { "building-7", "building-8", "floor-2", "site-a" }, GroupNames(await Api.Control(HttpMethod.Get, "thing-groups")));
        Assert.Equal(new[] { "building-7", "building-8" }, GroupNames(await Api.Control(HttpMethod.Get, "thing-groups?parentGroup=site-a")));
        Assert.Equal(new[] { "building-7", "building-8", "floor-2" }, GroupNames(await Api.Control(HttpMethod.Get, "thing-groups?parentGroup=site-a&recursive=true")));
        Assert.Equal(new[] { "building-7", "building-8" }, GroupNames(await Api.Control(HttpMethod.Get, "thing-groups?namePrefixFilter=building")));
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "thing-groups?parentGroup=none")).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "thing-groups/none")).ErrorCode);
    }

    [Fact]
    public async Task CreateThingGroup_is_idempotent_refuses_conflicts_unknown_parents_and_depth_over_seven()
    {
        var props = new { thingGroupDescription = "Site A", attributePayload = new { attributes = new Dictionary<string, string> { ["city"] = "Lyon" } } };
        var first = await CreateGroup("site-a", null, props);
        var again = await CreateGroup("site-a", null, props);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.GetProperty("thingGroupId").GetString(), again.Body.GetProperty("thingGroupId").GetString());
        var conflict = await CreateGroup("site-a", null, new { thingGroupDescription = "other" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("ResourceAlreadyExistsException", conflict.ErrorCode);
        Assert.Equal(first.Body.GetProperty("thingGroupArn").GetString(), conflict.Body.GetProperty("resourceArn").GetString());
        // CreateThingGroup's model has no ResourceNotFoundException: an unknown parent is an invalid request.
        Assert.Equal("InvalidRequestException", (await CreateGroup("x", "no-such-parent")).ErrorCode);
        Assert.Equal("InvalidRequestException", (await CreateGroup("bad name")).ErrorCode);
        Assert.Equal("InvalidRequestException", (await CreateGroup("y", null, new { thingGroupDescription = "tab\there" })).ErrorCode);

        var described = (await Api.Control(HttpMethod.Get, "thing-groups/site-a")).Body.GetProperty("thingGroupProperties");
        Assert.Equal("Site A", described.GetProperty("thingGroupDescription").GetString());
        Assert.Equal("Lyon", described.GetProperty("attributePayload").GetProperty("attributes").GetProperty("city").GetString());

        string parent = "site-a";
        for (int level = 2; level <= 7; level++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CreateGroup("l" + level, parent)).Status);
            parent = "l" + level;
        }
        var tooDeep = await CreateGroup("l8", parent);
        Assert.Equal("InvalidRequestException", tooDeep.ErrorCode);
        Assert.Contains("7 levels", tooDeep.Message);
        Assert.Equal(7, Store.ThingGroupCount); // site-a and l2..l7
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "thing-groups/l8")).ErrorCode);
    }

    [Fact]
    public async Task Membership_rules_one_group_per_hierarchy_ten_groups_names_or_arns()
    {
        await Fleet();
        // A thing in building-7 cannot join building-8: both are in site-a's hierarchy.
        var sameTree = await Add("building-8", "b7-1");
        Assert.Equal(HttpStatusCode.BadRequest, sameTree.Status);
        Assert.Equal("InvalidRequestException", sameTree.ErrorCode);
        Assert.Contains("same hierarchy", sameTree.Message);
        Assert.Equal(HttpStatusCode.OK, (await Add("building-7", "b7-1")).Status); // already a member: no change

        // ARNs work for both; a name and an ARN that disagree, or neither, are invalid.
        await CreateGroup("other-root");
        var byArn = await Api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup",
            new { thingGroupArn = GroupArn("other-root"), thingArn = ApiClient.Arn("b7-1") });
        Assert.Equal(HttpStatusCode.OK, byArn.Status);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup",
            new { thingGroupName = "site-a", thingGroupArn = GroupArn("other-root"), thingName = "b7-2" })).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup", new { thingName = "b7-2" })).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Add("none", "b7-2")).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Add("site-a", "nobody")).ErrorCode);

        // At most 10 groups per thing.
        await Api.CreateThing("busy");
        for (int i = 1; i <= 10; i++)
        {
            await CreateGroup($"root-{i}");
            Assert.Equal(HttpStatusCode.OK, (await Add($"root-{i}", "busy")).Status);
        }
        await CreateGroup("root-11");
        var eleventh = await Add("root-11", "busy");
        Assert.Equal("InvalidRequestException", eleventh.ErrorCode);
        Assert.Contains("10 thing groups", eleventh.Message);

        var groups = await Api.Control(HttpMethod.Get, "things/b7-1/thing-groups");
        Assert.Equal(new[] { "building-7", "other-root" }, GroupNames(groups));
        Assert.Equal(HttpStatusCode.OK, (await Remove("other-root", "b7-1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Remove("other-root", "b7-1")).Status); // not a member any more: no change
        Assert.Equal(new[] { "building-7" }, GroupNames(await Api.Control(HttpMethod.Get, "things/b7-1/thing-groups")));
    }

    [Fact]
    public async Task ListThingsInThingGroup_direct_or_recursive_paged_by_name_with_tokens_bound_to_the_call()
    {
        await Fleet();
        Assert.Empty(Things(await Api.Control(HttpMethod.Get, "thing-groups/site-a/things")));
        Assert.Equal(new[] { "b7-1", "b7-2" }, Things(await Api.Control(HttpMethod.Get, "thing-groups/building-7/things")));

        var all = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            var r = await Api.Control(HttpMethod.Get, "thing-groups/site-a/things?recursive=true&maxResults=2" + (token == null ? "" : "&nextToken=" + ApiClient.Esc(token)));
            Assert.Equal(HttpStatusCode.OK, r.Status);
            all.AddRange(Things(r));
            token = r.Body.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
            pages++;
            if (pages == 1)
            {
                // A token continues only the call that made it.
                Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Get, "thing-groups/site-a/things?nextToken=" + ApiClient.Esc(token!))).ErrorCode);
                Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Get, "thing-groups?nextToken=" + ApiClient.Esc(token!))).ErrorCode);
            }
        } while (token != null);
        Assert.Equal(new[] { "b7-1", "b7-2", "b8-1", "b8-2", "f2-1" }, all);
        Assert.Equal(3, pages);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "thing-groups/none/things")).ErrorCode);
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Get, "thing-groups/site-a/things?maxResults=251")).ErrorCode);
    }

    [Fact]
    public async Task CreateJob_on_a_group_reaches_every_thing_below_it_once_and_checks_the_groups()
    {
        await Fleet();
        var r = await Api.Control(HttpMethod.Put, "jobs/fw", new
        {
            targets = new[] { GroupArn("building-7"), ApiClient.Arn("b7-1"), ApiClient.Arn("b8-1") },
            document = "{}",
        });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var job = Store.DescribeJob("fw");
        Assert.Equal(4, job.StatusCounts["QUEUED"]); // b7-1 (once), b7-2, f2-1 through floor-2, b8-1
        Assert.Equal(new[] { "building-7" }, job.ThingGroupTargets.Select(g => g.ThingGroupName).ToArray());
        Assert.Equal("QUEUED", Store.DescribeJobExecution("f2-1", "fw").Status);
        Assert.Equal("ResourceNotFoundException", (await Api.Describe("b8-2", "fw")).ErrorCode);

        var unknown = await Api.Control(HttpMethod.Put, "jobs/fw2", new { targets = new[] { GroupArn("nope") }, document = "{}" });
        Assert.Equal("ResourceNotFoundException", unknown.ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "jobs/fw2")).ErrorCode);
        var otherAccount = await Api.Control(HttpMethod.Put, "jobs/fw3", new { targets = new[] { "arn:aws:iot:us-east-1:999999999999:thinggroup/site-a" }, document = "{}" });
        Assert.Equal("InvalidRequestException", otherAccount.ErrorCode);

        // A SNAPSHOT job on an empty group has nothing to do: it is COMPLETED at once.
        await CreateGroup("empty");
        await Api.Control(HttpMethod.Put, "jobs/nothing", new { targets = new[] { GroupArn("empty") }, document = "{}" });
        Assert.Equal("COMPLETED", Store.DescribeJob("nothing").Status);
    }

    [Fact]
    public async Task Snapshot_jobs_keep_their_members_continuous_jobs_follow_joins_and_leaves()
    {
        await Fleet();
        await Api.Control(HttpMethod.Put, "jobs/snap", new { targets = new[] { GroupArn("building-8") }, document = "{}" });
        await Api.Control(HttpMethod.Put, "jobs/cont", new { targets = new[] { GroupArn("site-a") }, document = "{}", targetSelection = "CONTINUOUS" });
        Assert.Equal(5, Store.DescribeJob("cont").StatusCounts["QUEUED"]);

        await Api.CreateThing("b8-9");
        await Add("building-8", "b8-9");
        Assert.Equal("ResourceNotFoundException", (await Api.Describe("b8-9", "snap")).ErrorCode); // snapshot: members at creation
        Assert.Equal("QUEUED", Status(await Api.Describe("b8-9", "cont")));                     // continuous: joins later too

        // Leaving every target group before starting: the QUEUED execution is REMOVED; a started one is left alone.
        await Api.StartNext("b8-1"); // starts snap's execution (the oldest)
        await Remove("building-8", "b8-2");
        Assert.Equal("REMOVED", Store.DescribeJobExecution("b8-2", "cont").Status);
        Assert.Equal("QUEUED", Store.DescribeJobExecution("b8-2", "snap").Status);
        var cont = (await Api.Control(HttpMethod.Get, "jobs/cont")).Body.GetProperty("job").GetProperty("jobProcessDetails");
        Assert.Equal(1, cont.GetProperty("numberOfRemovedThings").GetInt32());

        // Joining again restarts it: a new execution, with a new execution number; the REMOVED one stays as it was.
        long removedNumber = Store.DescribeJobExecution("b8-2", "cont").ExecutionNumber;
        await Add("building-8", "b8-2");
        var again = Store.DescribeJobExecution("b8-2", "cont");
        Assert.Equal("QUEUED", again.Status);
        Assert.True(again.ExecutionNumber > removedNumber);
        Assert.Equal("REMOVED", Store.DescribeJobExecution("b8-2", "cont", removedNumber).Status);

        // Once canceled, a continuous job reaches no new thing.
        await Api.Control(HttpMethod.Put, "jobs/cont/cancel", new { });
        await Api.CreateThing("late");
        await Add("building-7", "late");
        Assert.Equal("ResourceNotFoundException", (await Api.Describe("late", "cont")).ErrorCode);
    }

    [Fact]
    public async Task AssociateTargetsWithJob_adds_groups_to_a_continuous_job_in_progress_only()
    {
        await Fleet();
        await Api.Control(HttpMethod.Put, "jobs/cont", new { targets = new[] { GroupArn("building-8") }, document = "{}", targetSelection = "CONTINUOUS", description = "rollout" });
        var r = await Api.Control(HttpMethod.Post, "jobs/cont/targets", new { targets = new[] { GroupArn("floor-2") }, comment = "floor 2 too" });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("rollout", r.Body.GetProperty("description").GetString());
        Assert.Equal("QUEUED", Status(await Api.Describe("f2-1", "cont")));
        var job = (await Api.Control(HttpMethod.Get, "jobs/cont")).Body.GetProperty("job");
        Assert.Equal(new[] { GroupArn("building-8"), GroupArn("floor-2") }, job.GetProperty("targets").EnumerateArray().Select(t => t.GetString()).ToArray());
        await Api.CreateThing("f2-9");
        await Add("floor-2", "f2-9");
        Assert.Equal("QUEUED", Status(await Api.Describe("f2-9", "cont")));

        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Post, "jobs/cont/targets", new { targets = new[] { ApiClient.Arn("b7-1") } })).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Post, "jobs/cont/targets", new { targets = new[] { GroupArn("nope") } })).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Post, "jobs/none/targets", new { targets = new[] { GroupArn("site-a") } })).ErrorCode);
        await Api.Control(HttpMethod.Put, "jobs/snap", new { targets = new[] { GroupArn("building-7") }, document = "{}" });
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Post, "jobs/snap/targets", new { targets = new[] { GroupArn("building-8") } })).ErrorCode);
        await Api.Control(HttpMethod.Put, "jobs/cont/cancel", new { });
        Assert.Equal("InvalidRequestException", (await Api.Control(HttpMethod.Post, "jobs/cont/targets", new { targets = new[] { GroupArn("site-a") } })).ErrorCode);

        // At most 100 targets: LimitExceededException (410).
        await Api.Control(HttpMethod.Put, "jobs/wide", new { targets = new[] { GroupArn("building-8") }, document = "{}", targetSelection = "CONTINUOUS" });
        var many = new List<string>();
        for (int i = 0; i < 100; i++)
        {
            await CreateGroup($"g{i}");
            many.Add(GroupArn($"g{i}"));
        }
        var limit = await Api.Control(HttpMethod.Post, "jobs/wide/targets", new { targets = many });
        Assert.Equal(410, limit.Code);
        Assert.Equal("LimitExceededException", limit.ErrorCode);
    }

    [Fact]
    public async Task ListJobs_filters_by_thing_group_name_or_id_and_summaries_carry_the_group_id()
    {
        await Fleet();
        await Api.Control(HttpMethod.Put, "jobs/j7", new { targets = new[] { GroupArn("building-7") }, document = "{}" });
        await Api.Control(HttpMethod.Put, "jobs/j8", new { targets = new[] { GroupArn("building-8") }, document = "{}" });
        await Api.Control(HttpMethod.Put, "jobs/jt", new { targets = new[] { ApiClient.Arn("b7-1") }, document = "{}" });
        static string[] Ids(ApiResponse r) => r.Body.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()!).ToArray();
        Assert.Equal(new[] { "j7" }, Ids(await Api.Control(HttpMethod.Get, "jobs?thingGroupName=building-7")));
        string id = Store.DescribeThingGroup("building-8").ThingGroupId;
        var byId = await Api.Control(HttpMethod.Get, "jobs?thingGroupId=" + id);
        Assert.Equal(new[] { "j8" }, Ids(byId));
        Assert.Equal(id, byId.Body.GetProperty("jobs")[0].GetProperty("thingGroupId").GetString());
        Assert.False((await Api.Control(HttpMethod.Get, "jobs?thingGroupName=building-7")).Body.GetProperty("jobs")[0].GetProperty("isConcurrent").GetBoolean());
        var all = (await Api.Control(HttpMethod.Get, "jobs")).Body.GetProperty("jobs").EnumerateArray().ToList();
        Assert.False(all.Single(j => j.GetProperty("jobId").GetString() == "jt").TryGetProperty("thingGroupId", out _));
        Assert.Empty(Ids(await Api.Control(HttpMethod.Get, "jobs?thingGroupName=site-a"))); // only jobs that target the group itself
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "jobs?thingGroupName=none")).ErrorCode);
    }
}
