using IoTJobs.Emulator.Hosting;

namespace IoTJobs.TestSupport.Emulators;

/// <summary>The in-process emulator's address in the form the cmdlets and the emulator process use.</summary>
public static class EmulatorHostExtensions
{
    /// <summary>http://127.0.0.1:port (no trailing slash), as -EndpointUrl takes it.</summary>
    public static string Endpoint(this EmulatorHost host) => host.BaseAddress.ToString().TrimEnd('/');
}
