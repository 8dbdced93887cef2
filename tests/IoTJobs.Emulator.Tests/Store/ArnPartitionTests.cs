using System.Net;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Store;

/// <summary>
/// One region of every partition: SigV4 for that region verifies, every ARN the emulator writes carries the region's
/// partition, and an ARN of another partition is refused as AWS would (400 InvalidRequestException naming it).
/// </summary>
public sealed class ArnPartitionTests
{
    public static TheoryData<string, string> RegionsOfEveryPartition() => new()
    {
        { "us-east-1", "aws" },
        { "cn-north-1", "aws-cn" },
        { "us-gov-west-1", "aws-us-gov" },
        { "eusc-de-east-1", "aws-eusc" },
        { "us-iso-east-1", "aws-iso" },
        { "us-isob-east-1", "aws-iso-b" },
        { "eu-isoe-west-1", "aws-iso-e" },
        { "us-isof-south-1", "aws-iso-f" },
    };

    [Theory]
    [MemberData(nameof(RegionsOfEveryPartition))]
    public async Task Things_jobs_and_executions_carry_the_regions_partition(string region, string partition)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Region = region });
        using var api = new ApiClient(host.BaseAddress, region: region);
        string prefix = $"arn:{partition}:iot:{region}:123456789012:";

        var thing = await api.CreateThing("dev-1");
        Assert.Equal(HttpStatusCode.OK, thing.Status);
        Assert.Equal(prefix + "thing/dev-1", thing.Body.GetProperty("thingArn").GetString());
        var job = await api.Control(HttpMethod.Put, "jobs/job-1", new { targets = new[] { prefix + "thing/dev-1" }, document = "{}" });
        Assert.Equal(HttpStatusCode.OK, job.Status);
        Assert.Equal(prefix + "job/job-1", job.Body.GetProperty("jobArn").GetString());

        var list = await api.Control(HttpMethod.Get, "jobs/job-1/things");
        Assert.Equal(prefix + "thing/dev-1", Assert.Single(list.Body.GetProperty("executionSummaries").EnumerateArray()).GetProperty("thingArn").GetString());
        var described = await api.Describe("dev-1", "job-1");
        Assert.Equal(prefix + "thing/dev-1", described.Body.GetProperty("execution").GetProperty("thingArn").GetString());
        var d = (await api.Control(HttpMethod.Get, "jobs/job-1")).Body.GetProperty("job");
        Assert.Equal(prefix + "job/job-1", d.GetProperty("jobArn").GetString());
        Assert.Equal(prefix + "thing/dev-1", Assert.Single(d.GetProperty("targets").EnumerateArray()).GetString());

        // Thing groups, by ARN too: a job on the group reaches the thing.
        var group = await api.Control(HttpMethod.Post, "thing-groups/grp", new { });
        Assert.Equal(prefix + "thinggroup/grp", group.Body.GetProperty("thingGroupArn").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup",
            new { thingGroupArn = prefix + "thinggroup/grp", thingArn = prefix + "thing/dev-1" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Put, "jobs/job-2", new { targets = new[] { prefix + "thinggroup/grp" }, document = "{}" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Describe("dev-1", "job-2")).Status);

        // STS answers in the same partition.
        Assert.Equal($"arn:{partition}:iam::123456789012:user/emulator", (await StsClient.Send(host.BaseAddress, region: region)).Result("Arn"));
    }

    [Theory]
    [MemberData(nameof(RegionsOfEveryPartition))]
    public async Task An_ARN_of_another_partition_is_refused_naming_it(string region, string partition)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Region = region });
        using var api = new ApiClient(host.BaseAddress, region: region);
        await api.CreateThing("dev-1");
        await api.Control(HttpMethod.Post, "thing-groups/grp", new { });
        await api.Control(HttpMethod.Put, "jobs/live", new { targets = new[] { $"arn:{partition}:iot:{region}:123456789012:thinggroup/grp" }, document = "{}", targetSelection = "CONTINUOUS" });
        string other = partition == "aws" ? "aws-cn" : "aws";
        string thingArn = $"arn:{other}:iot:{region}:123456789012:thing/dev-1";
        string groupArn = $"arn:{other}:iot:{region}:123456789012:thinggroup/grp";

        foreach (var r in new[]
        {
            await api.Control(HttpMethod.Put, "jobs/job-x", new { targets = new[] { thingArn }, document = "{}" }),
            await api.Control(HttpMethod.Put, "jobs/job-y", new { targets = new[] { groupArn }, document = "{}" }),
            await api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup", new { thingGroupName = "grp", thingArn }),
            await api.Control(HttpMethod.Put, "thing-groups/removeThingFromThingGroup", new { thingGroupArn = groupArn, thingName = "dev-1" }),
            await api.Control(HttpMethod.Post, "jobs/live/targets", new { targets = new[] { groupArn } }),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("InvalidRequestException", r.ErrorCode);
            Assert.Contains($"arn:{other}:iot:{region}", r.Message);
            Assert.Contains($"partition '{other}' is not region {region}'s ({partition})", r.Message);
        }
        Assert.Equal(1, host.Store.JobCount);
    }

    [Theory]
    [MemberData(nameof(RegionsOfEveryPartition))]
    public async Task SigV4_is_verified_for_the_region_and_refused_for_another(string region, string partition)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Region = region });
        using var right = new ApiClient(host.BaseAddress, region: region);
        Assert.Equal(HttpStatusCode.OK, (await right.Control(HttpMethod.Get, "things")).Status);
        // Another region of the same partition where it has one (cn-northwest-1 for cn-north-1), else us-west-2.
        string wrongRegion = IoTJobs.Aws.Partitions.ById(partition)!.Regions.FirstOrDefault(r => r != region) ?? "us-west-2";
        using var wrong = new ApiClient(host.BaseAddress, region: wrongRegion);
        var r = await wrong.Control(HttpMethod.Get, "things");
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
        Assert.Contains($"not '{wrongRegion}'. This endpoint serves '{region}'", r.Message);
    }
}
