using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IoTJobs.Client.Tests;

/// <summary>
/// Wire compatibility with a third-party IoT server (moto, which routes by the SigV4 credential scope and parses
/// rest-json like AWS). Seeded with boto3; skipped when python3/moto/boto3 are missing. moto's known gaps (no
/// IN_PROGRESS, terminal cancel returns 200) are avoided: see toolchain.md.
/// </summary>
public sealed class MotoCompatibilityTests
{
    private const string SeedScript = """
import sys, boto3
ep = sys.argv[1]
c = boto3.client('iot', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
for t in ['m1', 'm2', 'm3']:
    c.create_thing(thingName=t, attributePayload={'attributes': {'color': 'red'}})
c.create_job(jobId='mjob', targets=['arn:aws:iot:us-east-1:123456789012:thing/' + t for t in ['m1', 'm2', 'm3']], document='{"op":"reboot"}')
print('seeded')
""";

    [SkippableFact]
    public async Task Client_Works_AgainstMoto()
    {
        Skip.If(!MotoAvailable(), "python3 with moto and boto3 is not installed");
        int port = FreePort();
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() }) psi.ArgumentList.Add(a);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        using var moto = Process.Start(psi)!;
        try
        {
            var ep = $"http://127.0.0.1:{port}";
            await WaitForPort(port, TimeSpan.FromSeconds(60));
            Assert.Contains("seeded", RunPython(SeedScript, ep));

            using var client = IoTJobsClient.Create(new ClientOptions { Region = "us-east-1", EndpointUrl = ep, AccessKey = "test", SecretKey = "test", MaxAttempts = 1 });
            var thing = await client.DescribeThingAsync("m1");
            Assert.Equal("m1", thing.ThingName);
            Assert.Equal("red", thing.Attributes!["color"]);
            Assert.Equal("mjob", (await client.DescribeJobAsync("mjob")).JobId);

            var execs = await ParsingTests.ToList(client.ListJobExecutionsForJobAsync(new ListJobExecutionsForJobRequest { JobId = "mjob", PageSize = 2 }));
            Assert.Equal(3, execs.Count);
            Assert.All(execs, e => Assert.Equal("QUEUED", e.Status));

            await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "m2", JobId = "mjob" });
            Assert.Equal("CANCELED", (await client.DescribeJobExecutionAsync("m2", "mjob")).Status);

            var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("missing"));
            Assert.Equal(ErrorCodes.ResourceNotFoundException, ex.ErrorCode);
            Assert.Equal(404, ex.StatusCode);
        }
        finally
        {
            try { moto.Kill(entireProcessTree: true); } catch { }
        }
    }

    private static bool MotoAvailable()
    {
        try { return RunPython("import moto.server, boto3; print('ok')").Contains("ok"); }
        catch { return false; }
    }

    private static string RunPython(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit(60000);
        if (p.ExitCode != 0) throw new InvalidOperationException("python failed: " + stderr);
        return stdout;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task WaitForPort(int port, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        throw new TimeoutException($"moto did not listen on port {port} within {timeout}.");
    }
}
