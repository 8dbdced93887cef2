using Xunit.Abstractions;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Fidelity;

/// <summary>
/// Fidelity proof for fleet indexing: boto3 sets registry data (iot), device state (iot-data update_thing_shadow) and
/// the indexing configuration, then runs search_index queries whose exact result sets follow from AWS's query-syntax
/// and example-queries pages (tests/fidelity/boto3_indexing.py, its transcript in this test's output). Skipped when
/// boto3 is not installed.
/// </summary>
public sealed class Boto3IndexingFidelityTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Boto3_searches_registry_shadow_and_connectivity_data_as_AWS_documents()
    {
        Skip.IfNot(ProcessRunner.HasBoto3.Value, "python3 with boto3 is not installed");
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        await ProcessRunner.RunFidelityScriptAsync(output, "boto3_indexing.py", host.BaseAddress.ToString().TrimEnd('/'));
        // botocore signed the shadow calls for iot-data and they reached the shadow operations.
        Assert.Equal(6, host.RequestCount(Operations.UpdateThingShadow));
        Assert.Equal(2, host.RequestCount(Operations.GetThingShadow));
        Assert.True(host.RequestCount(Operations.SearchIndex) >= 30);
        Assert.Equal(3, host.RequestCount(Operations.UpdateIndexingConfiguration));
    }
}
