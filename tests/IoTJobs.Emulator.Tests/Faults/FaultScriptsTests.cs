using System.Net;
using System.Text;
using System.Text.Json;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Faults;

/// <summary>--fault-script and /_emulator/fault-script: chosen requests of one operation get chosen faults, the rest none.</summary>
public sealed class FaultScriptsTests
{
    private static async Task<string> Cancel(EmulatorHost host, string thing)
    {
        using var api = new ApiClient(host.BaseAddress);
        try
        {
            var r = await api.Cancel(thing, "j");
            return r.ErrorCode ?? ((int)r.Status).ToString();
        }
        catch (HttpRequestException)
        {
            return "dropped";
        }
    }

    [Fact]
    public async Task First_attempt_applied_and_its_answer_lost_then_the_retry_gets_ExpiredToken()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            FaultScripts = { new ScriptedFault(Operations.CancelJobExecution, 1, new[] { FaultKind.ApplyThenDrop, FaultKind.ExpiredToken }) },
        });
        host.Store.Seed("j", new[] { "a", "b" });
        Assert.Equal("dropped", await Cancel(host, "a"));
        Assert.Equal("CANCELED", host.Store.DescribeJobExecution("a", "j").Status); // applied

        using var api = new ApiClient(host.BaseAddress);
        var retry = await api.Cancel("a", "j");
        Assert.Equal(HttpStatusCode.Forbidden, retry.Status);
        Assert.Equal("ExpiredTokenException", retry.ErrorCode);
        Assert.Equal("The security token included in the request is expired", retry.Message);
        Assert.Equal(2, host.Store.DescribeJobExecution("a", "j").VersionNumber); // not applied a second time

        // The script is done: the next request is answered as it would be.
        Assert.Equal("InvalidStateTransitionException", await Cancel(host, "a"));
        Assert.Equal("200", await Cancel(host, "b"));
        Assert.Equal(1, host.FaultCounts()["applyThenDrop"]);
        Assert.Equal(1, host.FaultCounts()["expiredToken"]);
    }

    [Fact]
    public async Task The_nth_request_of_the_named_operation_only()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        host.Store.Seed("j", new[] { "a", "b", "c", "d" });
        host.ScriptFaults(Operations.CancelJobExecution, 3, FaultKind.ServiceUnavailable);
        using var api = new ApiClient(host.BaseAddress);
        for (int i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await api.Describe("a", "j")).Status); // other operations: no faults
        Assert.Equal("200", await Cancel(host, "a"));
        Assert.Equal("200", await Cancel(host, "b"));
        Assert.Equal("ServiceUnavailableException", await Cancel(host, "c"));
        Assert.Equal("QUEUED", host.Store.DescribeJobExecution("c", "j").Status);
        Assert.Equal("200", await Cancel(host, "c"));
        Assert.Equal(1, host.FaultCounts()["serviceUnavailable"]);
    }

    [Fact]
    public async Task The_admin_endpoint_sets_lists_and_clears_scripts_and_reset_replays_them()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        host.Store.Seed("j", new[] { "a" });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var set = await http.PostAsync("_emulator/fault-script", new StringContent(
            """{"operation":"DescribeJobExecution","at":2,"faults":["expired-token","drop"]}""", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("""{"scripts":[{"operation":"DescribeJobExecution","at":2,"faults":["expired-token","drop"],"requestsSeen":0}]}""",
            await set.Content.ReadAsStringAsync());
        using var api = new ApiClient(host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await api.Describe("a", "j")).Status);
        Assert.Equal("ExpiredTokenException", (await api.Describe("a", "j")).ErrorCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => new ApiClient(host.BaseAddress).Describe("a", "j"));
        Assert.Contains("\"requestsSeen\":3", await http.GetStringAsync("_emulator/fault-script"));

        // Reset counts again from zero: request 2 after it is faulted again.
        await http.PostAsync("_emulator/reset", null);
        host.Store.Seed("j", new[] { "a" });
        Assert.Equal(HttpStatusCode.OK, (await api.Describe("a", "j")).Status);
        Assert.Equal("ExpiredTokenException", (await api.Describe("a", "j")).ErrorCode);

        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync("_emulator/fault-script?operation=DescribeJobExecution")).StatusCode);
        Assert.Equal("""{"scripts":[]}""", await http.GetStringAsync("_emulator/fault-script"));
        Assert.Equal(HttpStatusCode.OK, (await api.Describe("a", "j")).Status);
    }

    [Theory]
    [InlineData("""{"operation":"Nope","faults":["drop"]}""", "unknown operation 'Nope'")]
    [InlineData("""{"operation":"CancelJob","faults":["boom"]}""", "unknown fault kind 'boom'")]
    [InlineData("""{"operation":"CancelJob","faults":[]}""", "one or more kinds")]
    [InlineData("""{"operation":"CancelJob","at":0,"faults":["drop"]}""", "1 or more")]
    [InlineData("""{"faults":["drop"]}""", "needs {\"operation\"")]
    public async Task Bad_scripts_are_400_naming_what_is_valid(string body, string text)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var r = await http.PostAsync("_emulator/fault-script", new StringContent(body, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains(text, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void The_option_parses_scripts_and_names_bad_ones()
    {
        var o = EmulatorOptions.Parse(new[] { "--fault-script", "CancelJobExecution=apply-then-drop,expired-token", "--fault-script=DescribeJob@4=503,503" });
        Assert.Equal(2, o.FaultScripts.Count);
        Assert.Equal((Operations.CancelJobExecution, 1), (o.FaultScripts[0].Operation, o.FaultScripts[0].AtRequest));
        Assert.Equal(new[] { FaultKind.ApplyThenDrop, FaultKind.ExpiredToken }, o.FaultScripts[0].Faults);
        Assert.Equal((Operations.DescribeJob, 4), (o.FaultScripts[1].Operation, o.FaultScripts[1].AtRequest));
        Assert.Equal(new[] { FaultKind.ServiceUnavailable, FaultKind.ServiceUnavailable }, o.FaultScripts[1].Faults);
        Assert.Equal(new[] { FaultKind.ExpiredToken }, EmulatorOptions.Parse(new[] { "--fault-kinds", "expired-token" }).FaultKinds);
        foreach (var (value, text) in new[] { ("CancelJob", "<Operation>[@<n>]="), ("CancelJob@0=drop", "a request number >= 1"), ("Nope=drop", "unknown operation 'Nope'"), ("CancelJob=boom", "unknown kind 'boom'") })
        {
            var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--fault-script", value }));
            Assert.Contains("--fault-script", ex.Message);
            Assert.Contains(text, ex.Message);
        }
    }

    [Fact]
    public async Task Expired_token_as_a_random_kind_answers_every_request_403_and_applies_nothing()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = 1, Seed = 3, FaultKinds = new List<FaultKind> { FaultKind.ExpiredToken } });
        host.Store.Seed("j", new[] { "a" });
        Assert.Equal("ExpiredTokenException", await Cancel(host, "a"));
        Assert.Equal("QUEUED", host.Store.DescribeJobExecution("a", "j").Status);
    }
}
