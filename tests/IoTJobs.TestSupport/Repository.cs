namespace IoTJobs.TestSupport;

/// <summary>Where the repository is, for tests that read its files (sources, the module's format file).</summary>
public static class Repository
{
    /// <summary>The folder holding IoTJobs.PowerShell.sln, found upwards from the test assembly.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "IoTJobs.PowerShell.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A path below the root, from its parts (Repository.PathOf("src", "IoTJobs.Client")).</summary>
    public static string PathOf(params string[] parts) => System.IO.Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
