using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using IoTJobs.Emulator;
using Xunit;
using static IoTJobs.PowerShell.Tests.StopTestSupport;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// The adaptive number in flight, through the cmdlets against an emulator with latency: it grows beyond its start
    /// when concurrency is the bottleneck, -ThrottleLimit caps it, and -Detailed describes concurrently in list order.
    /// How fast it all goes is the benchmark's to measure (tests/bench/Invoke-CancelBenchmark.ps1).
    /// </summary>
    public sealed class ConcurrencyTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public ConcurrencyTests(EmulatorFixture fx) => _fx = fx;

        private static int AtMost(PSSession s, string script, params object[] args)
        {
            var output = s.Invoke(script + " -InformationVariable concurrency | Out-Null; $concurrency | Where-Object Tags -Contains Concurrency | ForEach-Object { \"$($_.MessageData)\" }", args);
            var line = Assert.Single(output).BaseObject.ToString()!;
            var m = System.Text.RegularExpressions.Regex.Match(line, @"(\d+) at most");
            if (m.Success) return int.Parse(m.Groups[1].Value);
            m = System.Text.RegularExpressions.Regex.Match(line, @"at most (\d+) in flight");
            Assert.True(m.Success, line);
            return int.Parse(m.Groups[1].Value);
        }

        [Fact]
        public async Task WithoutThrottleLimit_TheNumberInFlightGrowsWhileConcurrencyIsTheBottleneck()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 30 });
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", emulator.BaseAddress.ToString().TrimEnd('/'));
            var (job, things) = Names(400);
            emulator.Store.Seed(job, things);

            var atMost = AtMost(s, "Get-IoTJobExecution -JobId $args[0] | Stop-IoTJobExecution", job);

            Assert.Empty(s.Errors);
            Assert.True(atMost > AdaptiveConcurrency.Initial, $"the limit stayed at {atMost}");
            Assert.Equal(400, emulator.Store.DescribeJob(job).StatusCounts["CANCELED"]);
        }

        [Fact]
        public async Task ThrottleLimit_IsAHardCap()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 10 });
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", emulator.BaseAddress.ToString().TrimEnd('/'));
            var (job, things) = Names(60);
            emulator.Store.Seed(job, things);

            Assert.Equal(3, AtMost(s, "Get-IoTJobExecution -JobId $args[0] | Stop-IoTJobExecution -ThrottleLimit 3", job));
            Assert.Equal(60, emulator.Store.DescribeJob(job).StatusCounts["CANCELED"]);
        }

        [Fact]
        public async Task Detailed_DescribesConcurrently_AndKeepsListOrder()
        {
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { LatencyMs = 20 });
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", emulator.BaseAddress.ToString().TrimEnd('/'));
            var (job, things) = Names(120);
            emulator.Store.Seed(job, things, things.Where((_, i) => i % 7 == 0).ToList());

            var listed = s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 50", job).Select(o => ((JobExecution)o.BaseObject).ThingName).ToList();
            var detailed = s.Invoke("Get-IoTJobExecution -JobId $args[0] -PageSize 50 -Detailed", job).Select(o => (JobExecution)o.BaseObject).ToList();

            Assert.Empty(s.Errors);
            Assert.Equal(listed, detailed.Select(e => e.ThingName));
            Assert.All(detailed, e => Assert.NotNull(e.VersionNumber));
            Assert.Equal(2L, detailed.Single(e => e.ThingName == things[7]).VersionNumber); // IN_PROGRESS: version 2
            Assert.True(AtMost(s, "Get-IoTJobExecution -JobId $args[0] -Detailed", job) > 1);

            // A cap on -Detailed, and -ThrottleLimit without -Detailed is refused.
            Assert.Equal(2, AtMost(s, "Get-IoTJobExecution -JobId $args[0] -Detailed -ThrottleLimit 2", job));
            var refused = s.Invoke("try { Get-IoTJobExecution -JobId $args[0] -ThrottleLimit 2 } catch { $_ }", job);
            Assert.StartsWith("ThrottleLimitNeedsDetailed,", Assert.IsType<ErrorRecord>(Assert.Single(refused).BaseObject).FullyQualifiedErrorId);
        }
    }
}
