namespace IoTJobs.Emulator.Store;

/// <summary>JobExecutionStatus enum values (wire strings).</summary>
public static class JobExecutionStatus
{
    public const string Queued = "QUEUED";
    public const string InProgress = "IN_PROGRESS";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Rejected = "REJECTED";
    public const string Removed = "REMOVED";
    public const string Canceled = "CANCELED";

    public static readonly IReadOnlyList<string> All =
        new[] { Queued, InProgress, Succeeded, Failed, TimedOut, Rejected, Removed, Canceled };

    public static bool IsValid(string s) => All.Contains(s);

    public static bool IsTerminal(string s) => s is Succeeded or Failed or TimedOut or Rejected or Removed or Canceled;
}
