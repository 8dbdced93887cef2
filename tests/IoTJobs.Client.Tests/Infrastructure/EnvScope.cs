namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>Sets environment variables for one test and restores them; used only inside the non-parallel "Environment" collection.</summary>
public sealed class EnvScope : IDisposable
{
    // Every variable the resolver or AWSSDK.Core's default chains read, cleared so the machine's own settings don't leak in.
    public static readonly string[] AwsVariables =
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IOT", "AWS_ENDPOINT_URL_STS",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
    };

    private readonly Dictionary<string, string?> _saved = new();
    // One folder for the whole run, set before AWSSDK.Core first looks (TestAssemblyInit): the SDK remembers the
    // shared config/credentials file locations it saw first and ignores later changes of those two variables.
    internal static readonly string _dir = Path.Combine(Path.GetTempPath(), "iotjobs-env-" + Environment.ProcessId);

    /// <summary>Clears all AWS variables, points the shared files at an empty temp folder and disables instance metadata.</summary>
    public EnvScope()
    {
        Directory.CreateDirectory(_dir);
        // Emptied, never deleted: AWSSDK.Core keeps treating a shared file as absent once it has seen it missing.
        File.WriteAllText(ConfigFile, "");
        File.WriteAllText(CredentialsFile, "");
        foreach (var v in AwsVariables.Append("AWS_EC2_METADATA_DISABLED")) _saved[v] = Environment.GetEnvironmentVariable(v);
        foreach (var v in AwsVariables) Environment.SetEnvironmentVariable(v, null);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public string ConfigFile => Path.Combine(_dir, "config");
    public string CredentialsFile => Path.Combine(_dir, "credentials");

    public EnvScope Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public EnvScope WriteConfig(string text) { File.WriteAllText(ConfigFile, text); return this; }
    public EnvScope WriteCredentials(string text) { File.WriteAllText(CredentialsFile, text); return this; }

    public void Dispose()
    {
        foreach (var (k, v) in _saved) Environment.SetEnvironmentVariable(k, v);
        // Emptied, never deleted: AWSSDK.Core keeps treating a shared file as absent once it has seen it missing.
        File.WriteAllText(ConfigFile, "");
        File.WriteAllText(CredentialsFile, "");
    }
}

[CollectionDefinition("Environment", DisableParallelization = true)]
public sealed class EnvironmentCollection { }

internal static class TestAssemblyInit
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Init()
    {
        // Never leave the machine, and never read the developer's own ~/.aws files.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Directory.CreateDirectory(EnvScope._dir);
        File.WriteAllText(Path.Combine(EnvScope._dir, "config"), "");
        File.WriteAllText(Path.Combine(EnvScope._dir, "credentials"), "");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(EnvScope._dir, true); } catch { } };
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(EnvScope._dir, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(EnvScope._dir, "credentials"));
    }
}
