using System.Net;
using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.Tests.Handlers.FleetIndexing;

/// <summary>GetIndexingConfiguration: OFF at first (as AWS's CLI example shows), then what the last update set.</summary>
public sealed class GetIndexingConfigurationTests : EmulatorTestBase
{
    private async Task<string> Get()
    {
        var r = await Api.Control(HttpMethod.Get, "indexing/config");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        return r.RawBody;
    }

    [Fact]
    public async Task Both_indexes_are_off_at_first_and_after_a_reset()
    {
        const string off = """{"thingIndexingConfiguration":{"thingIndexingMode":"OFF","thingConnectivityIndexingMode":"OFF"},"thingGroupIndexingConfiguration":{"thingGroupIndexingMode":"OFF"}}""";
        Assert.Equal(off, await Get());
        await Api.Indexing("REGISTRY_AND_SHADOW", "STATUS");
        Assert.NotEqual(off, await Get());
        Store.Reset();
        Assert.Equal(off, await Get());
    }

    [Fact]
    public async Task The_managed_fields_follow_the_modes_and_the_rest_is_shown_as_set()
    {
        await Api.Indexing("REGISTRY");
        Assert.Equal(
            """{"thingIndexingConfiguration":{"thingIndexingMode":"REGISTRY","thingConnectivityIndexingMode":"OFF","managedFields":[{"name":"thingName","type":"String"},{"name":"thingId","type":"String"},{"name":"registry.version","type":"Number"},{"name":"registry.thingTypeName","type":"String"},{"name":"registry.thingGroupNames","type":"String"}]},"thingGroupIndexingConfiguration":{"thingGroupIndexingMode":"OFF"}}""",
            await Get());

        var set = await Api.Control(HttpMethod.Post, "indexing/config", new
        {
            thingIndexingConfiguration = new
            {
                thingIndexingMode = "REGISTRY_AND_SHADOW",
                thingConnectivityIndexingMode = "STATUS",
                deviceDefenderIndexingMode = "VIOLATIONS",
                namedShadowIndexingMode = "ON",
                customFields = new[] { new { name = "attributes.version", type = "Number" }, new { name = "shadow.desired.power", type = "Boolean" } },
                filter = new { namedShadowNames = new[] { "config" }, geoLocations = new[] { new { name = "shadow.reported.location", order = "LonLat" } } },
            },
            thingGroupIndexingConfiguration = new { thingGroupIndexingMode = "ON", customFields = new[] { new { name = "attributes.site", type = "String" } } },
        });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("{}", set.RawBody);
        string all = await Get();
        Assert.Contains("\"thingIndexingMode\":\"REGISTRY_AND_SHADOW\",\"thingConnectivityIndexingMode\":\"STATUS\",\"deviceDefenderIndexingMode\":\"VIOLATIONS\",\"namedShadowIndexingMode\":\"ON\"", all);
        foreach (string field in new[] { "shadow.hasDelta", "shadow.version", "connectivity.connected", "connectivity.timestamp", "connectivity.disconnectReason", "connectivity.version", "deviceDefender.violationCount", "shadow.name.*.hasDelta", "shadow.name.*.version" })
            Assert.Contains($"{{\"name\":\"{field}\",", all);
        Assert.Contains("\"customFields\":[{\"name\":\"attributes.version\",\"type\":\"Number\"},{\"name\":\"shadow.desired.power\",\"type\":\"Boolean\"}]", all);
        Assert.Contains("\"filter\":{\"namedShadowNames\":[\"config\"],\"geoLocations\":[{\"name\":\"shadow.reported.location\",\"order\":\"LonLat\"}]}", all);
        Assert.EndsWith("\"thingGroupIndexingConfiguration\":{\"thingGroupIndexingMode\":\"ON\",\"customFields\":[{\"name\":\"attributes.site\",\"type\":\"String\"}]}}", all);
        Assert.Equal(2, Host.RequestCount(Operations.UpdateIndexingConfiguration));
    }
}
