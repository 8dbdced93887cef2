using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using IoTJobs.Emulator;
using Xunit;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// One emulator on 127.0.0.1 per test class, and fresh runspaces with the module imported from the built assembly.
    /// Credentials are the emulator's fake ones; nothing leaves the machine.
    /// </summary>
    public sealed class EmulatorFixture : IAsyncLifetime
    {
        public EmulatorHost Emulator { get; private set; } = null!;
        public string Endpoint => Emulator.BaseAddress.ToString().TrimEnd('/');

        static EmulatorFixture()
        {
            // Never ask instance metadata, never read the developer's own AWS files.
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/dev/null");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        }

        public async Task InitializeAsync()
        {
            Emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0 });
        }

        public async Task DisposeAsync() => await Emulator.DisposeAsync();

        /// <summary>
        /// A runspace with the module imported and the emulator as every IoTJobs cmdlet's endpoint and credentials
        /// (through $PSDefaultParameterValues, as a user rehearsing a runbook offline would set it up).
        /// </summary>
        public PSSession Open(PSHost? host = null)
        {
            var iss = InitialSessionState.CreateDefault2();
            // Execution policy exists only on Windows; setting it elsewhere throws PlatformNotSupportedException.
            if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            var moduleAssembly = typeof(IoTJobsCmdlet).Assembly.Location;
            iss.ImportPSModule(new[] { moduleAssembly });
            var format = Path.Combine(RepoRoot, "module", "IoTJobs.format.ps1xml");
            if (File.Exists(format)) iss.Formats.Add(new SessionStateFormatEntry(format));
            var runspace = host == null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();
            var session = new PSSession(runspace);
            session.Invoke(
                "$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0];" +
                "$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test';" +
                "$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test';" +
                "$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'",
                Endpoint);
            return session;
        }

        public static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "IoTJobs.PowerShell.sln"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
            }
        }
    }

    /// <summary>A runspace and what the last script wrote to each stream.</summary>
    public sealed class PSSession : IDisposable
    {
        public PSSession(Runspace runspace) => Runspace = runspace;

        public Runspace Runspace { get; }
        public List<ErrorRecord> Errors { get; } = new();
        public List<string> Verbose { get; } = new();
        public List<string> Warnings { get; } = new();

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

        public void Dispose() => Runspace.Dispose();
    }
}
