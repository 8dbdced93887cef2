using System.Net;
using System.Text.Json;

namespace IoTJobs.Emulator.Tests.Handlers.Things;

/// <summary>CreateThing, DescribeThing and ListThings.</summary>
public sealed class ThingTests : EmulatorTestBase
{
    [Fact]
    public async Task Thing_create_describe_and_idempotency()
    {
        var body = new { thingTypeName = "sensor", attributePayload = new { attributes = new Dictionary<string, string> { ["floor"] = "3" } } };
        var c = await Api.CreateThing("t1", body);
        Assert.Equal(HttpStatusCode.OK, c.Status);
        Assert.Equal("arn:aws:iot:us-east-1:123456789012:thing/t1", c.Body.GetProperty("thingArn").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateThing("t1", body)).Status);
        var conflict = await Api.CreateThing("t1", new { thingTypeName = "other" });
        Assert.Equal("ResourceAlreadyExistsException", conflict.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);

        var d = await Api.Control(HttpMethod.Get, "things/t1");
        Assert.Equal("sensor", d.Body.GetProperty("thingTypeName").GetString());
        Assert.Equal("3", d.Body.GetProperty("attributes").GetProperty("floor").GetString());
        Assert.Equal(1, d.Body.GetProperty("version").GetInt64());
        Assert.Equal("t1", d.Body.GetProperty("defaultClientId").GetString());
        Assert.Equal("ResourceNotFoundException", (await Api.Control(HttpMethod.Get, "things/none")).ErrorCode);
    }

    [Fact]
    public async Task ListThings_filters_by_attribute_and_type()
    {
        await Api.CreateThing("a", new { thingTypeName = "cam", attributePayload = new { attributes = new Dictionary<string, string> { ["site"] = "north" } } });
        await Api.CreateThing("b", new { thingTypeName = "cam", attributePayload = new { attributes = new Dictionary<string, string> { ["site"] = "south" } } });
        await Api.CreateThing("c", new { thingTypeName = "lamp", attributePayload = new { attributes = new Dictionary<string, string> { ["site"] = "north" } } });
        static string[] Names(ApiResponse r) => r.Body.GetProperty("things").EnumerateArray().Select(t => t.GetProperty("thingName").GetString()!).ToArray();
        Assert.Equal(new[] { "a", "b", "c" }, Names(await Api.Control(HttpMethod.Get, "things")));
        Assert.Equal(new[] { "a", "c" }, Names(await Api.Control(HttpMethod.Get, "things?attributeName=site&attributeValue=north")));
        Assert.Equal(new[] { "a", "b" }, Names(await Api.Control(HttpMethod.Get, "things?thingTypeName=cam")));
        Assert.Equal(new[] { "a" }, Names(await Api.Control(HttpMethod.Get, "things?thingTypeName=cam&attributeName=site&attributeValue=north")));
        Assert.Equal(new[] { "b" }, Names(await Api.Control(HttpMethod.Get, "things?attributeName=site&attributeValue=so&usePrefixAttributeValue=true")));
    }
}
