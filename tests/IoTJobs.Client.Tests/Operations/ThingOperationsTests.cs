using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>DescribeThing and ListThings: the bytes sent and what is read back.</summary>
public class ThingOperationsTests
{
    private static async Task<T> With<T>(string body, Func<IoTJobsClient, Task<T>> call)
    {
        await using var server = FakeServer.Start(Reply.Ok(body));
        using var client = TestClients.For(server);
        return await call(client);
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public async Task ListThings_BooleanQueryIsLowercase(bool prefix, string expected)
    {
        await using var server = FakeServer.Start(Reply.Ok("{\"things\":[]}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListThingsAsync(new ListThingsRequest { AttributeName = "color", AttributeValue = "r=d/1", ThingTypeName = "t1", UsePrefixAttributeValue = prefix })) { }
        var q = server.Last.QueryParams();
        Assert.Equal(expected, q["usePrefixAttributeValue"]);
        Assert.Equal("r=d/1", q["attributeValue"]);
        Assert.Contains("attributeValue=r%3Dd%2F1", server.Last.RawQuery);
        Assert.Equal("/things", server.Last.RawPath);
    }

    [Fact]
    public async Task DescribeThing_AttributesAndVersion()
    {
        var t = await With("""{"defaultClientId":"dev:1","thingName":"dev:1","thingId":"id-1","thingArn":"arn:aws:iot:us-east-1:123456789012:thing/dev:1","thingTypeName":"sensor","attributes":{"color":"red","n":"1"},"version":3,"billingGroupName":"bg"}""",
            c => c.DescribeThingAsync("dev:1"));
        Assert.Equal("dev:1", t.ThingName);
        Assert.Equal("id-1", t.ThingId);
        Assert.Equal("sensor", t.ThingTypeName);
        Assert.Equal("red", t.Attributes!["color"]);
        Assert.Equal(3, t.Version);
        Assert.Equal("dev:1", t.DefaultClientId);
        Assert.Equal("bg", t.BillingGroupName);
    }
}
