namespace IoTJobs.Client.Configuration
{
    /// <summary>The one place the client reads the process environment: AWS_* settings and the home folder.</summary>
    internal static class EnvironmentVariables
    {
        /// <summary>The variable's value, trimmed; null when it is unset or blank.</summary>
        public static string? Get(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(v) ? null : v!.Trim();
        }

        /// <summary>True when the variable says true (any case), as AWS_EC2_METADATA_DISABLED does.</summary>
        public static bool IsTrue(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>A file path from the variable, with a leading ~/ meaning the home folder; null when unset.</summary>
        public static string? Path(string name)
        {
            var v = Get(name);
            if (v == null) return null;
            return v.StartsWith("~/", StringComparison.Ordinal) ? System.IO.Path.Combine(Home(), v.Substring(2)) : v;
        }

        /// <summary>The user's home folder (HOME on Unix), where ~/.aws and the SSO token cache live.</summary>
        public static string Home()
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("USERPROFILE");
            if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return home!;
        }
    }
}
