using IoTJobs.Emulator.Hosting;
using IoTJobs.Emulator.Store;

namespace IoTJobs.Emulator.Tests;

/// <summary>Starts an in-process emulator on port 0 per test class (xunit creates one per test), plus a signing client.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected EmulatorHost Host { get; private set; } = null!;
    protected ApiClient Api { get; private set; } = null!;
    protected EmulatorStore Store => Host.Store;

    protected virtual EmulatorOptions CreateOptions() => new();

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(CreateOptions());
        Api = new ApiClient(Host.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
    }

    protected static string Status(ApiResponse r) => r.Body.GetProperty("execution").GetProperty("status").GetString()!;

    protected static long Version(ApiResponse r) => r.Body.GetProperty("execution").GetProperty("versionNumber").GetInt64();
}
