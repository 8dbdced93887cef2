using System.Net;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Handlers.Shadows;

/// <summary>GetThingShadow (iot-data): the classic shadow with its delta and the time of the answer, or 404.</summary>
public sealed class GetThingShadowTests : EmulatorTestBase
{
    private readonly FakeTimeProvider _clock = TestClock.Stopped();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    [Fact]
    public async Task A_thing_without_a_shadow_is_404_with_AWS_message()
    {
        Store.CreateThing("t1");
        var r = await Api.GetShadow("t1");
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFoundException"), (r.Status, r.ErrorCode));
        Assert.Equal("No shadow exists with name: 't1'", r.Message);
    }

    [Fact]
    public async Task The_document_has_the_delta_while_desired_differs_and_the_time_it_was_answered()
    {
        await Api.UpdateShadow("t1", new { state = new { desired = new { fw = "1.3.0", lights = new { r = 255, g = 255 } }, reported = new { fw = "1.2.3", lights = new { r = 255, g = 0 }, temp = 20 } } });
        long updated = _clock.GetUtcNow().ToUnixTimeSeconds();
        _clock.Advance(TimeSpan.FromSeconds(42));
        var r = await Api.GetShadow("t1");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("""{"fw":"1.3.0","lights":{"g":255}}""", r.Body.GetProperty("state").GetProperty("delta").GetRawText());
        Assert.Equal(updated + 42, r.Body.GetProperty("timestamp").GetInt64());
        Assert.Equal(new[] { "desired", "reported" }, r.Body.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.Equal(updated, r.Body.GetProperty("metadata").GetProperty("reported").GetProperty("temp").GetProperty("timestamp").GetInt64());
        Assert.Equal(1, r.Body.GetProperty("version").GetInt64());

        // The device catches up: no delta any more.
        await Api.UpdateShadow("t1", new { state = new { reported = new { fw = "1.3.0", lights = new { g = 255 } } } });
        var caughtUp = await Api.GetShadow("t1");
        Assert.Equal(new[] { "desired", "reported" }, caughtUp.Body.GetProperty("state").EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, caughtUp.Body.GetProperty("version").GetInt64());
        Assert.Equal(2, Host.RequestCount(Operations.GetThingShadow));
    }
}
