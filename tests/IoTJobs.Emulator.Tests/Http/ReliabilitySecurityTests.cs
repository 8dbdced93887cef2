using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Http;

/// <summary>
/// The emulator as a security boundary for tests: loopback only unless told otherwise, a signature check on every
/// operation of both planes (nothing is applied without one), and AWS's 15-minute clock-skew rule on a write.
/// </summary>
public sealed class ReliabilitySecurityTests : EmulatorTestBase
{
    // The emulator's clock stands at a whole second: a signing time is exactly so far from it.
    private readonly FakeTimeProvider _clock = TestClock.Stopped();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    /// <summary>Every operation of both planes: method, path, credential-scope service.</summary>
    public static TheoryData<string, string, string> AllOperations() => new()
    {
        { "POST", "things/sec-a", "iot" },
        { "GET", "things/sec-a", "iot" },
        { "GET", "things", "iot" },
        { "PUT", "jobs/sec-j", "iot" },
        { "GET", "jobs/sec-j", "iot" },
        { "GET", "jobs", "iot" },
        { "PUT", "jobs/sec-j/cancel", "iot" },
        { "DELETE", "jobs/sec-j", "iot" },
        { "GET", "things/sec-a/jobs/sec-j", "iot" },
        { "GET", "jobs/sec-j/things", "iot" },
        { "GET", "things/sec-a/jobs", "iot" },
        { "PUT", "things/sec-a/jobs/sec-j/cancel", "iot" },
        { "DELETE", "things/sec-a/jobs/sec-j/executionNumber/1", "iot" },
        { "PUT", "things/sec-a/jobs/$next", "iot-jobs-data" },
        { "POST", "things/sec-a/jobs/sec-j", "iot-jobs-data" },
        { "GET", "things/sec-a/jobs", "iot-jobs-data" },
        { "GET", "things/sec-a/jobs/sec-j", "iot-jobs-data" },
    };

    private void SeedOne() => Store.Seed("sec-j", new[] { "sec-a" });

    private string Snapshot()
    {
        var e = Store.DescribeJobExecution("sec-a", "sec-j");
        return $"{e.Status}/{e.VersionNumber}/{Store.DescribeJob("sec-j").Status}";
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Every_operation_refuses_a_request_without_a_valid_signature_and_applies_nothing(string method, string path, string service)
    {
        SeedOne();
        string before = Snapshot();
        var m = new HttpMethod(method);
        object? body = method is "PUT" or "POST" ? new { status = "IN_PROGRESS", targets = new[] { ApiClient.Arn("sec-a") }, document = "{}" } : null;

        // Unsigned.
        using (var req = new HttpRequestMessage(m, path))
        {
            if (body != null) req.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body));
            var r = await ApiClient.Read(await Api.Http.SendAsync(req));
            Assert.Equal(HttpStatusCode.Forbidden, r.Status);
            Assert.Equal("MissingAuthenticationTokenException", r.ErrorCode);
        }
        // Signed, then one signature digit changed.
        var tampered = await Api.Send(m, path, service, body, afterSign: req =>
        {
            string auth = req.Headers.GetValues("Authorization").First();
            char last = auth[^1];
            req.Headers.Remove("Authorization");
            req.Headers.TryAddWithoutValidation("Authorization", auth[..^1] + (last == '0' ? '1' : '0'));
        });
        Assert.Equal(HttpStatusCode.Forbidden, tampered.Status);
        Assert.Equal("InvalidSignatureException", tampered.ErrorCode);
        // Signed with another secret.
        using (var other = new ApiClient(Host.BaseAddress, secretKey: "not-the-secret"))
        {
            var r = await other.Send(m, path, service, body);
            Assert.Equal(HttpStatusCode.Forbidden, r.Status);
            Assert.DoesNotContain("not-the-secret", r.RawBody);
        }
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    [InlineData(-60 * 24)]
    public async Task A_cancel_signed_more_than_15_minutes_away_from_the_clock_is_refused_and_not_applied(int minutes)
    {
        SeedOne();
        Api.SigningTime = _clock.GetUtcNow().AddMinutes(minutes);
        var r = await Api.Cancel("sec-a", "sec-j");
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
        Assert.Contains("15 min", r.Message);
        Assert.Equal("QUEUED", Store.DescribeJobExecution("sec-a", "sec-j").Status);

        Api.SigningTime = _clock.GetUtcNow().AddMinutes(Math.Sign(minutes) * 14);
        Assert.Equal(HttpStatusCode.OK, (await Api.Cancel("sec-a", "sec-j")).Status);
    }

    [Fact]
    public void The_default_bind_address_is_loopback()
    {
        Assert.Equal("127.0.0.1", new EmulatorOptions().BindAddress);
        Assert.Equal("127.0.0.1", EmulatorOptions.Parse(Array.Empty<string>()).BindAddress);
        Assert.Equal("127.0.0.1", Host.BaseAddress.Host);
    }

    [SkippableFact]
    public async Task The_default_emulator_is_not_reachable_on_this_machines_other_addresses()
    {
        // Connecting to one of this machine's own non-loopback addresses never leaves the machine.
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Skip.If(own == null, "this machine has no non-loopback IPv4 address to try");

        using (var probe = new TcpClient())
        {
            var ex = await Record.ExceptionAsync(() => probe.ConnectAsync(own!, Host.BaseAddress.Port).WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.IsType<SocketException>(ex);
        }
        // Told otherwise (--bind 0.0.0.0), the same address answers: the probe above can tell the difference.
        await using var wide = await EmulatorHost.StartAsync(new EmulatorOptions { BindAddress = "0.0.0.0" });
        using var reach = new TcpClient();
        await reach.ConnectAsync(own!, wide.BaseAddress.Port).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(reach.Connected);
    }
}
