using Xunit.Abstractions;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Fidelity;

/// <summary>
/// Fidelity proof for fleets: boto3 (AWS's Python SDK, with botocore's parsers and error classes) drives thing groups,
/// group-targeted SNAPSHOT and CONTINUOUS jobs, a paced CancelJob with isConcurrent, timeouts, CancelJob on a finished
/// job and a message-only VersionConflictException against the emulator: tests/fidelity/boto3_fleet.py asserts each
/// step as AWS documents it and prints a transcript (in this test's output). Skipped when boto3 is not installed.
/// </summary>
public sealed class Boto3FleetFidelityTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Boto3_sees_groups_group_jobs_a_paced_cancel_and_timeouts_as_AWS_documents_them()
    {
        Skip.IfNot(ProcessRunner.HasBoto3.Value, "python3 with boto3 is not installed");
        // 50 cancels a second and 60x timers keep the run to a few seconds; the script asserts against these values.
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = 50, TimeScale = 60 });
        await ProcessRunner.RunFidelityScriptAsync(output, "boto3_fleet.py", host.BaseAddress.ToString().TrimEnd('/'), "50", "60");
        Assert.True(host.RequestCount("CancelJob") >= 2);
        Assert.True(host.RequestCount("AssociateTargetsWithJob") >= 2);
    }
}
