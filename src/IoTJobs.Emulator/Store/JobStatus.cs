namespace IoTJobs.Emulator.Store;

/// <summary>JobStatus enum values (wire strings).</summary>
public static class JobStatus
{
    public const string InProgress = "IN_PROGRESS";
    public const string Canceled = "CANCELED";
    public const string Completed = "COMPLETED";
    public const string DeletionInProgress = "DELETION_IN_PROGRESS";
    public const string Scheduled = "SCHEDULED";

    public static readonly IReadOnlyList<string> All = new[] { InProgress, Canceled, Completed, DeletionInProgress, Scheduled };
}
