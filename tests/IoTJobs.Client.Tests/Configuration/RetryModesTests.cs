using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Configuration;

/// <summary>Retry mode resolution: option, AWS_RETRY_MODE, default; bad values named.</summary>
[Collection("Environment")]
public sealed class RetryModesTests
{
    [Fact]
    public void Option_ThenEnvironment_ThenDefault()
    {
        using var env = new EnvScope();
        var o = new ClientOptions { Region = "us-east-1", AccessKey = "a", SecretKey = "b" };
        Assert.Equal((RetryModes.Standard, "default"), (ClientSettingsResolver.Resolve(o).RetryMode, ClientSettingsResolver.Resolve(o).RetryModeSource));
        o.DefaultRetryMode = RetryModes.Adaptive;
        Assert.Equal(RetryModes.Adaptive, ClientSettingsResolver.Resolve(o).RetryMode);
        Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "legacy");
        try
        {
            Assert.Equal((RetryModes.Standard, "environment variable AWS_RETRY_MODE"), (ClientSettingsResolver.Resolve(o).RetryMode, ClientSettingsResolver.Resolve(o).RetryModeSource));
            o.RetryMode = "Adaptive";
            Assert.Equal((RetryModes.Adaptive, "parameter"), (ClientSettingsResolver.Resolve(o).RetryMode, ClientSettingsResolver.Resolve(o).RetryModeSource));
            o.RetryMode = null;
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "turbo");
            var ex = Assert.Throws<IoTJobsConfigurationException>(() => ClientSettingsResolver.Resolve(o));
            Assert.Contains("AWS_RETRY_MODE", ex.Message);
            Assert.Contains("'turbo'", ex.Message);
            Assert.Contains("adaptive", ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", null);
        }
    }
}
