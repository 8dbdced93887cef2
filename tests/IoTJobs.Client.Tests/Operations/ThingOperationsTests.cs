using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>The thing registry (things and static thing groups): the bytes sent and what is read back.</summary>
public class ThingOperationsTests
{
    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public async Task ListThings_BooleanQueryIsLowercase(bool prefix, string expected)
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{\"things\":[]}"));
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
        var t = await TestClients.Answering("""{"defaultClientId":"dev:1","thingName":"dev:1","thingId":"id-1","thingArn":"arn:aws:iot:us-east-1:123456789012:thing/dev:1","thingTypeName":"sensor","attributes":{"color":"red","n":"1"},"version":3,"billingGroupName":"bg"}""",
            c => c.DescribeThingAsync("dev:1"));
        Assert.Equal("dev:1", t.ThingName);
        Assert.Equal("id-1", t.ThingId);
        Assert.Equal("sensor", t.ThingTypeName);
        Assert.Equal("red", t.Attributes!["color"]);
        Assert.Equal(3, t.Version);
        Assert.Equal("dev:1", t.DefaultClientId);
        Assert.Equal("bg", t.BillingGroupName);
    }

    [Fact]
    public async Task DescribeThingGroup_ReadsPropertiesAndTheHierarchy()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("""
            {"thingGroupName":"floor:1","thingGroupId":"g-1","thingGroupArn":"arn:aws:iot:us-east-1:123456789012:thinggroup/floor:1","version":4,
             "thingGroupProperties":{"thingGroupDescription":"first floor","attributePayload":{"attributes":{"site":"hq"}}},
             "thingGroupMetadata":{"parentGroupName":"building","rootToParentThingGroups":[{"groupName":"campus"},{"groupName":"building"}],"creationDate":1700000000}}
            """));
        using var client = TestClients.For(server);
        var g = await client.DescribeThingGroupAsync("floor:1");
        Assert.Equal("GET /thing-groups/floor%3A1", server.Last.Method + " " + server.Last.Target);
        Assert.Equal(("floor:1", "g-1", 4L, "first floor", "building"), (g.ThingGroupName, g.ThingGroupId, g.Version!.Value, g.Description, g.ParentGroupName));
        Assert.Equal("hq", g.Attributes!["site"]);
        Assert.Equal(new[] { "campus", "building" }, g.RootToParentGroupNames);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), g.CreationDate);
    }

    [Fact]
    public async Task ListThingGroups_AllFilters_AndNameAndArnEntries()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("""{"thingGroups":[{"groupName":"a","groupArn":"arn:aws:iot:us-east-1:123456789012:thinggroup/a"}]}"""));
        using var client = TestClients.For(server);
        var groups = await Items.All(client.ListThingGroupsAsync(new ListThingGroupsRequest { ParentGroup = "top", NamePrefixFilter = "a", Recursive = true, PageSize = 25 }));
        Assert.Equal("/thing-groups?maxResults=25&parentGroup=top&namePrefixFilter=a&recursive=true", server.Last.Target);
        var g = Assert.Single(groups);
        Assert.Equal(("a", "arn:aws:iot:us-east-1:123456789012:thinggroup/a"), (g.ThingGroupName, g.ThingGroupArn));
        Assert.Null(g.ThingGroupId);
        await Items.All(client.ListThingGroupsAsync(new ListThingGroupsRequest()));
        Assert.Equal("/thing-groups", server.Last.Target); // recursive=false is left out
    }

    [Fact]
    public async Task ListThingsInThingGroup_PagesPlainNames()
    {
        await using var server = ScriptedServer.Start((req, _) => req.QueryParams().ContainsKey("nextToken")
            ? Reply.Ok("""{"things":["t3"]}""")
            : Reply.Ok("""{"things":["t1","t2",7],"nextToken":"n"}"""));
        using var client = TestClients.For(server);
        var names = await Items.All(client.ListThingsInThingGroupAsync(new ListThingsInThingGroupRequest { ThingGroupName = "g:1", Recursive = true, PageSize = 2 }));
        Assert.Equal(new[] { "t1", "t2", "t3" }, names); // a non-string entry is not a name
        Assert.Equal("/thing-groups/g%3A1/things?recursive=true&maxResults=2", server.Requests[0].Target);
        Assert.Equal("/thing-groups/g%3A1/things?recursive=true&maxResults=2&nextToken=n", server.Requests[1].Target);
        var ex = Assert.Throws<ArgumentException>(() => client.ListThingsInThingGroupAsync(new ListThingsInThingGroupRequest()));
        Assert.Equal("ThingGroupName", ex.ParamName);
    }
}
