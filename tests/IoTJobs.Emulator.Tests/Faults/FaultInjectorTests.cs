using System.Net;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Faults;

public sealed class FaultInjectorTests
{
    private static async Task<List<string>> Outcomes(int seed, double rate, int n)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = rate, Seed = seed });
        var outcomes = new List<string>();
        for (int i = 0; i < n; i++)
        {
            // A fresh client per call: a dropped connection must not poison the next request.
            using var api = new ApiClient(host.BaseAddress);
            try
            {
                var r = await api.Control(HttpMethod.Get, "things");
                outcomes.Add(r.ErrorCode ?? ((int)r.Status).ToString());
                if (r.Status == HttpStatusCode.ServiceUnavailable) Assert.Equal("ServiceUnavailableException", r.ErrorCode);
            }
            catch (HttpRequestException)
            {
                outcomes.Add("dropped");
            }
        }
        Assert.Equal(n, host.RequestCount("ListThings"));
        return outcomes;
    }

    [Fact]
    public async Task Same_seed_gives_the_same_fault_sequence()
    {
        var a = await Outcomes(1234, 0.5, 30);
        var b = await Outcomes(1234, 0.5, 30);
        Assert.Equal(a, b);
        Assert.Contains("200", a);
        Assert.Contains("ServiceUnavailableException", a);
        Assert.Contains("dropped", a);
        var c = await Outcomes(99, 0.5, 30);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task Rate_zero_and_one_are_never_and_always()
    {
        Assert.All(await Outcomes(1, 0, 10), o => Assert.Equal("200", o));
        Assert.All(await Outcomes(1, 1, 10), o => Assert.Contains(o, new[] { "ServiceUnavailableException", "dropped" }));
    }

    [Fact]
    public async Task Admin_endpoints_are_not_faulted()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = 1, Seed = 3 });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        for (int i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("_emulator/stats")).StatusCode);
    }
}
