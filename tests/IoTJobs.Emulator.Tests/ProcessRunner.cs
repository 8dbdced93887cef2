using System.Diagnostics;

namespace IoTJobs.Emulator.Tests;

internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Whether python3 can import boto3 (the boto3 fidelity tests skip themselves, saying so, when it cannot).</summary>
    public static readonly Lazy<bool> HasBoto3 = new(() =>
    {
        try
        {
            return RunAsync(new ProcessStartInfo("python3", "-c \"import boto3\""), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult().ExitCode == 0;
        }
        catch (Exception)
        {
            return false;
        }
    });

    /// <summary>A child without the machine's AWS settings: no AWS_ variables, no config files, no instance metadata.</summary>
    public static ProcessStartInfo WithoutAwsSettings(this ProcessStartInfo psi)
    {
        foreach (string k in psi.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(k);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        return psi;
    }

    public static async Task<Result> RunAsync(ProcessStartInfo psi, TimeSpan timeout)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(" ", psi.ArgumentList)} did not finish in {timeout}.");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
