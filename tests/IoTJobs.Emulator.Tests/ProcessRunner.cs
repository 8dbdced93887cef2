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

    /// <summary>The repository root (the folder with IoTJobs.PowerShell.sln).</summary>
    public static string RepoRoot() => IoTJobs.TestSupport.Repository.Root;

    /// <summary>
    /// Runs python3 tests/fidelity/&lt;script&gt; with its arguments, without the machine's AWS settings, writes its
    /// transcript to the test's output, and fails unless it exited 0 saying "OK: every check held".
    /// </summary>
    public static async Task RunFidelityScriptAsync(Xunit.Abstractions.ITestOutputHelper output, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("python3");
        psi.ArgumentList.Add(Path.Combine(RepoRoot(), "tests", "fidelity", script));
        foreach (string a in args) psi.ArgumentList.Add(a);
        // The scripts import tests/fidelity/fidelity.py: no __pycache__ left in the repository.
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        var r = await RunAsync(psi.WithoutAwsSettings(), TimeSpan.FromMinutes(3));
        output.WriteLine(r.StdOut);
        output.WriteLine(r.StdErr);
        Assert.True(r.ExitCode == 0, $"{script} failed:\n{r.StdOut}\n{r.StdErr}");
        Assert.Contains("OK: every check held", r.StdOut);
    }

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
