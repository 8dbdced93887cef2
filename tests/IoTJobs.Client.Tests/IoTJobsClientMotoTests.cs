using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>
/// Wire compatibility with a third-party server (moto 5.2.1, which routes by the SigV4 credential scope and parses
/// rest-json and STS's query protocol like AWS), seeded with boto3. moto's known gaps (no IN_PROGRESS, terminal cancel
/// returns 200, SearchIndex without paging and with connectivity timestamps in seconds) are avoided: see toolchain.md.
/// </summary>
public sealed class IoTJobsClientMotoTests
{
    private const string SeedScript = """
import sys, boto3
ep = sys.argv[1]
c = boto3.client('iot', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
for t in ['m1', 'm2', 'm3']:
    c.create_thing(thingName=t, attributePayload={'attributes': {'color': 'red'}})
c.create_thing(thingName='other', attributePayload={'attributes': {'color': 'blue'}})
c.create_thing_group(thingGroupName='mgroup')
c.add_thing_to_thing_group(thingGroupName='mgroup', thingName='m1')
c.create_job(jobId='mjob', targets=['arn:aws:iot:us-east-1:123456789012:thing/' + t for t in ['m1', 'm2', 'm3']], document='{"op":"reboot"}')
print('seeded')
""";

    private static IoTJobsClient Client(MotoServer moto) =>
        IoTJobsClient.Create(new ClientOptions { Region = "us-east-1", EndpointUrl = moto.Endpoint, AccessKey = "test", SecretKey = "test", MaxAttempts = 1 });

    [SkippableFact]
    public async Task Client_Works_AgainstMoto()
    {
        Skip.IfNot(MotoServer.Available(), "python3 with moto and boto3 is not installed");
        using var moto = await MotoServer.StartAsync();
        Assert.Equal("seeded", Python.Run(SeedScript, null, moto.Endpoint));
        using var client = Client(moto);

        var thing = await client.DescribeThingAsync("m1");
        Assert.Equal("m1", thing.ThingName);
        Assert.Equal("red", thing.Attributes!["color"]);
        Assert.Equal("mjob", (await client.DescribeJobAsync("mjob")).JobId);

        var execs = await Items.All(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "mjob", PageSize = 2 }));
        Assert.Equal(3, execs.Count);
        Assert.All(execs, e => Assert.Equal("QUEUED", e.Status));

        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "m2", JobId = "mjob" });
        Assert.Equal("CANCELED", (await client.DescribeJobExecutionAsync("m2", "mjob")).Status);

        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("missing"));
        Assert.Equal(ErrorCodes.ResourceNotFoundException, ex.ErrorCode);
        Assert.Equal(404, ex.StatusCode);

        // SearchIndex: moto answers POST /indices/search (one page, whatever maxResults says).
        var found = await Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "attributes.color:red", PageSize = 10 }));
        Assert.Equal(new[] { "m1", "m2", "m3" }, found.Select(d => d.ThingName).OrderBy(n => n));
        var m1 = found.Single(d => d.ThingName == "m1");
        Assert.Equal(new[] { "mgroup" }, m1.ThingGroupNames);
        Assert.Equal("red", m1.Attributes!["color"]);
        Assert.False(string.IsNullOrEmpty(m1.ThingId));
        Assert.True(m1.Connectivity!.Connected);
        Assert.NotNull(m1.Connectivity.Timestamp);
        Assert.NotNull(m1.Shadow);

        // STS GetCallerIdentity at the same endpoint (moto routes it by the credential scope "sts").
        Assert.Equal("the IoT endpoint (parameter)", client.Settings.StsEndpointSource);
        var identity = await client.GetCallerIdentityAsync();
        Assert.Equal("123456789012", identity.Account);
        Assert.Equal("arn:aws:sts::123456789012:user/moto", identity.Arn);
        Assert.False(string.IsNullOrEmpty(identity.UserId));
    }
}
