namespace IoTJobs.PowerShell.Output
{
    /// <summary>The states of a job execution (AWS JobExecutionStatus).</summary>
    public enum JobExecutionStatus
    {
        /// <summary>A value this version of the module does not know (the service model grew); see StatusText.</summary>
        Unknown = 0,
        QUEUED,
        IN_PROGRESS,
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        REJECTED,
        REMOVED,
        CANCELED,
    }
}
