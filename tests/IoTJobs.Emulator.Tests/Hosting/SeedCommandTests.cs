using System.Net;
using System.Text.Json;
using System.Text;
using IoTJobs.Emulator.Hosting;
using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.Tests.Hosting;

/// <summary>The seed subcommand, which goes through the signed API.</summary>
public sealed class SeedCommandTests : EmulatorTestBase
{
    [Fact]
    public async Task Seed_command_goes_through_the_signed_api()
    {
        int rc = await SeedCommand.RunAsync(new[]
        {
            "--endpoint", Host.BaseAddress.ToString(), "--job", "fleet", "--thing-prefix", "dev-", "--count", "20",
            "--in-progress", "3", "--succeeded", "2", "--thing-type", "sensor",
        });
        Assert.Equal(0, rc);
        Assert.Equal(20, Host.RequestCount("CreateThing"));
        Assert.Equal(1, Host.RequestCount("CreateJob"));
        Assert.Equal(5, Host.RequestCount("StartNextPendingJobExecution"));
        Assert.Equal(2, Host.RequestCount("UpdateJobExecution"));
        var counts = Store.DescribeJob("fleet").StatusCounts;
        Assert.Equal(3, counts["IN_PROGRESS"]);
        Assert.Equal(2, counts["SUCCEEDED"]);
        Assert.Equal(15, counts["QUEUED"]);
        Assert.Equal("IN_PROGRESS", Store.DescribeJobExecution("dev-1", "fleet").Status);
        Assert.Equal("SUCCEEDED", Store.DescribeJobExecution("dev-5", "fleet").Status);
        Assert.Equal("QUEUED", Store.DescribeJobExecution("dev-6", "fleet").Status);
        Assert.Equal("sensor", Store.DescribeThing("dev-20").ThingTypeName);
    }

    [Fact]
    public async Task Seed_command_fails_cleanly_with_wrong_credentials_and_bad_options()
    {
        Assert.Equal(1, await SeedCommand.RunAsync(new[]
        {
            "--endpoint", Host.BaseAddress.ToString(), "--job", "j", "--thing-prefix", "d", "--count", "1", "--secret-key", "wrong",
        }));
        Assert.Equal(0, Store.ThingCount);
        Assert.Equal(2, await SeedCommand.RunAsync(new[] { "--endpoint", Host.BaseAddress.ToString(), "--job", "j" }));
        Assert.Equal(2, await SeedCommand.RunAsync(new[] { "--endpoint", "x", "--job", "j", "--thing-prefix", "d", "--count", "1" }));
        Assert.Equal(2, await SeedCommand.RunAsync(new[] { "--endpoint", Host.BaseAddress.ToString(), "--job", "j", "--thing-prefix", "d", "--count", "2", "--in-progress", "3" }));
        Assert.Equal(2, await SeedCommand.RunAsync(new[] { "--endpoint", Host.BaseAddress.ToString(), "--job", "j", "--thing-prefix", "d", "--count", "2", "--parallel", "0" }));
    }

    [Fact]
    public async Task Seed_command_seeds_attributes_reported_shadows_and_connectivity()
    {
        int rc = await SeedCommand.RunAsync(new[]
        {
            "--endpoint", Host.BaseAddress.ToString(), "--job", "fw", "--thing-prefix", "ber-", "--count", "10",
            "--attribute", "site=BER", "--attribute", "model=x1", "--shadow-reported", "{\"fw\":\"1.2.3\"}",
            "--connected", "7", "--disconnected", "3", "--disconnect-reason", "CONNECTION_LOST",
        });
        Assert.Equal(0, rc);
        Assert.Equal(10, Host.RequestCount(Operations.UpdateThingShadow));
        Assert.Equal(new Dictionary<string, string> { ["site"] = "BER", ["model"] = "x1" }, Store.DescribeThing("ber-10").Attributes);
        Assert.Contains("\"reported\":{\"fw\":\"1.2.3\"}", Store.GetThingShadow("ber-10"));
        Assert.All(Enumerable.Range(1, 7), i => Assert.True(Store.Connectivity($"ber-{i}")!.Connected));
        Assert.All(Enumerable.Range(8, 3), i => Assert.Equal((false, "CONNECTION_LOST"), (Store.Connectivity($"ber-{i}")!.Connected, Store.Connectivity($"ber-{i}")!.DisconnectReason)));
        Assert.Equal(10, Store.DescribeJob("fw").StatusCounts["QUEUED"]);

        // Without --job and --thing-group, device state alone seeds things.
        Assert.Equal(0, await SeedCommand.RunAsync(new[] { "--endpoint", Host.BaseAddress.ToString(), "--thing-prefix", "solo-", "--count", "2", "--disconnected", "2" }));
        Assert.False(Store.Connectivity("solo-2")!.Connected);
        Assert.Equal(1, Store.JobCount);

        foreach (var bad in new[]
        {
            new[] { "--attribute", "site" }, new[] { "--attribute", "=BER" }, new[] { "--attribute", "site=B E R" },
            new[] { "--shadow-reported", "[1]" }, new[] { "--shadow-reported", "{" }, new[] { "--connected", "8", "--disconnected", "3" },
            new[] { "--disconnected", "1", "--disconnect-reason", "UNPLUGGED" }, new[] { "--disconnect-reason", "CONNECTION_LOST" },
        })
            Assert.Equal(2, await SeedCommand.RunAsync(new[] { "--endpoint", Host.BaseAddress.ToString(), "--job", "x", "--thing-prefix", "x-", "--count", "10" }.Concat(bad).ToArray()));
        Assert.Equal(12, Store.ThingCount);
    }

    [Fact]
    public async Task Seed_command_with_parallel_requests_seeds_every_thing_once()
    {
        // 64 requests at once against a latency (how long it takes is the benchmark's to report, not a test's).
        await using var slow = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 20 });
        int rc = await SeedCommand.RunAsync(new[]
        {
            "--endpoint", slow.BaseAddress.ToString(), "--job", "wide", "--thing-prefix", "w-", "--count", "400", "--parallel", "64",
            "--in-progress", "10",
        });
        Assert.Equal(0, rc);
        Assert.Equal(400, slow.Store.ThingCount);
        Assert.Equal(400, slow.RequestCount("CreateThing"));
        var counts = slow.Store.DescribeJob("wide").StatusCounts;
        Assert.Equal(390, counts["QUEUED"]);
        Assert.Equal(10, counts["IN_PROGRESS"]);
    }
}

/// <summary>Seeding survives an emulator that throttles and injects faults (retries in the seed command).</summary>
public sealed class SeedUnderFaultsTests
{
    [Fact]
    public async Task Seed_command_retries_through_faults_and_throttling()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = 0.2, Seed = 11, RateLimit = 200, RateLimitBurst = 5 });
        int rc = await SeedCommand.RunAsync(new[]
        {
            "--endpoint", host.BaseAddress.ToString(), "--job", "j", "--thing-prefix", "t", "--count", "30", "--in-progress", "5", "--succeeded", "5",
        });
        Assert.Equal(0, rc);
        var counts = host.Store.DescribeJob("j").StatusCounts;
        Assert.Equal(5, counts["IN_PROGRESS"]);
        Assert.Equal(5, counts["SUCCEEDED"]);
        Assert.Equal(20, counts["QUEUED"]);
        Assert.True(host.RequestCount("CreateThing") > 30, "some CreateThing calls should have been faulted and retried");
    }
}
