using System.Management.Automation.Host;

namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>
    /// One emulator on 127.0.0.1 per test class, and fresh runspaces with the module imported from the built assembly.
    /// Credentials are the emulator's fake ones; nothing leaves the machine.
    /// </summary>
    public sealed class EmulatorFixture : IAsyncLifetime
    {
        public EmulatorHost Emulator { get; private set; } = null!;
        public string Endpoint => Emulator.Endpoint();

        /// <summary>The cmdlet assembly, as Import-Module takes it.</summary>
        public static string ModuleAssembly => typeof(IoTJobsCmdlet).Assembly.Location;

        /// <summary>The module's table views, so Format-Table in a test looks as it does for a user.</summary>
        public static string FormatFile => Repository.PathOf("module", "IoTJobs.format.ps1xml");

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
        /// A runspace with the module imported and this fixture's emulator as every IoTJobs cmdlet's endpoint and
        /// credentials (through $PSDefaultParameterValues, as a user rehearsing a runbook offline would set it up).
        /// </summary>
        public PowerShellSession Open(PSHost? host = null) => OpenAt(Endpoint, host);

        /// <summary>The same, against another endpoint: a test's own emulator, a scripted server, a proxy.</summary>
        public PowerShellSession OpenAt(string endpoint, PSHost? host = null) => PowerShellSession.Open(ModuleAssembly, endpoint, FormatFile, host);
    }
}
