using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Http;

/// <summary>
/// --clock-offset: the emulator's clock runs ahead or behind for the SigV4 window and the Date header; and further
/// accepted keys (/_emulator/credentials), which credential tests use to see which keys signed.
/// </summary>
public sealed class EmulatorClockTests : EmulatorTestBase
{
    // The machine's clock as the emulator sees it, stopped at a whole second: the Date header is exact then.
    private readonly FakeTimeProvider _machine = TestClock.Stopped();

    protected override EmulatorOptions CreateOptions() => new() { ClockOffset = TimeSpan.FromMinutes(20), TimeProvider = _machine };

    [Theory]
    [InlineData("20m", 1200)]
    [InlineData("-20m", -1200)]
    [InlineData("+90s", 90)]
    [InlineData("-1.5h", -5400)]
    [InlineData("0", 0)]
    public void Parses_signed_durations(string spec, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), EmulatorOptions.Parse(new[] { "--clock-offset", spec }).ClockOffset);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("m")]
    [InlineData("20 minutes")]
    [InlineData("8d")]
    [InlineData("200h")]
    public void Rejects_what_is_not_a_duration_with_a_unit_naming_the_option(string spec)
    {
        var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--clock-offset", spec }));
        Assert.Contains("--clock-offset", ex.Message);
        Assert.Contains($"'{spec}'", ex.Message);
        Assert.Contains("20m", ex.Message);
    }

    [Fact]
    public async Task Further_keys_are_accepted_until_deleted_and_counted_per_key()
    {
        Store.Seed("keys-job", new[] { "k1" });
        using var http = new HttpClient();
        var add = await http.PostAsync(new Uri(Host.BaseAddress, "_emulator/credentials"),
            new StringContent("{\"accessKey\":\"AKIDEXTRA0000001\",\"secretKey\":\"extra-secret-0001\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        using var extra = new ApiClient(Host.BaseAddress, "AKIDEXTRA0000001", "extra-secret-0001") { SigningTime = _machine.GetUtcNow().AddMinutes(20) };
        Assert.Equal(HttpStatusCode.OK, (await extra.Control(HttpMethod.Get, "/jobs/keys-job")).Status);
        using var wrongSecret = new ApiClient(Host.BaseAddress, "AKIDEXTRA0000001", "not-its-secret") { SigningTime = _machine.GetUtcNow().AddMinutes(20) };
        Assert.Equal("InvalidSignatureException", (await wrongSecret.Control(HttpMethod.Get, "/jobs/keys-job")).ErrorCode);
        Assert.Contains("\"AKIDEXTRA0000001\":1", await http.GetStringAsync(new Uri(Host.BaseAddress, "_emulator/stats")));
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync(new Uri(Host.BaseAddress, "_emulator/credentials?accessKey=AKIDEXTRA0000001"))).StatusCode);
        Assert.Equal("UnrecognizedClientException", (await extra.Control(HttpMethod.Get, "/jobs/keys-job")).ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync(new Uri(Host.BaseAddress, "_emulator/credentials"), new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task The_Date_header_and_the_signature_window_follow_the_emulator_clock()
    {
        Store.Seed("clock-job", new[] { "c1" });
        // Signed with this machine's clock: 20 minutes behind the emulator's, outside its 15-minute window.
        var refused = await Api.Control(HttpMethod.Get, "/jobs/clock-job");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("InvalidSignatureException", refused.ErrorCode);
        Assert.StartsWith("Signature expired: ", refused.Message);

        using var http = new HttpClient();
        var clock = await http.GetAsync(new Uri(Host.BaseAddress, "_emulator/clock"));
        var date = clock.Headers.Date!.Value;
        Assert.Equal(_machine.GetUtcNow().AddMinutes(20), date);
        Assert.Contains("\"offsetSeconds\":1200", await clock.Content.ReadAsStringAsync());

        // Signed with the emulator's time, the same request is fine.
        Api.SigningTime = _machine.GetUtcNow().AddMinutes(20);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "/jobs/clock-job")).Status);

        // Put behind at run time: now a request signed at the machine's time is "not yet current".
        Api.SigningTime = null;
        var set = await http.PostAsync(new Uri(Host.BaseAddress, "_emulator/clock?offset=-20m"), null);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var ahead = await Api.Control(HttpMethod.Get, "/jobs/clock-job");
        Assert.Equal("InvalidSignatureException", ahead.ErrorCode);
        Assert.StartsWith("Signature not yet current: ", ahead.Message);
        Assert.Matches(@"\(\d{8}T\d{6}Z \+ 15 min\.\)$", ahead.Message);

        var bad = await http.PostAsync(new Uri(Host.BaseAddress, "_emulator/clock?offset=soon"), null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("offset", await bad.Content.ReadAsStringAsync());
        await http.PostAsync(new Uri(Host.BaseAddress, "_emulator/clock?offset=0"), null);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "/jobs/clock-job")).Status);
    }
}
