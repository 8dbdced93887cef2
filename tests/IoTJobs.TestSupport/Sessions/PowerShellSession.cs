using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;

namespace IoTJobs.TestSupport.Sessions;

/// <summary>A runspace with a module imported, and what the last script wrote to each stream.</summary>
public sealed class PowerShellSession : IDisposable
{
    public PowerShellSession(Runspace runspace) => Runspace = runspace;

    public Runspace Runspace { get; }
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();

    /// <summary>
    /// A fresh runspace with the module (its assembly, and its format file if there is one) imported, on a host of the
    /// test's choosing (null: a bare runspace, which cannot prompt).
    /// </summary>
    public static Runspace OpenRunspace(string moduleAssembly, string? formatFile = null, PSHost? host = null)
    {
        var iss = InitialSessionState.CreateDefault2();
        // Execution policy exists only on Windows; setting it elsewhere throws PlatformNotSupportedException.
        if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        iss.ImportPSModule(new[] { moduleAssembly });
        if (formatFile != null && File.Exists(formatFile)) iss.Formats.Add(new SessionStateFormatEntry(formatFile));
        var runspace = host == null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
        runspace.Open();
        return runspace;
    }

    /// <summary>
    /// A session whose every IoTJobs cmdlet talks to <paramref name="endpoint"/> with the emulator's fake credentials in
    /// us-east-1 (through $PSDefaultParameterValues, as a user rehearsing a runbook offline would set it up).
    /// </summary>
    public static PowerShellSession Open(string moduleAssembly, string endpoint, string? formatFile = null, PSHost? host = null)
    {
        var session = new PowerShellSession(OpenRunspace(moduleAssembly, formatFile, host));
        session.Invoke(
            "$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0];" +
            "$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test';" +
            "$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test';" +
            "$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'",
            endpoint);
        return session;
    }

    /// <summary>Points every IoTJobs cmdlet of this session at another endpoint (the credentials stay).</summary>
    public PowerShellSession At(string endpoint)
    {
        Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]", endpoint);
        return this;
    }

    /// <summary>Runs a script (positional $args available) and returns its output; the streams are kept for asserts.</summary>
    public Collection<PSObject> Invoke(string script, params object[] args)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        Errors.Clear();
        Verbose.Clear();
        Warnings.Clear();
        var output = ps.Invoke();
        Errors.AddRange(ps.Streams.Error);
        Verbose.AddRange(ps.Streams.Verbose.Select(v => v.Message));
        Warnings.AddRange(ps.Streams.Warning.Select(v => v.Message));
        return output;
    }

    /// <summary>
    /// <see cref="Invoke"/>, failing with a TimeoutException when the script has not ended within <paramref name="bound"/>:
    /// for runs that must never hang (a bound on a test that would otherwise stop the suite, not a measure of speed).
    /// </summary>
    public Collection<PSObject> InvokeWithin(TimeSpan bound, string script, params object[] args)
    {
        var run = Task.Run(() => Invoke(script, args));
        if (!run.Wait(bound)) throw new TimeoutException($"The script had not ended after {bound}: {script}");
        return run.Result;
    }

    /// <summary>Ctrl+C for a running pipeline: returns once it has stopped, failing if it has not within <paramref name="bound"/>.</summary>
    public static void Stop(System.Management.Automation.PowerShell running, TimeSpan bound)
    {
        if (!Task.Run(running.Stop).Wait(bound)) throw new TimeoutException($"The pipeline had not stopped {bound} after Ctrl+C.");
    }

    public void Dispose() => Runspace.Dispose();
}
