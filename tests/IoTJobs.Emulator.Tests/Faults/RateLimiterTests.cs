using System.Net;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Faults;

public sealed class RateLimiterTests
{
    [Fact]
    public async Task Per_operation_limit_throttles_past_the_burst_on_the_control_plane_with_400()
    {
        var clock = TestClock.Stopped();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            OperationRateLimits = new Dictionary<string, double> { ["DescribeThing"] = 1 },
            RateLimitBurst = 3,
            TimeProvider = clock,
        });
        using var api = new ApiClient(host.BaseAddress);
        host.Store.CreateThing("a");
        var results = new List<ApiResponse>();
        for (int i = 0; i < 6; i++) results.Add(await api.Control(HttpMethod.Get, "things/a"));
        Assert.Equal(3, results.Take(3).Count(r => r.Status == HttpStatusCode.OK));
        var throttled = results.Skip(3).Where(r => r.ErrorCode == "ThrottlingException").ToList();
        // The clock stands still, so nothing refills: every request past the burst is throttled.
        Assert.True(throttled.Count == 3, $"expected throttling, got {string.Join(",", results.Select(r => r.Code))}");
        Assert.All(throttled, r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.Equal("Rate exceeded", throttled[0].Message);
        Assert.Equal(6, host.RequestCount("DescribeThing"));

        // Another operation has no limit here.
        for (int i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Get, "things")).Status);

        // The bucket refills at 1/s: not yet after 0.9 s, one token after 1 s.
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal("ThrottlingException", (await api.Control(HttpMethod.Get, "things/a")).ErrorCode);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await api.Control(HttpMethod.Get, "things/a")).Status);
    }

    [Fact]
    public async Task Default_limit_applies_to_every_operation_and_the_data_plane_answers_429()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { RateLimit = 2 });
        using var api = new ApiClient(host.BaseAddress);
        host.Store.CreateThing("a");
        var data = new List<ApiResponse>();
        for (int i = 0; i < 5; i++) data.Add(await api.Data(HttpMethod.Get, "things/a/jobs"));
        Assert.Contains(data, r => r.Status == (HttpStatusCode)429 && r.ErrorCode == "ThrottlingException");
        Assert.Equal(HttpStatusCode.OK, data[0].Status);
        var ctl = new List<ApiResponse>();
        for (int i = 0; i < 5; i++) ctl.Add(await api.Control(HttpMethod.Get, "jobs"));
        Assert.Contains(ctl, r => r.Status == HttpStatusCode.BadRequest && r.ErrorCode == "ThrottlingException");
    }

    [Fact]
    public async Task Concurrent_callers_never_get_more_than_the_burst_in_an_instant()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { RateLimit = 0.01, RateLimitBurst = 5 });
        using var api = new ApiClient(host.BaseAddress);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => api.Control(HttpMethod.Get, "things")));
        Assert.Equal(5, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(35, results.Count(r => r.ErrorCode == "ThrottlingException"));
    }
}
