using System.Net;
using System.Text.Json;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Faults;

/// <summary>
/// The fault kinds (503, drop, apply-then-drop), the outage window (configured and admin-started) and the fault
/// counters in /_emulator/stats: each kind does what it says to the store, and seeded runs repeat exactly.
/// </summary>
public sealed class ReliabilityFaultTests
{
    private static async Task<EmulatorHost> Start(double rate, int seed, params FaultKind[] kinds) =>
        await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = rate, Seed = seed, FaultKinds = kinds.ToList() });

    private static void Seed(EmulatorHost host, string job, params string[] things) => host.Store.Seed(job, things);

    private static string StatusOf(EmulatorHost host, string thing, string job) => host.Store.DescribeJobExecution(thing, job).Status;

    /// <summary>One cancel with a fresh connection: "200", an error code, or "dropped".</summary>
    private static async Task<string> Cancel(EmulatorHost host, string thing, string job)
    {
        using var api = new ApiClient(host.BaseAddress);
        try
        {
            var r = await api.Cancel(thing, job);
            return r.ErrorCode ?? ((int)r.Status).ToString();
        }
        catch (HttpRequestException)
        {
            return "dropped";
        }
    }

    private static async Task<JsonElement> Stats(EmulatorHost host)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        return JsonDocument.Parse(await http.GetStringAsync("_emulator/stats")).RootElement.Clone();
    }

    [Fact]
    public async Task ApplyThenDrop_applies_the_cancel_and_the_client_hears_nothing()
    {
        await using var host = await Start(1.0, 1, FaultKind.ApplyThenDrop);
        Seed(host, "j", "a");
        Assert.Equal("dropped", await Cancel(host, "a", "j"));
        Assert.Equal("CANCELED", StatusOf(host, "a", "j"));
        // The retry a client would make now meets the applied state: 409, and that is dropped too.
        Assert.Equal("dropped", await Cancel(host, "a", "j"));
        Assert.Equal(2, host.FaultCounts()["applyThenDrop"]);
        Assert.Equal(0, host.FaultCounts()["drop"]);
    }

    [Theory]
    [InlineData(FaultKind.Drop, "dropped")]
    [InlineData(FaultKind.ServiceUnavailable, "ServiceUnavailableException")]
    public async Task Drop_and_503_never_apply_the_request(FaultKind kind, string seen)
    {
        await using var host = await Start(1.0, 1, kind);
        Seed(host, "j", "a");
        for (int i = 0; i < 3; i++) Assert.Equal(seen, await Cancel(host, "a", "j"));
        Assert.Equal("QUEUED", StatusOf(host, "a", "j"));
        Assert.Equal(3, host.FaultCounts()[kind == FaultKind.Drop ? "drop" : "serviceUnavailable"]);
        Assert.Equal(0, host.FaultCounts()["applyThenDrop"]);
    }

    /// <summary>N cancels of distinct QUEUED executions, one at a time: the outcome list and the final statuses.</summary>
    private static async Task<(List<string> Outcomes, List<string> Final, IReadOnlyDictionary<string, long> Counts)> Run(int seed, int n)
    {
        await using var host = await Start(0.5, seed, FaultKind.ServiceUnavailable, FaultKind.Drop, FaultKind.ApplyThenDrop);
        var things = Enumerable.Range(0, n).Select(i => $"t{i}").ToArray();
        Seed(host, "j", things);
        var outcomes = new List<string>();
        foreach (var t in things) outcomes.Add(await Cancel(host, t, "j"));
        return (outcomes, things.Select(t => StatusOf(host, t, "j")).ToList(), host.FaultCounts());
    }

    [Fact]
    public async Task Seeded_mix_repeats_exactly_and_the_counters_match_what_clients_saw()
    {
        var a = await Run(2024, 60);
        var b = await Run(2024, 60);
        Assert.Equal(a.Outcomes, b.Outcomes);
        Assert.Equal(a.Final, b.Final);

        // Every kind occurred, and the counters tell them apart even where the client saw the same thing.
        Assert.All(new[] { "serviceUnavailable", "drop", "applyThenDrop" }, k => Assert.True(a.Counts[k] > 0, k));
        Assert.Equal(a.Outcomes.Count(o => o == "ServiceUnavailableException"), a.Counts["serviceUnavailable"]);
        Assert.Equal(a.Outcomes.Count(o => o == "dropped"), a.Counts["drop"] + a.Counts["applyThenDrop"]);
        // Exactly the 200s and the applied-then-dropped ones took effect.
        int canceled = a.Final.Count(s => s == "CANCELED");
        Assert.Equal(a.Outcomes.Count(o => o == "200") + a.Counts["applyThenDrop"], canceled);
        for (int i = 0; i < a.Outcomes.Count; i++)
            if (a.Outcomes[i] == "ServiceUnavailableException") Assert.Equal("QUEUED", a.Final[i]);

        var c = await Run(7, 60);
        Assert.NotEqual(a.Outcomes, c.Outcomes);
    }

    [Fact]
    public async Task Kinds_503_and_drop_keep_the_sequence_of_the_original_two_kind_injector()
    {
        // The original injector drew "fault?" then "< 0.5 -> 503 else drop"; a two-kind list picks the same way.
        await using var host = await Start(0.5, 99, FaultKind.ServiceUnavailable, FaultKind.Drop);
        var expected = new List<string>();
        var rng = new Random(99);
        for (int i = 0; i < 40; i++)
            expected.Add(rng.NextDouble() >= 0.5 ? "404" : rng.NextDouble() < 0.5 ? "ServiceUnavailableException" : "dropped");
        var seen = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            using var api = new ApiClient(host.BaseAddress);
            try { var r = await api.Describe("none", "j"); seen.Add(r.ErrorCode == "ResourceNotFoundException" ? "404" : r.ErrorCode!); }
            catch (HttpRequestException) { seen.Add("dropped"); }
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Configured_outage_window_answers_503_to_every_request_then_recovers()
    {
        var clock = TestClock.Stopped();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            OutageStart = TimeSpan.Zero, OutageDuration = TimeSpan.FromMilliseconds(800), TimeProvider = clock,
        });
        Seed(host, "j", "a", "b");
        Assert.Equal("ServiceUnavailableException", await Cancel(host, "a", "j"));
        using (var api = new ApiClient(host.BaseAddress))
        {
            var r = await api.Control(HttpMethod.Get, "things");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
            Assert.Contains("outage", r.Message);
        }
        Assert.True((await Stats(host)).GetProperty("outageActive").GetBoolean());
        Assert.Equal("QUEUED", StatusOf(host, "a", "j"));
        // The checks ran inside the window: the clock only moves when the test moves it, and the window ends at 800 ms.
        clock.Advance(TimeSpan.FromMilliseconds(799));
        Assert.True((await Stats(host)).GetProperty("outageActive").GetBoolean());

        clock.Advance(TimeSpan.FromMilliseconds(101));
        Assert.Equal("200", await Cancel(host, "a", "j"));
        Assert.Equal("CANCELED", StatusOf(host, "a", "j"));
        var stats = await Stats(host);
        Assert.False(stats.GetProperty("outageActive").GetBoolean());
        Assert.Equal(2, stats.GetProperty("faults").GetProperty("outage").GetInt64());
    }

    [Fact]
    public async Task Admin_outage_starts_ends_and_leaves_admin_endpoints_working()
    {
        var clock = TestClock.Stopped();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = 0, Seed = 1, TimeProvider = clock });
        Seed(host, "j", "a");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("_emulator/outage?seconds=30", null)).StatusCode);
        Assert.Equal("ServiceUnavailableException", await Cancel(host, "a", "j"));
        Assert.Equal("ServiceUnavailableException", await Cancel(host, "a", "j"));
        var stats = await Stats(host); // admin endpoints are never in an outage
        Assert.True(stats.GetProperty("outageActive").GetBoolean());
        Assert.Equal(2, stats.GetProperty("faults").GetProperty("outage").GetInt64());
        Assert.Equal(2, stats.GetProperty("requests").GetProperty("CancelJobExecution").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("_emulator/outage?seconds=0", null)).StatusCode);
        Assert.Equal("200", await Cancel(host, "a", "j"));

        host.StartOutage(TimeSpan.FromMilliseconds(300));
        Assert.Equal("ServiceUnavailableException", await Cancel(host, "a", "j"));
        clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal("InvalidStateTransitionException", await Cancel(host, "a", "j")); // served again (already canceled)
    }

    [Theory]
    [InlineData("_emulator/outage")]
    [InlineData("_emulator/outage?seconds=abc")]
    [InlineData("_emulator/outage?seconds=-1")]
    [InlineData("_emulator/outage?seconds=NaN")]
    public async Task Admin_outage_with_a_bad_duration_is_400(string path)
    {
        await using var host = await Start(0, 1);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var r = await http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("seconds", await r.Content.ReadAsStringAsync());
        Assert.False((await Stats(host)).GetProperty("outageActive").GetBoolean());
    }

    [Fact]
    public async Task Reset_clears_fault_counters_and_the_admin_outage_and_replays_the_seed()
    {
        await using var host = await Start(0.5, 5);
        Seed(host, "j", "a");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var first = new List<string>();
        for (int i = 0; i < 20; i++) first.Add(await Cancel(host, "none", "j"));
        await http.PostAsync("_emulator/outage?seconds=30", null);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("_emulator/reset", null)).StatusCode);
        Assert.All(host.FaultCounts().Values, v => Assert.Equal(0, v));
        var second = new List<string>();
        for (int i = 0; i < 20; i++) second.Add(await Cancel(host, "none", "j"));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Options_parse_fault_kinds_and_outage()
    {
        var d = EmulatorOptions.Parse(Array.Empty<string>());
        Assert.Equal(new[] { FaultKind.ServiceUnavailable, FaultKind.Drop, FaultKind.ApplyThenDrop }, d.FaultKinds);
        Assert.Null(d.OutageStart);

        var o = EmulatorOptions.Parse(new[] { "--fault-kinds", "apply-then-drop,503", "--outage", "10:5.5" });
        Assert.Equal(new[] { FaultKind.ApplyThenDrop, FaultKind.ServiceUnavailable }, o.FaultKinds);
        Assert.Equal(TimeSpan.FromSeconds(10), o.OutageStart);
        Assert.Equal(TimeSpan.FromSeconds(5.5), o.OutageDuration);
        Assert.Equal(new[] { FaultKind.Drop }, EmulatorOptions.Parse(new[] { "--fault-kinds=DROP" }).FaultKinds);
    }

    [Theory]
    [InlineData("--fault-kinds", "504", "unknown kind '504'")]
    [InlineData("--fault-kinds", "", "empty kind")]
    [InlineData("--fault-kinds", "503,,drop", "empty kind")]
    [InlineData("--outage", "5", "<start seconds>:<duration seconds>")]
    [InlineData("--outage", "5:0", "duration > 0")]
    [InlineData("--outage", "-1:5", "start >= 0")]
    [InlineData("--outage", "a:b", "e.g. 10:5")]
    public void Bad_fault_options_name_the_option_and_what_is_valid(string option, string value, string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { option, value }));
        Assert.Contains(option, ex.Message);
        Assert.Contains(text, ex.Message);
    }
}
