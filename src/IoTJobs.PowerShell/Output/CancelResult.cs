namespace IoTJobs.PowerShell.Output
{
    /// <summary>What a Stop cmdlet did to the execution or job it emits (the Outcome column, kept by Export-Csv).</summary>
    public enum CancelResult
    {
        /// <summary>This command canceled it.</summary>
        Canceled = 1,
        /// <summary>It was already canceled before this command; nothing was changed.</summary>
        AlreadyCanceled = 2,
    }
}
