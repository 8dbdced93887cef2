using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Handlers.FleetIndexing;

/// <summary>
/// SearchIndex over HTTP: the store's things as AWS_Things documents (registry, shadow, connectivity by mode), the
/// query engine's errors as the operation's modeled errors, paging and the operation's own rate limit.
/// </summary>
public sealed class SearchIndexTests : EmulatorTestBase
{
    private readonly FakeTimeProvider _clock = TestClock.Stopped(250);

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    private long Seconds => _clock.GetUtcNow().ToUnixTimeSeconds();

    private async Task<string> Thing(string name, string? type = null, params (string K, string V)[] attributes)
    {
        var body = new Dictionary<string, object>();
        if (type != null) body["thingTypeName"] = type;
        if (attributes.Length > 0) body["attributePayload"] = new { attributes = attributes.ToDictionary(a => a.K, a => a.V) };
        var created = await Api.CreateThing(name, body);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return created.Body.GetProperty("thingId").GetString()!;
    }

    [Fact]
    public async Task With_thing_indexing_off_the_index_does_not_exist()
    {
        await Thing("t1");
        foreach (var setup in new Func<Task>[] { () => Task.CompletedTask, async () => { await Api.Indexing("REGISTRY"); await Api.Indexing("OFF"); } })
        {
            await setup();
            var r = await Api.Search("thingName:*");
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("ResourceNotFoundException", r.ErrorCode);
            Assert.Equal("Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration", r.Message);
        }
    }

    [Fact]
    public async Task Registry_documents_carry_name_id_type_direct_groups_and_attributes()
    {
        string id = await Thing("cam-1", "camera", ("site", "BER"), ("floor", "3"));
        await Thing("bare");
        Store.CreateThingGroup("site-ber");
        Store.CreateThingGroup("floor-3", "site-ber");
        Store.CreateThingGroup("cameras");
        await Api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup", new { thingGroupName = "floor-3", thingName = "cam-1" });
        await Api.Control(HttpMethod.Put, "thing-groups/addThingToThingGroup", new { thingGroupName = "cameras", thingName = "cam-1" });
        // Shadow and connectivity exist, but REGISTRY indexes neither.
        await Api.UpdateShadow("cam-1", new { state = new { reported = new { fw = "1.2.3" } } });
        Store.SetConnectivity(new[] { "cam-1" }, true);
        await Api.Indexing("REGISTRY");

        var r = await Api.Search("thingName:*");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(new[] { "bare", "cam-1" }, ApiClient.ThingNames(r));
        var bare = r.Body.GetProperty("things")[0];
        Assert.Equal(new[] { "thingName", "thingId" }, bare.EnumerateObject().Select(p => p.Name));
        var cam = r.Body.GetProperty("things")[1];
        Assert.Equal(id, cam.GetProperty("thingId").GetString());
        Assert.Equal("camera", cam.GetProperty("thingTypeName").GetString());
        // The direct groups, in the order the thing joined them; not site-ber, the parent of floor-3.
        Assert.Equal(new[] { "floor-3", "cameras" }, cam.GetProperty("thingGroupNames").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("""{"site":"BER","floor":"3"}""", cam.GetProperty("attributes").GetRawText());
        Assert.False(cam.TryGetProperty("shadow", out _));
        Assert.False(cam.TryGetProperty("connectivity", out _));
        Assert.Equal(new[] { "cam-1" }, ApiClient.ThingNames(await Api.Search("thingGroupNames:floor-3")));
        Assert.Empty(ApiClient.ThingNames(await Api.Search("thingGroupNames:site-ber")));
        Assert.Empty(ApiClient.ThingNames(await Api.Search("shadow.reported.fw:1.2.3")));
    }

    [Fact]
    public async Task With_registry_and_shadow_the_shadow_is_a_json_string_and_is_searchable()
    {
        await Thing("dev-1");
        await Thing("dev-2");
        await Api.UpdateShadow("dev-1", new { state = new { reported = new { fw = "1.2.3", battery = 78 }, desired = new { fw = "1.3.0" } } });
        long t = Seconds;
        await Api.Indexing("REGISTRY_AND_SHADOW");

        var r = await Api.Search("shadow.reported.battery>50");
        Assert.Equal(new[] { "dev-1" }, ApiClient.ThingNames(r));
        string shadow = r.Body.GetProperty("things")[0].GetProperty("shadow").GetString()!;
        Assert.Equal(
            """{"desired":{"fw":"1.3.0"},"reported":{"fw":"1.2.3","battery":78},"metadata":{"desired":{"fw":{"timestamp":@T}},"reported":{"fw":{"timestamp":@T},"battery":{"timestamp":@T}}},"version":1,"timestamp":@T}""".Replace("@T", t.ToString()),
            shadow);
        Assert.Equal(new[] { "dev-1" }, ApiClient.ThingNames(await Api.Search("shadow.hasDelta:true")));
        Assert.Equal(new[] { "dev-1" }, ApiClient.ThingNames(await Api.Search("shadow.delta.fw:1.3.0")));
        // A thing without a shadow has no shadow member and no shadow fields.
        var all = await Api.Search("thingName:dev*");
        Assert.False(all.Body.GetProperty("things")[1].TryGetProperty("shadow", out _));
        Assert.Empty(ApiClient.ThingNames(await Api.Search("shadow.hasDelta:false")));

        // The index follows the shadow at once.
        await Api.UpdateShadow("dev-1", new { state = new { reported = new { fw = "1.3.0" } } });
        Assert.Empty(ApiClient.ThingNames(await Api.Search("shadow.hasDelta:true")));
    }

    [Fact]
    public async Task A_shadow_of_an_unregistered_name_is_not_indexed()
    {
        await Thing("real");
        Assert.Equal(HttpStatusCode.OK, (await Api.UpdateShadow("ghost", new { state = new { reported = new { fw = "9" } } })).Status);
        await Api.UpdateShadow("real", new { state = new { reported = new { fw = "9" } } });
        await Api.Indexing("REGISTRY_AND_SHADOW");
        Assert.Equal(new[] { "real" }, ApiClient.ThingNames(await Api.Search("shadow.reported.fw:9")));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetShadow("ghost")).Status);
    }

    [Fact]
    public async Task With_status_connectivity_is_indexed_at_the_emulators_clock()
    {
        foreach (string n in new[] { "d1", "d2", "d3" }) await Thing(n);
        long connectedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        Store.SetConnectivity(new[] { "d1" }, true);
        _clock.Advance(TimeSpan.FromMinutes(5));
        long lostAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        Store.SetConnectivity(new[] { "d2" }, false, "CONNECTION_LOST");
        await Api.Indexing("REGISTRY", "STATUS");

        var r = await Api.Search("thingName:d*");
        var things = r.Body.GetProperty("things");
        Assert.Equal($$"""{"connected":true,"timestamp":{{connectedAt}}}""", things[0].GetProperty("connectivity").GetRawText());
        Assert.Equal($$"""{"connected":false,"timestamp":{{lostAt}},"disconnectReason":"CONNECTION_LOST"}""", things[1].GetProperty("connectivity").GetRawText());
        // Never connected: connected false, nothing else (as the API reference says).
        Assert.Equal("""{"connected":false}""", things[2].GetProperty("connectivity").GetRawText());

        Assert.Equal(new[] { "d1" }, ApiClient.ThingNames(await Api.Search("connectivity.connected:true")));
        Assert.Equal(new[] { "d2", "d3" }, ApiClient.ThingNames(await Api.Search("connectivity.connected:false")));
        Assert.Equal(new[] { "d2" }, ApiClient.ThingNames(await Api.Search($"connectivity.timestamp > {connectedAt}")));
        Assert.Equal(new[] { "d1", "d2" }, ApiClient.ThingNames(await Api.Search($"connectivity.timestamp:[{connectedAt} TO {lostAt}]")));
        Assert.Equal(new[] { "d2" }, ApiClient.ThingNames(await Api.Search("connectivity.disconnectReason:connection_lost")));

        // Without STATUS the member is gone and the fields are empty.
        await Api.Indexing("REGISTRY");
        var off = await Api.Search("thingName:d1");
        Assert.False(off.Body.GetProperty("things")[0].TryGetProperty("connectivity", out _));
        Assert.Empty(ApiClient.ThingNames(await Api.Search("connectivity.connected:true")));
    }

    [Fact]
    public async Task Pages_follow_next_tokens_that_belong_to_one_query()
    {
        foreach (string n in new[] { "p5", "p1", "p3", "p2", "p4", "other" }) await Thing(n);
        await Api.Indexing("REGISTRY");
        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            var page = await Api.Search("thingName:p*", maxResults: 2, nextToken: token);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(ApiClient.ThingNames(page));
            token = page.Body.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token != null);
        Assert.Equal(new[] { "p1", "p2", "p3", "p4", "p5" }, seen);
        Assert.Equal(3, pages);

        var first = await Api.Search("thingName:p*", maxResults: 2);
        string next = first.Body.GetProperty("nextToken").GetString()!;
        var other = await Api.Search("thingName:o*", nextToken: next);
        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Equal("InvalidRequestException", other.ErrorCode);
    }

    [Fact]
    public async Task Refusals_are_the_operations_modeled_errors()
    {
        await Thing("t1");
        await Api.Indexing("REGISTRY");
        foreach (int max in new[] { 0, 101 })
        {
            var r = await Api.Search("thingName:*", maxResults: max);
            Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequestException"), (r.Status, r.ErrorCode));
            Assert.Contains($"maxResults {max}", r.Message);
        }
        var missing = await Api.Control(HttpMethod.Post, "indices/search", new { });
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequestException"), (missing.Status, missing.ErrorCode));
        var bad = await Api.Search("attributes.site:(BER");
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidQueryException"), (bad.Status, bad.ErrorCode));
        var groups = await Api.Search("thingGroupName:x", indexName: "AWS_ThingGroups");
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFoundException"), (groups.Status, groups.ErrorCode));
        var notNumber = await Api.Control(HttpMethod.Post, "indices/search", new { queryString = "*", maxResults = "5" });
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequestException"), (notNumber.Status, notNumber.ErrorCode));
    }

    [Fact]
    public async Task SearchIndex_has_its_own_rate_limit_answered_400_ThrottlingException()
    {
        var clock = TestClock.Stopped();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            TimeProvider = clock,
            OperationRateLimits = new Dictionary<string, double> { [Operations.SearchIndex] = 2 },
        });
        using var api = new ApiClient(host.BaseAddress);
        host.Store.CreateThing("t1");
        await api.Indexing("REGISTRY");
        var results = new List<ApiResponse>();
        for (int i = 0; i < 4; i++) results.Add(await api.Search("thingName:t1"));
        Assert.Equal(new[] { 200, 200, 400, 400 }, results.Select(r => r.Code));
        Assert.All(results.Skip(2), r => Assert.Equal(("ThrottlingException", "Rate exceeded"), (r.ErrorCode, r.Message)));
        Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Get, "things/t1")).Status);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(HttpStatusCode.OK, (await api.Search("thingName:t1")).Status);
        Assert.Equal(5, host.RequestCount(Operations.SearchIndex));
    }
}
