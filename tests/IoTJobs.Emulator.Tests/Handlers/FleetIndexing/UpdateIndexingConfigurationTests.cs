using System.Net;

namespace IoTJobs.Emulator.Tests.Handlers.FleetIndexing;

/// <summary>
/// UpdateIndexingConfiguration: each part replaces what it configures, what AWS documents is checked (the model's
/// enums, the allowed mode combinations, custom fields of indexed sources), and a refused update changes nothing.
/// </summary>
public sealed class UpdateIndexingConfigurationTests : EmulatorTestBase
{
    private Task<ApiResponse> Update(object body) => Api.Control(HttpMethod.Post, "indexing/config", body);

    [Fact]
    public async Task Each_update_replaces_the_thing_configuration_and_leaves_the_group_one()
    {
        await Update(new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", thingConnectivityIndexingMode = "STATUS" }, thingGroupIndexingConfiguration = new { thingGroupIndexingMode = "ON" } });
        Assert.Equal("STATUS", Store.IndexingConfiguration.Thing.ThingConnectivityIndexingModeName);
        // A connectivity mode left out is OFF again (the Developer Guide's "Not specified"); the group index stays ON.
        await Update(new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY_AND_SHADOW" } });
        var c = Store.IndexingConfiguration;
        Assert.Equal(("REGISTRY_AND_SHADOW", "OFF", "ON"), (c.Thing.ThingIndexingModeName, c.Thing.ThingConnectivityIndexingModeName, c.ThingGroupIndexingMode));
        // Only the group part: the thing part stays.
        await Update(new { thingGroupIndexingConfiguration = new { thingGroupIndexingMode = "OFF" } });
        Assert.Equal(("REGISTRY_AND_SHADOW", "OFF"), (Store.IndexingConfiguration.Thing.ThingIndexingModeName, Store.IndexingConfiguration.ThingGroupIndexingMode));
    }

    [Fact]
    public async Task Invalid_configurations_are_refused_with_InvalidRequestException_and_change_nothing()
    {
        await Api.Indexing("REGISTRY");
        var before = Store.IndexingConfiguration;
        var cases = new (object Body, string MessagePart)[]
        {
            (new { thingIndexingConfiguration = new { thingConnectivityIndexingMode = "STATUS" } }, "thingIndexingMode is required"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "ON" } }, "[OFF, REGISTRY, REGISTRY_AND_SHADOW]"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", thingConnectivityIndexingMode = "ON" } }, "[OFF, STATUS]"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", deviceDefenderIndexingMode = "ON" } }, "[OFF, VIOLATIONS]"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "OFF", thingConnectivityIndexingMode = "STATUS" } }, "must be OFF too"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", customFields = new[] { new { name = "shadow.reported.fw", type = "String" } } } }, "needs thingIndexingMode REGISTRY_AND_SHADOW"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY_AND_SHADOW", customFields = new[] { new { name = "shadow.name.cfg.reported.fw", type = "String" } } } }, "needs namedShadowIndexingMode ON"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", customFields = new[] { new { name = "attributes.size", type = "Integer" } } } }, "[Number, String, Boolean]"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY_AND_SHADOW", customFields = new[] { new { name = "shadow.hasDelta", type = "Boolean" } } } }, "managed field"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", customFields = new[] { new { name = "thingTypeName", type = "String" } } } }, "managed field"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", customFields = new[] { new { name = "serial", type = "String" } } } }, "not a field that can be custom"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", filter = new { namedShadowNames = new[] { "bad name" } } } }, "shadow names"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY", filter = new { geoLocations = new[] { new { name = "shadow.reported.loc", order = "XY" } } } } }, "[LatLon, LonLat]"),
            (new { thingIndexingConfiguration = "REGISTRY" }, "must be a JSON object"),
            (new { thingIndexingConfiguration = new { thingIndexingMode = "REGISTRY" }, thingGroupIndexingConfiguration = new { thingGroupIndexingMode = "YES" } }, "[OFF, ON]"),
        };
        foreach (var (body, part) in cases)
        {
            var r = await Update(body);
            Assert.True(r.Status == HttpStatusCode.BadRequest && r.ErrorCode == "InvalidRequestException" && r.Message.Contains(part, StringComparison.Ordinal),
                $"{System.Text.Json.JsonSerializer.Serialize(body)}: {r.Code} {r.ErrorCode} {r.Message}");
        }
        Assert.Same(before, Store.IndexingConfiguration);
    }
}
