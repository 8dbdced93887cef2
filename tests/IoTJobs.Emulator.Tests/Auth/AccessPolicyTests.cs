using System.Net;
using System.Text;
using System.Text.Json;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Auth;

/// <summary>--deny and /_emulator/deny: one operation answers 403 AccessDeniedException for one key, as an explicit Deny would.</summary>
public sealed class AccessPolicyTests
{
    private const string Reader = "AKIDREADER0000001";

    private static async Task<EmulatorHost> Start(EmulatorOptions options)
    {
        var host = await EmulatorHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        await http.PostAsync("_emulator/credentials", new StringContent($$"""{"accessKey":"{{Reader}}","secretKey":"reader-secret"}""", Encoding.UTF8));
        host.Store.Seed("j", new[] { "a", "b" });
        return host;
    }

    [Fact]
    public async Task A_denied_operation_is_403_with_AWS_words_and_applies_nothing_while_others_work()
    {
        await using var host = await Start(new EmulatorOptions { DeniedOperations = { [Reader] = new List<string> { "CancelJobExecution" } } });
        using var reader = new ApiClient(host.BaseAddress, Reader, "reader-secret");
        var denied = await reader.Cancel("a", "j");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Equal("User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: iot:CancelJobExecution on resource: " +
            "arn:aws:iot:us-east-1:123456789012:thing/a with an explicit deny in an identity-based policy", denied.Message);
        Assert.Equal("QUEUED", host.Store.DescribeJobExecution("a", "j").Status);
        Assert.Equal(1, host.RequestCount(Operations.CancelJobExecution)); // counted like any request that reached the operation

        // The same key may describe; another key may cancel.
        Assert.Equal(HttpStatusCode.OK, (await reader.Describe("a", "j")).Status);
        using var admin = new ApiClient(host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await admin.Cancel("a", "j")).Status);
    }

    [Fact]
    public async Task A_role_that_may_cancel_but_not_describe_on_either_plane()
    {
        await using var host = await Start(new EmulatorOptions());
        host.Deny(Reader, Operations.DescribeJobExecution, Operations.JobsDataDescribeJobExecution, Operations.ListJobs);
        using var reader = new ApiClient(host.BaseAddress, Reader, "reader-secret");
        Assert.Equal("AccessDeniedException", (await reader.Describe("a", "j")).ErrorCode);
        var data = await reader.Data(HttpMethod.Get, "things/a/jobs/j");
        Assert.Equal("AccessDeniedException", data.ErrorCode);
        Assert.Contains("perform: iot:DescribeJobExecution on resource: arn:aws:iot:us-east-1:123456789012:thing/a ", data.Message);
        Assert.Contains("perform: iot:ListJobs on resource: * ", (await reader.Control(HttpMethod.Get, "jobs")).Message);
        Assert.Equal(HttpStatusCode.OK, (await reader.Cancel("a", "j")).Status);
        Assert.Equal("CANCELED", host.Store.DescribeJobExecution("a", "j").Status);

        host.AllowAll(Reader);
        Assert.Equal(HttpStatusCode.OK, (await reader.Describe("a", "j")).Status);
    }

    [Fact]
    public async Task The_admin_endpoint_denies_lists_and_allows_again()
    {
        await using var host = await Start(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var reader = new ApiClient(host.BaseAddress, Reader, "reader-secret");
        var set = await http.PostAsync("_emulator/deny", new StringContent(
            $$"""{"accessKey":"{{Reader}}","operations":["DescribeJobExecution","CancelJobExecution"]}""", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("""{"accessKey":"AKIDREADER0000001","operations":["CancelJobExecution","DescribeJobExecution"]}""", await set.Content.ReadAsStringAsync());
        Assert.Equal("AccessDeniedException", (await reader.Describe("a", "j")).ErrorCode);

        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync($"_emulator/deny?accessKey={Reader}&operation=DescribeJobExecution")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.Describe("a", "j")).Status);
        var listed = await http.GetStringAsync($"_emulator/deny?accessKey={Reader}");
        Assert.Equal("""{"accessKey":"AKIDREADER0000001","operations":["CancelJobExecution"]}""", listed);
        Assert.Equal("AccessDeniedException", (await reader.Cancel("a", "j")).ErrorCode);

        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync("_emulator/deny")).StatusCode); // every key
        Assert.Equal(HttpStatusCode.OK, (await reader.Cancel("a", "j")).Status);
    }

    [Theory]
    [InlineData("""{"accessKey":"K","operations":["DescribeJobExecutions"]}""", "Unknown operation 'DescribeJobExecutions'")]
    [InlineData("""{"accessKey":"K","operations":["GetCallerIdentity"]}""", "GetCallerIdentity cannot be denied")]
    [InlineData("""{"accessKey":"K"}""", "needs {\"accessKey\"")]
    [InlineData("""{"operations":["ListJobs"]}""", "needs {\"accessKey\"")]
    public async Task Bad_deny_requests_are_400_naming_what_is_valid(string body, string text)
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var r = await http.PostAsync("_emulator/deny", new StringContent(body, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains(text, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void The_deny_option_parses_keys_and_operations_and_names_bad_values()
    {
        var o = EmulatorOptions.Parse(new[] { "--deny", "AKIDA:DescribeJobExecution,ListJobs", "--deny", "AKIDB:CancelJob", "--deny=AKIDA:CancelJob" });
        Assert.Equal(new[] { "DescribeJobExecution", "ListJobs", "CancelJob" }, o.DeniedOperations["AKIDA"]);
        Assert.Equal(new[] { "CancelJob" }, o.DeniedOperations["AKIDB"]);
        foreach (var (value, text) in new[] { ("AKIDA", "<access key>:<Operation>"), (":ListJobs", "<access key>:<Operation>"), ("AKIDA:", "<access key>:<Operation>"), ("AKIDA:Nope", "Unknown operation 'Nope'") })
        {
            var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--deny", value }));
            Assert.Contains("--deny", ex.Message);
            Assert.Contains(text, ex.Message);
        }
        Assert.Throws<ArgumentException>(() => new EmulatorOptions { DeniedOperations = { ["K"] = new List<string> { "Nope" } } }.Validate());
    }
}
