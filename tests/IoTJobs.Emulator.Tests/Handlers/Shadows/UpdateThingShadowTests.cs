using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Handlers.Shadows;

/// <summary>
/// UpdateThingShadow (iot-data): the request state document merged as the Device Shadow service documents it (null
/// deletes, objects merge, arrays replace), versions, metadata timestamps at the emulator's clock, and its errors.
/// </summary>
public sealed class UpdateThingShadowTests : EmulatorTestBase
{
    private readonly FakeTimeProvider _clock = TestClock.Stopped();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    private Task<ApiResponse> Raw(string thing, string body) =>
        Api.Send(HttpMethod.Post, $"things/{thing}/shadow", "iotdata", rawBody: body);

    [Fact]
    public async Task The_first_update_creates_version_1_and_answers_the_accepted_document()
    {
        var r = await Raw("dev-1", """{"state":{"reported":{"fw":"1.2.3","temp":21.5}},"clientToken":"abc"}""");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        long t = Now;
        Assert.Equal(
            """{"state":{"reported":{"fw":"1.2.3","temp":21.5}},"metadata":{"reported":{"fw":{"timestamp":@T},"temp":{"timestamp":@T}}},"version":1,"timestamp":@T,"clientToken":"abc"}""".Replace("@T", t.ToString()),
            r.RawBody);
        Assert.Equal(1, Host.RequestCount(Operations.UpdateThingShadow));
    }

    [Fact]
    public async Task Updates_merge_delete_nulls_replace_arrays_and_stamp_only_what_they_touch()
    {
        await Raw("d", """{"state":{"reported":{"fw":"1.0","net":{"ssid":"a","rssi":-60},"colors":["RED","GREEN"]},"desired":{"fw":"1.1"}}}""");
        long first = Now;
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = await Raw("d", """{"state":{"reported":{"net":{"rssi":-70},"colors":["BLUE"],"fw":null}}}""");
        Assert.Equal(2, second.Body.GetProperty("version").GetInt64());
        long then = Now;

        var doc = (await Api.GetShadow("d")).Body;
        Assert.Equal("""{"net":{"ssid":"a","rssi":-70},"colors":["BLUE"]}""", doc.GetProperty("state").GetProperty("reported").GetRawText());
        var meta = doc.GetProperty("metadata").GetProperty("reported");
        Assert.Equal(first, meta.GetProperty("net").GetProperty("ssid").GetProperty("timestamp").GetInt64());
        Assert.Equal(then, meta.GetProperty("net").GetProperty("rssi").GetProperty("timestamp").GetInt64());
        Assert.Equal($$"""[{"timestamp":{{then}}}]""", meta.GetProperty("colors").GetRawText());
        Assert.False(meta.TryGetProperty("fw", out _));
        Assert.Equal(2, doc.GetProperty("version").GetInt64());

        // Deleting every key of an object removes it; a section set to null goes, and so does an emptied one.
        await Raw("d", """{"state":{"reported":{"net":{"ssid":null,"rssi":null}},"desired":null}}""");
        doc = (await Api.GetShadow("d")).Body;
        Assert.Equal("""{"reported":{"colors":["BLUE"]}}""", doc.GetProperty("state").GetRawText());
        Assert.Equal("""{"reported":{"colors":[{"timestamp":@T}]}}""".Replace("@T", then.ToString()), doc.GetProperty("metadata").GetRawText());
        await Raw("d", """{"state":{"reported":{"colors":null}}}""");
        doc = (await Api.GetShadow("d")).Body;
        Assert.Equal("{}", doc.GetProperty("state").GetRawText());
        Assert.Equal(4, doc.GetProperty("version").GetInt64());

        // state: null empties the shadow and is an update too.
        await Raw("d", """{"state":{"desired":{"x":1}}}""");
        var cleared = await Raw("d", """{"state":null}""");
        Assert.Equal(6, cleared.Body.GetProperty("version").GetInt64());
        Assert.Equal("{}", (await Api.GetShadow("d")).Body.GetProperty("state").GetRawText());
    }

    [Fact]
    public async Task A_version_that_does_not_match_is_a_409_conflict_and_changes_nothing()
    {
        await Raw("d", """{"state":{"reported":{"a":1}}}""");
        Assert.Equal(HttpStatusCode.OK, (await Raw("d", """{"state":{"reported":{"a":2}},"version":1}""")).Status);
        var stale = await Raw("d", """{"state":{"reported":{"a":3}},"version":1}""");
        Assert.Equal((HttpStatusCode.Conflict, "ConflictException", "Version conflict"), (stale.Status, stale.ErrorCode, stale.Message));
        var doc = (await Api.GetShadow("d")).Body;
        Assert.Equal(2, doc.GetProperty("version").GetInt64());
        Assert.Equal(2, doc.GetProperty("state").GetProperty("reported").GetProperty("a").GetInt32());
        // A shadow that does not exist yet has no version to match.
        Assert.Equal("ConflictException", (await Raw("new", """{"state":{"reported":{"a":1}},"version":0}""")).ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetShadow("new")).Status);
    }

    [Fact]
    public async Task Bad_documents_get_the_errors_AWS_documents()
    {
        var cases = new (string Body, string Message)[]
        {
            ("""{"version":1}""", "Missing required node: state"),
            ("""{"state":[1]}""", "State node must be an object"),
            ("""{"state":{"delta":{"a":1}}}""", "State contains an invalid node: 'delta'"),
            ("""{"state":{"desired":"on"}}""", "Desired node must be an object"),
            ("""{"state":{"reported":5}}""", "Reported node must be an object"),
            ("""{"state":{"reported":{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}}}""", "JSON contains too many levels of nesting; maximum is 6"),
            ("""{"state":{"reported":{"a":1}},"version":"2"}""", "Invalid version"),
            ("""{"state":{"reported":{"a":1}},"clientToken":"X"}""".Replace("X", new string('x', 65)), "Invalid clientToken"),
            ("""{"state":{"reported":{"colors":[null,"RED"]}}}""", "Invalid JSON: arrays can't hold null values"),
            ("""{"state":""", "Invalid JSON"),
            ("""{"state":{},"state":{}}""", "Invalid JSON"),
        };
        foreach (var (body, message) in cases)
        {
            var r = await Raw("d", body);
            Assert.True(r.Status == HttpStatusCode.BadRequest && r.ErrorCode == "InvalidRequestException" && r.Message == message,
                $"{body}: {r.Code} {r.ErrorCode} {r.Message}");
        }
        // Six levels are allowed.
        Assert.Equal(HttpStatusCode.OK, (await Raw("d", """{"state":{"reported":{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}}}""")).Status);
        Assert.Equal(1, (await Api.GetShadow("d")).Body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Encoding_and_size_limits_answer_415_and_413()
    {
        using (var req = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.BaseAddress, "things/d/shadow")))
        {
            req.Content = new ByteArrayContent(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' });
            var signer = new IoTJobs.Emulator.Auth.SigV4Signer("test", "test", "us-east-1");
            await signer.SignAsync(req, "iotdata");
            var r = await Api.SendRaw(req);
            Assert.Equal(((HttpStatusCode)415, "UnsupportedDocumentEncodingException"), (r.Status, r.ErrorCode));
        }
        string big = new string('x', ShadowLimit);
        var tooLarge = await Raw("d", """{"state":{"reported":{"blob":"X"}}}""".Replace("X", big));
        Assert.Equal(((HttpStatusCode)413, "RequestEntityTooLargeException"), (tooLarge.Status, tooLarge.ErrorCode));
        Assert.Equal("The payload exceeds the maximum size allowed", tooLarge.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetShadow("d")).Status);
    }

    private const int ShadowLimit = 8 * 1024;

    [Fact]
    public async Task Any_thing_name_may_have_a_shadow_but_named_shadows_are_not_modelled()
    {
        Assert.Equal(0, Store.ThingCount);
        Assert.Equal(HttpStatusCode.OK, (await Api.UpdateShadow("not-registered", new { state = new { reported = new { a = 1 } } })).Status);
        var named = await Api.Shadow(HttpMethod.Post, "things/d/shadow?name=config", new { state = new { reported = new { a = 1 } } });
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequestException"), (named.Status, named.ErrorCode));
        Assert.Contains("?name=", named.Message);
        var badName = await Api.UpdateShadow("bad name", new { state = new { } });
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequestException"), (badName.Status, badName.ErrorCode));
    }

    [Fact]
    public async Task The_operation_is_served_for_iot_data_signatures_only()
    {
        var body = new { state = new { reported = new { a = 1 } } };
        Assert.Equal(HttpStatusCode.OK, (await Api.Send(HttpMethod.Post, "things/d/shadow", "iotdevicegateway", body)).Status);
        var control = await Api.Control(HttpMethod.Post, "things/d/shadow", body);
        Assert.Equal((HttpStatusCode.NotFound, "UnknownOperationException"), (control.Status, control.ErrorCode));
        Assert.Contains("'iot'", control.Message);
    }

    [Fact]
    public async Task Throttled_shadow_updates_answer_429_as_the_iot_data_model_says()
    {
        var clock = TestClock.Stopped();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            TimeProvider = clock,
            OperationRateLimits = new Dictionary<string, double> { [Operations.UpdateThingShadow] = 1 },
        });
        using var api = new ApiClient(host.BaseAddress);
        var body = new { state = new { reported = new { a = 1 } } };
        Assert.Equal(HttpStatusCode.OK, (await api.UpdateShadow("d", body)).Status);
        var throttled = await api.UpdateShadow("d", body);
        Assert.Equal(((HttpStatusCode)429, "ThrottlingException"), (throttled.Status, throttled.ErrorCode));
        Assert.Equal(HttpStatusCode.OK, (await api.GetShadow("d")).Status);
    }
}
