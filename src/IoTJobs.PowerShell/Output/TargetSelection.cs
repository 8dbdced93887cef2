namespace IoTJobs.PowerShell.Output
{
    /// <summary>Whether a job keeps targeting things added to its groups (CONTINUOUS) or not (SNAPSHOT).</summary>
    public enum TargetSelection
    {
        /// <summary>A value this version of the module does not know.</summary>
        Unknown = 0,
        CONTINUOUS,
        SNAPSHOT,
    }
}
