using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Http;

/// <summary>
/// POST /_emulator/seed with the devices' state (shadowReported, shadowReportedByThing, connected, disconnected,
/// disconnectReason) and POST|GET /_emulator/connectivity: what a runbook rehearsal seeds before it searches.
/// </summary>
public sealed class AdminSeedTests : EmulatorTestBase
{
    private readonly FakeTimeProvider _clock = TestClock.Stopped(500);

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    private async Task<(HttpStatusCode Status, JsonElement Body, string? Code)> Admin(HttpMethod method, string path, string? body = null)
    {
        using var req = new HttpRequestMessage(method, new Uri(Host.BaseAddress, path));
        if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var resp = await Api.Http.SendAsync(req);
        string? code = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
        return (resp.StatusCode, JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement.Clone(), code);
    }

    [Fact]
    public async Task A_rehearsal_fleet_on_firmware_1_2_3_with_some_devices_offline_at_site_BER()
    {
        long at = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var seeded = await Admin(HttpMethod.Post, "_emulator/seed", """
            {"jobId":"fw","thingNames":["ber-1","ber-2","ber-3","ber-4"],"attributes":{"site":"BER"},
             "shadowReported":{"fw":"1.2.3"},"connected":["ber-1","ber-2"],"disconnected":["ber-3"],
             "disconnectReason":"CONNECTION_LOST"}
            """);
        Assert.Equal(HttpStatusCode.OK, seeded.Status);
        Assert.Equal(("fw", 4, 4, 2, 1), (seeded.Body.GetProperty("jobId").GetString(), seeded.Body.GetProperty("executions").GetInt32(),
            seeded.Body.GetProperty("shadows").GetInt32(), seeded.Body.GetProperty("connected").GetInt32(), seeded.Body.GetProperty("disconnected").GetInt32()));
        Assert.Equal("BER", Store.DescribeThing("ber-4").Attributes["site"]);
        Assert.Contains("\"reported\":{\"fw\":\"1.2.3\"}", Store.GetThingShadow("ber-4"));
        Assert.Equal(new IoTJobs.Emulator.Indexing.ThingConnectivity(false, at, "CONNECTION_LOST"), Store.Connectivity("ber-3"));
        Assert.Null(Store.Connectivity("ber-4"));

        // The runbook's question: which devices of site BER on firmware 1.2.3 are offline?
        await Api.Indexing("REGISTRY_AND_SHADOW", "STATUS");
        var offline = await Api.Search("attributes.site:BER AND shadow.reported.fw:1.2.3 AND connectivity.connected:false");
        Assert.Equal(new[] { "ber-3", "ber-4" }, ApiClient.ThingNames(offline));
    }

    [Fact]
    public async Task Per_thing_shadows_a_connected_map_and_things_only_seeds()
    {
        var seeded = await Admin(HttpMethod.Post, "_emulator/seed", """
            {"thingNames":["a","b"],"thingTypeName":"meter","shadowReportedByThing":{"a":{"fw":"1.0"},"b":{"fw":"2.0","temp":20}},
             "connected":{"a":true,"b":false}}
            """);
        Assert.Equal(HttpStatusCode.OK, seeded.Status);
        Assert.False(seeded.Body.TryGetProperty("jobId", out _));
        Assert.Equal(0, Store.JobCount);
        Assert.Equal("meter", Store.DescribeThing("b").ThingTypeName);
        Assert.Contains("\"reported\":{\"fw\":\"2.0\",\"temp\":20}", Store.GetThingShadow("b"));
        Assert.True(Store.Connectivity("a")!.Connected);
        Assert.Equal((false, (string?)null), (Store.Connectivity("b")!.Connected, Store.Connectivity("b")!.DisconnectReason));
        // A group seed passes the attributes on to the things it creates.
        await Admin(HttpMethod.Post, "_emulator/seed", """{"thingNames":["g1"],"thingGroupName":"grp","attributes":{"site":"MUC"}}""");
        Assert.Equal("MUC", Store.DescribeThing("g1").Attributes["site"]);
    }

    [Fact]
    public async Task Bad_device_state_is_refused_before_anything_is_made()
    {
        foreach (string body in new[]
        {
            """{"thingNames":["a"]}""",
            """{"thingNames":["a"],"connected":["zz"]}""",
            """{"thingNames":["a"],"connected":["a"],"disconnected":["a"]}""",
            """{"thingNames":["a"],"connected":"a"}""",
            """{"thingNames":["a"],"connected":{"a":"yes"}}""",
            """{"thingNames":["a"],"connected":["a"],"disconnectReason":"CONNECTION_LOST"}""",
            """{"thingNames":["a"],"disconnected":["a"],"disconnectReason":"UNPLUGGED"}""",
            """{"thingNames":["a"],"shadowReported":{"fw":"1"},"shadowReportedByThing":{"a":{}}}""",
            """{"thingNames":["a"],"shadowReportedByThing":{"b":{"fw":"1"}}}""",
            """{"thingNames":["a"],"shadowReported":"1.2.3"}""",
        })
        {
            var r = await Admin(HttpMethod.Post, "_emulator/seed", body);
            Assert.True(r.Status == HttpStatusCode.BadRequest && r.Code == "InvalidRequestException", $"{body}: {r.Status} {r.Code}");
        }
        Assert.Equal(0, Store.ThingCount);
    }

    [Fact]
    public async Task The_connectivity_endpoint_records_connects_and_disconnects_at_the_emulators_clock()
    {
        Store.CreateThing("d1");
        Store.CreateThing("d2");
        var never = await Admin(HttpMethod.Get, "_emulator/connectivity?thingName=d1");
        Assert.Equal("""{"thingName":"d1","connected":false}""", never.Body.GetRawText());

        long t0 = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var on = await Admin(HttpMethod.Post, "_emulator/connectivity", """{"thingNames":["d1","d2"],"connected":true}""");
        Assert.Equal($$"""{"things":2,"connected":true,"timestamp":{{t0}}}""", on.Body.GetRawText());
        _clock.Advance(TimeSpan.FromSeconds(90));
        var off = await Admin(HttpMethod.Post, "_emulator/connectivity", """{"thingName":"d2","connected":false,"disconnectReason":"MQTT_KEEP_ALIVE_TIMEOUT"}""");
        Assert.Equal(HttpStatusCode.OK, off.Status);
        var shown = await Admin(HttpMethod.Get, "_emulator/connectivity?thingName=d2");
        Assert.Equal($$"""{"thingName":"d2","connected":false,"timestamp":{{t0 + 90_000}},"disconnectReason":"MQTT_KEEP_ALIVE_TIMEOUT"}""", shown.Body.GetRawText());

        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFoundException"), ((await Admin(HttpMethod.Post, "_emulator/connectivity", """{"thingName":"nope","connected":true}""")).Status,
            (await Admin(HttpMethod.Get, "_emulator/connectivity?thingName=nope")).Code));
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(HttpMethod.Post, "_emulator/connectivity", """{"thingName":"d1"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(HttpMethod.Post, "_emulator/connectivity", """{"thingName":"d1","connected":true,"disconnectReason":"CONNECTION_LOST"}""")).Status);
        // Admin endpoints are not API operations: nothing was counted.
        Assert.Equal(0, (await Admin(HttpMethod.Get, "_emulator/stats")).Body.GetProperty("total").GetInt64());
    }
}
