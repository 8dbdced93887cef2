namespace IoTJobs.PowerShell.Output
{
    /// <summary>Maps service enum strings to the module's enums, tolerating values added to the service later.</summary>
    internal static class EnumParser
    {
        public static T? Parse<T>(string? value) where T : struct, Enum
        {
            if (string.IsNullOrEmpty(value)) return null;
            return Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && !parsed.Equals(default(T))
                ? parsed
                : default(T);
        }
    }
}
