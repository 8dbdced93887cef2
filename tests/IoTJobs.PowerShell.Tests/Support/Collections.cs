namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>
    /// Tests that set IoTJobsCmdlet.ClientFactoryOverride (a process-wide hook): they run alone, after the parallel ones.
    /// </summary>
    [CollectionDefinition(nameof(ClientFactoryCollection), DisableParallelization = true)]
    public sealed class ClientFactoryCollection { }

    /// <summary>
    /// Tests that change process-wide state (environment variables such as the shared AWS files and the STS endpoint, a
    /// cmdlet's static setting): they run alone.
    /// </summary>
    [CollectionDefinition("ProcessEnvironment", DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection { }
}
