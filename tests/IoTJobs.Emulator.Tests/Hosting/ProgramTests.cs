using System.Net;
using System.Text.RegularExpressions;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Hosting;

/// <summary>The emulator as a command-line program: first stdout line, signals, exit codes, help, seed subcommand.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Prints_listening_line_first_serves_logs_without_secrets_and_stops_on_SIGTERM()
    {
        await using var p = await EmulatorProcess.StartAsync("--log-requests", "--secret-key", "s3cr3t-value");
        var m = Regex.Match(p.FirstLine, @"^Listening on http://127\.0\.0\.1:(\d+)$");
        Assert.True(m.Success, $"first line was '{p.FirstLine}'");
        var baseUri = new Uri($"http://127.0.0.1:{m.Groups[1].Value}/");

        using var api = new ApiClient(baseUri, secretKey: "s3cr3t-value");
        Assert.Equal(HttpStatusCode.OK, (await api.CreateThing("p1")).Status);
        using var wrong = new ApiClient(baseUri);
        Assert.Equal("InvalidSignatureException", (await wrong.Control(HttpMethod.Get, "things/p1")).ErrorCode);

        string log1 = await p.ReadLineAsync(TimeSpan.FromSeconds(10));
        string log2 = await p.ReadLineAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("POST /things/p1 200 CreateThing", log1);
        Assert.Contains("403", log2);
        foreach (string line in new[] { log1, log2 })
        {
            Assert.DoesNotContain("s3cr3t-value", line);
            Assert.DoesNotContain("Signature=", line);
            Assert.DoesNotContain("AWS4-HMAC-SHA256", line);
        }

        await p.SignalAsync("TERM");
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("s3cr3t-value", p.StdErr);
    }

    [Fact]
    public async Task Quiet_mode_writes_nothing_but_the_listening_line_and_stops_on_SIGINT()
    {
        await using var p = await EmulatorProcess.StartAsync("--quiet");
        Assert.StartsWith("Listening on http://127.0.0.1:", p.FirstLine);
        await p.SignalAsync("INT");
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("", p.RestOfStdout().Trim());
        Assert.Equal("", p.StdErr.Trim());
    }

    [Theory]
    [InlineData("--port", "99999", "--port")]
    [InlineData("--fault-rate", "2", "--fault-rate")]
    [InlineData("--rate-limit", "Foo=1", "--rate-limit")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    public async Task Bad_options_exit_2_with_a_clear_message(string name, string value, string expected)
    {
        var r = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo(name, value), TimeSpan.FromSeconds(20));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.StdErr);
        Assert.DoesNotContain("Listening", r.StdOut);
    }

    [Fact]
    public async Task Help_lists_every_option()
    {
        var r = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo("--help"), TimeSpan.FromSeconds(20));
        Assert.Equal(0, r.ExitCode);
        foreach (string o in new[] { "--port", "--bind", "--region", "--account", "--access-key", "--secret-key", "--rate-limit", "--rate-limit-burst",
                     "--latency-ms", "--fault-rate", "--seed", "--quiet", "--log-requests", "--job-cancel-rate", "--time-scale", "seed --endpoint" })
            Assert.Contains(o, r.StdOut);
        // Every operation, as a whole word (so SearchIndex is not found inside another name).
        foreach (string op in Operations.All)
            Assert.Matches($@"(?m)(^|\s){op}(\s|$)", r.StdOut);
    }

    [Fact]
    public async Task Seed_subcommand_process_against_a_running_host()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var r = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo("seed", "--endpoint", host.BaseAddress.ToString(), "--job", "j",
            "--thing-prefix", "x", "--count", "4", "--in-progress", "1", "--succeeded", "1"), TimeSpan.FromSeconds(30));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Seeded job j", r.StdOut);
        Assert.Equal(4, host.RequestCount("CreateThing"));
        Assert.Equal("SUCCEEDED", host.Store.DescribeJobExecution("x2", "j").Status);
    }

    [Fact]
    public async Task Seed_subcommand_builds_groups_and_a_group_targeted_continuous_job()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        string ep = host.BaseAddress.ToString();
        var first = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo("seed", "--endpoint", ep, "--thing-prefix", "b7-", "--count", "3",
            "--thing-group", "building-7", "--parent-group", "site-a"), TimeSpan.FromSeconds(30));
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("into thing group building-7 (under site-a)", first.StdOut);
        // A parent lower in a hierarchy is used as it is (not made a top-level group).
        var floor = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo("seed", "--endpoint", ep, "--thing-prefix", "f2-", "--count", "1",
            "--thing-group", "floor-2", "--parent-group", "building-7"), TimeSpan.FromSeconds(30));
        Assert.True(floor.ExitCode == 0, floor.StdErr);
        Assert.Equal("site-a", host.Store.DescribeThingGroup("building-7").ParentGroupName);
        var second = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo("seed", "--endpoint", ep, "--job", "fw", "--thing-prefix", "b8-", "--count", "2",
            "--thing-group", "building-8", "--parent-group", "site-a", "--target-group", "site-a", "--continuous", "--in-progress", "1"), TimeSpan.FromSeconds(30));
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.Contains("Seeded job fw on thing group site-a", second.StdOut);
        var job = host.Store.DescribeJob("fw");
        Assert.Equal("CONTINUOUS", job.TargetSelection);
        Assert.Equal(5, job.StatusCounts["QUEUED"]); // b7-1..3, f2-1 (through floor-2), b8-2
        Assert.Equal(1, job.StatusCounts["IN_PROGRESS"]);
        Assert.Equal("site-a", host.Store.DescribeThingGroup("building-8").ParentGroupName);
        Assert.Equal(6, host.RequestCount("AddThingToThingGroup")); // each thing joined its group through the API

        var bad = await ProcessRunner.RunAsync(EmulatorProcess.StartInfo("seed", "--endpoint", ep, "--thing-prefix", "x", "--count", "1", "--in-progress", "1"), TimeSpan.FromSeconds(30));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("need --job", bad.StdErr);
    }

    [Fact]
    public async Task Latency_option_delays_responses()
    {
        var clock = TestClock.Stopped();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 150, TimeProvider = clock });
        using var api = new ApiClient(host.BaseAddress);
        var pending = api.Control(HttpMethod.Get, "things");
        await WaitUntil(() => host.InFlightRequests == 1);
        // 149 ms of the emulator's time: still waiting (the request stays in flight while real time passes too).
        clock.Advance(TimeSpan.FromMilliseconds(149));
        Assert.NotSame(pending, await Task.WhenAny(pending, Task.Delay(300)));
        Assert.Equal(1, host.InFlightRequests);
        Assert.Equal(0, host.RequestCount("ListThings"));
        // At 150 ms it is answered.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var r = await pending;
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(1, host.RequestCount("ListThings"));
        await WaitUntil(() => host.InFlightRequests == 0);
    }

    /// <summary>Waits for a condition the emulator reaches on its own threads (fails after 20 s rather than hang).</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 2000 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "the emulator did not get there");
    }
}
