namespace IoTJobs.PowerShell.Output
{
    /// <summary>The states of a job (AWS JobStatus).</summary>
    public enum JobStatus
    {
        /// <summary>A value this version of the module does not know; see StatusText.</summary>
        Unknown = 0,
        IN_PROGRESS,
        CANCELED,
        COMPLETED,
        DELETION_IN_PROGRESS,
        SCHEDULED,
    }
}
