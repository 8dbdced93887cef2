using System.Net;
using System.Text.Json;
using System.Text;

namespace IoTJobs.Emulator.Tests.Http;

/// <summary>/_emulator endpoints: seed, stats and reset.</summary>
public sealed class AdminEndpointsTests : EmulatorTestBase
{
    private async Task<JsonElement> Admin(HttpMethod method, string path, string? body = null)
    {
        using var req = new HttpRequestMessage(method, new Uri(Host.BaseAddress, path));
        if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var resp = await Api.Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        return JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Seed_endpoint_stats_and_reset()
    {
        var seeded = await Admin(HttpMethod.Post, "_emulator/seed",
            "{\"jobId\":\"j1\",\"thingNames\":[\"a\",\"b\",\"c\"],\"inProgress\":[\"a\"],\"thingTypeName\":\"cam\",\"attributes\":{\"site\":\"x\"}}");
        Assert.Equal(3, seeded.GetProperty("executions").GetInt32());
        Assert.Equal("IN_PROGRESS", Store.DescribeJobExecution("a", "j1").Status);
        Assert.Equal("QUEUED", Store.DescribeJobExecution("b", "j1").Status);
        Assert.Equal("cam", Store.DescribeThing("c").ThingTypeName);

        await Api.Control(HttpMethod.Get, "jobs/j1/things");
        await Api.Control(HttpMethod.Get, "jobs/j1/things");
        await Api.Cancel("b", "j1");
        var stats = await Admin(HttpMethod.Get, "_emulator/stats");
        Assert.Equal(3, stats.GetProperty("total").GetInt64());
        Assert.Equal(2, stats.GetProperty("requests").GetProperty("ListJobExecutionsForJob").GetInt64());
        Assert.Equal(1, stats.GetProperty("requests").GetProperty("CancelJobExecution").GetInt64());
        Assert.Equal(2, Host.RequestCount("ListJobExecutionsForJob"));

        await Admin(HttpMethod.Post, "_emulator/reset");
        Assert.Equal(0, Store.ThingCount);
        Assert.Equal(0, Store.JobCount);
        Assert.Equal(0, Host.RequestCount("ListJobExecutionsForJob"));
        Assert.Equal(0, (await Admin(HttpMethod.Get, "_emulator/stats")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Seed_endpoint_rejects_bad_input_with_aws_errors()
    {
        foreach (string body in new[] { "{}", "{\"jobId\":\"j\",\"thingNames\":[]}", "{\"jobId\":\"j\",\"thingNames\":[\"a\"],\"inProgress\":[\"zz\"]}", "nope" })
        {
            using var resp = await Api.Http.PostAsync("_emulator/seed", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
            Assert.Equal("InvalidRequestException", resp.Headers.GetValues("x-amzn-ErrorType").Single());
        }
    }
}
