using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>The machine's python3 (botocore, boto3, moto), run with fake credentials and nothing but loopback in reach.</summary>
public static class Python
{
    /// <summary>Runs a script; its stdout, or null when python3 or a module it imports is missing (any other failure throws).</summary>
    public static string? Run(string script, string? stdin = null, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            foreach (var a in args) psi.ArgumentList.Add(a);
            Isolate(psi);
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(stdin ?? "");
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(60_000)) { p.Kill(true); return null; }
            if (p.ExitCode != 0)
            {
                // Only a missing module means "not available"; any other failure is a failure.
                if (stderr.Result.Contains("No module named")) return null;
                throw new InvalidOperationException("python3 failed: " + stderr.Result);
            }
            return stdout.Result.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3
        }
    }

    public static bool Has(string modules) => Run($"import {modules}; print('ok')") == "ok";

    internal static void Isolate(ProcessStartInfo psi)
    {
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
    }
}

/// <summary>A moto server on a free loopback port (python3 -m moto.server), killed on dispose. Account 123456789012.</summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, int port)
    {
        _process = process;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public static bool Available() => Python.Has("moto.server, boto3");

    public static async Task<MotoServer> StartAsync()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() }) psi.ArgumentList.Add(a);
        Python.Isolate(psi);
        var moto = new MotoServer(Process.Start(psi)!, port);
        try
        {
            await WaitForPort(port, TimeSpan.FromSeconds(60));
            return moto;
        }
        catch
        {
            moto.Dispose();
            throw;
        }
    }

    // A bound on how long to wait for moto's start, not an assertion about the client.
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

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch { }
        _process.Dispose();
    }
}
