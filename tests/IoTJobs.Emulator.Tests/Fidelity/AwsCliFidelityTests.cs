using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Fidelity;

/// <summary>
/// Fidelity proof: AWS's own client (AWS CLI / botocore) drives the emulator: its SigV4 signing (service names
/// 'iot', 'iot-jobs-data' and 'iotdata'), its request serialization, and its parsing of our responses and errors.
/// Skipped when `aws` is not on PATH.
/// </summary>
public sealed class AwsCliFidelityTests(ITestOutputHelper output)
{
    private sealed record Cli(int ExitCode, JsonElement Json, string StdErr)
    {
        public string? ErrorCode => Regex.Match(StdErr, @"An error occurred \(([A-Za-z]+)\)") is { Success: true } m ? m.Groups[1].Value : null;
    }

    private static readonly Lazy<string?> AwsPath = new(ResolveAws);

    /// <summary>`aws` on PATH; a pyenv shim is resolved to the real script (the shim adds ~1 s per call).</summary>
    private static string? ResolveAws()
    {
        string? path = ProcessRunner.FindOnPath("aws");
        if (path == null || !path.Contains("/shims/", StringComparison.Ordinal) || ProcessRunner.FindOnPath("pyenv") == null) return path;
        try
        {
            var r = ProcessRunner.RunAsync(new ProcessStartInfo("pyenv", "which aws"), TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
            string real = r.StdOut.Trim();
            return r.ExitCode == 0 && File.Exists(real) ? real : path;
        }
        catch (Exception)
        {
            return path;
        }
    }

    private async Task<Cli> Aws(Uri endpoint, string? sessionToken, params string[] args)
    {
        var psi = new ProcessStartInfo(AwsPath.Value!);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--endpoint-url");
        psi.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));
        psi.ArgumentList.Add("--output");
        psi.ArgumentList.Add("json");
        var env = psi.Environment;
        foreach (string k in env.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList()) env.Remove(k);
        env["AWS_ACCESS_KEY_ID"] = "test";
        env["AWS_SECRET_ACCESS_KEY"] = "test";
        env["AWS_REGION"] = "us-east-1";
        env["AWS_DEFAULT_REGION"] = "us-east-1";
        env["AWS_EC2_METADATA_DISABLED"] = "true";
        env["AWS_PAGER"] = "";
        env["AWS_CONFIG_FILE"] = "/dev/null";
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        env["AWS_MAX_ATTEMPTS"] = "1";
        if (sessionToken != null) env["AWS_SESSION_TOKEN"] = sessionToken;
        var sw = Stopwatch.StartNew();
        var r = await ProcessRunner.RunAsync(psi, TimeSpan.FromSeconds(60));
        output.WriteLine($"aws {string.Join(' ', args)} -> exit {r.ExitCode} in {sw.ElapsedMilliseconds} ms");
        JsonElement json = r.ExitCode == 0 && r.StdOut.Trim().Length > 0 ? JsonDocument.Parse(r.StdOut).RootElement.Clone() : default;
        return new Cli(r.ExitCode, json, r.StdErr);
    }

    [SkippableFact]
    public async Task Aws_cli_drives_the_emulator_end_to_end()
    {
        Skip.If(AwsPath.Value == null, "aws CLI not on PATH");
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var ep = host.BaseAddress;
        const string arn = "arn:aws:iot:us-east-1:123456789012:thing/";

        // Things (one with ':' to prove the double-encoded canonical URI) and a job, through the CLI.
        var thing = await Aws(ep, null, "iot", "create-thing", "--thing-name", "dev:1");
        Assert.True(thing.ExitCode == 0, thing.StdErr);
        Assert.Equal(arn + "dev:1", thing.Json.GetProperty("thingArn").GetString());
        host.Store.CreateThing("dev2");
        host.Store.CreateThing("dev3");
        var job = await Aws(ep, null, "iot", "create-job", "--job-id", "job1", "--targets", arn + "dev:1", arn + "dev2", arn + "dev3",
            "--document", "{\"op\":\"reboot\"}");
        Assert.True(job.ExitCode == 0, job.StdErr);
        Assert.Equal("job1", job.Json.GetProperty("jobId").GetString());

        // Device side through the data plane (signed as iot-jobs-data).
        var started = await Aws(ep, null, "iot-jobs-data", "start-next-pending-job-execution", "--thing-name", "dev:1");
        Assert.True(started.ExitCode == 0, started.StdErr);
        Assert.Equal("IN_PROGRESS", started.Json.GetProperty("execution").GetProperty("status").GetString());
        Assert.Equal(2, started.Json.GetProperty("execution").GetProperty("versionNumber").GetInt64());

        // Cancel rules as the CLI sees them.
        var noForce = await Aws(ep, null, "iot", "cancel-job-execution", "--job-id", "job1", "--thing-name", "dev:1");
        Assert.NotEqual(0, noForce.ExitCode);
        Assert.Equal("InvalidStateTransitionException", noForce.ErrorCode);
        var wrongVersion = await Aws(ep, null, "iot", "cancel-job-execution", "--job-id", "job1", "--thing-name", "dev:1", "--force", "--expected-version", "1");
        Assert.Equal("VersionConflictException", wrongVersion.ErrorCode);
        var forced = await Aws(ep, null, "iot", "cancel-job-execution", "--job-id", "job1", "--thing-name", "dev:1", "--force", "--expected-version", "2");
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        var queuedCancel = await Aws(ep, null, "iot", "cancel-job-execution", "--job-id", "job1", "--thing-name", "dev2", "--no-force");
        Assert.True(queuedCancel.ExitCode == 0, queuedCancel.StdErr);
        var again = await Aws(ep, null, "iot", "cancel-job-execution", "--job-id", "job1", "--thing-name", "dev2");
        Assert.Equal("InvalidStateTransitionException", again.ErrorCode);

        var described = await Aws(ep, null, "iot", "describe-job-execution", "--job-id", "job1", "--thing-name", "dev:1");
        var e = described.Json.GetProperty("execution");
        Assert.Equal("CANCELED", e.GetProperty("status").GetString());
        Assert.True(e.GetProperty("forceCanceled").GetBoolean());
        Assert.Equal(3, e.GetProperty("versionNumber").GetInt64());
        Assert.Equal(arn + "dev:1", e.GetProperty("thingArn").GetString());

        // Paging: the CLI's paginator with small pages, then resuming from its NextToken.
        var page1 = await Aws(ep, null, "iot", "list-job-executions-for-job", "--job-id", "job1", "--page-size", "1", "--max-items", "2");
        Assert.True(page1.ExitCode == 0, page1.StdErr);
        var items1 = page1.Json.GetProperty("executionSummaries").EnumerateArray().Select(x => x.GetProperty("thingArn").GetString()).ToList();
        Assert.Equal(new[] { arn + "dev:1", arn + "dev2" }, items1);
        string next = page1.Json.GetProperty("NextToken").GetString()!;
        var page2 = await Aws(ep, null, "iot", "list-job-executions-for-job", "--job-id", "job1", "--page-size", "1", "--starting-token", next);
        var items2 = page2.Json.GetProperty("executionSummaries").EnumerateArray().Select(x => x.GetProperty("thingArn").GetString()).ToList();
        Assert.Equal(new[] { arn + "dev3" }, items2);
        Assert.Equal("QUEUED", page2.Json.GetProperty("executionSummaries")[0].GetProperty("jobExecutionSummary").GetProperty("status").GetString());
        Assert.True(host.RequestCount("ListJobExecutionsForJob") >= 3);

        var tooMany = await Aws(ep, null, "iot", "list-job-executions-for-thing", "--thing-name", "dev2", "--max-results", "251");
        Assert.Equal("InvalidRequestException", tooMany.ErrorCode);

        var jobInfo = await Aws(ep, null, "iot", "describe-job", "--job-id", "job1");
        var details = jobInfo.Json.GetProperty("job").GetProperty("jobProcessDetails");
        Assert.Equal(2, details.GetProperty("numberOfCanceledThings").GetInt32());
        Assert.Equal(1, details.GetProperty("numberOfQueuedThings").GetInt32());

        // Temporary credentials: botocore signs X-Amz-Security-Token; the emulator accepts it.
        var withToken = await Aws(ep, "FQoGZXIvYXdzEXAMPLETOKEN", "iot", "list-things");
        Assert.True(withToken.ExitCode == 0, withToken.StdErr);
        Assert.Equal(3, withToken.Json.GetProperty("things").GetArrayLength());
    }

    [SkippableFact]
    public async Task Aws_cli_round_trips_a_shadow_through_iot_data_and_finds_it_with_search_index()
    {
        Skip.If(AwsPath.Value == null, "aws CLI not on PATH");
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var ep = host.BaseAddress;
        host.Store.CreateThing("dev-1");
        string dir = Path.Combine(Path.GetTempPath(), "iotjobs-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // fileb:// hands the payload blob over as bytes in AWS CLI v1 and v2 alike.
            string payload = Path.Combine(dir, "payload.json");
            File.WriteAllText(payload, "{\"state\":{\"reported\":{\"fw\":\"1.2.3\"}}}");
            var updated = await Aws(ep, null, "iot-data", "update-thing-shadow", "--thing-name", "dev-1", "--payload", "fileb://" + payload, Path.Combine(dir, "updated.json"));
            Assert.True(updated.ExitCode == 0, updated.StdErr);
            using var accepted = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "updated.json")));
            Assert.Equal(1, accepted.RootElement.GetProperty("version").GetInt64());
            var got = await Aws(ep, null, "iot-data", "get-thing-shadow", "--thing-name", "dev-1", Path.Combine(dir, "shadow.json"));
            Assert.True(got.ExitCode == 0, got.StdErr);
            using var shadow = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "shadow.json")));
            Assert.Equal("1.2.3", shadow.RootElement.GetProperty("state").GetProperty("reported").GetProperty("fw").GetString());
            var none = await Aws(ep, null, "iot-data", "get-thing-shadow", "--thing-name", "dev-2", Path.Combine(dir, "none.json"));
            Assert.Equal("ResourceNotFoundException", none.ErrorCode);

            var on = await Aws(ep, null, "iot", "update-indexing-configuration", "--thing-indexing-configuration", "thingIndexingMode=REGISTRY_AND_SHADOW");
            Assert.True(on.ExitCode == 0, on.StdErr);
            var found = await Aws(ep, null, "iot", "search-index", "--query-string", "shadow.reported.fw:1.2.3");
            Assert.True(found.ExitCode == 0, found.StdErr);
            Assert.Equal("dev-1", found.Json.GetProperty("things")[0].GetProperty("thingName").GetString());
            Assert.Equal(1, host.RequestCount(Operations.UpdateThingShadow));
            Assert.Equal(2, host.RequestCount(Operations.GetThingShadow));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Aws_cli_gets_the_caller_identity_from_the_emulator()
    {
        Skip.If(AwsPath.Value == null, "aws CLI not on PATH");
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Account = "135792468013" });
        var who = await Aws(host.BaseAddress, null, "sts", "get-caller-identity");
        Assert.True(who.ExitCode == 0, who.StdErr);
        Assert.Equal("135792468013", who.Json.GetProperty("Account").GetString());
        Assert.Equal("arn:aws:iam::135792468013:user/emulator", who.Json.GetProperty("Arn").GetString());
        Assert.StartsWith("AIDA", who.Json.GetProperty("UserId").GetString());
        Assert.Equal(1, host.RequestCount(Operations.GetCallerIdentity));

        host.ScriptFaults(Operations.GetCallerIdentity, 1, FaultKind.ExpiredToken);
        var expired = await Aws(host.BaseAddress, null, "sts", "get-caller-identity");
        Assert.NotEqual(0, expired.ExitCode);
        Assert.Equal("ExpiredToken", expired.ErrorCode);
    }
}
