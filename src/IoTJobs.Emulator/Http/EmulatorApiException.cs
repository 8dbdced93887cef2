namespace IoTJobs.Emulator.Http;

/// <summary>An AWS-style error: HTTP status, error code (x-amzn-ErrorType) and message, plus optional extra body fields.</summary>
public sealed class EmulatorApiException : Exception
{
    public EmulatorApiException(int statusCode, string errorCode, string message,
        Action<System.Text.Json.Utf8JsonWriter>? extraFields = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ExtraFields = extraFields;
    }

    public int StatusCode { get; }
    public string ErrorCode { get; }

    /// <summary>Writes extra members into the error body (e.g. executionState for VersionConflictException).</summary>
    internal Action<System.Text.Json.Utf8JsonWriter>? ExtraFields { get; }

    internal static EmulatorApiException InvalidRequest(string message) => new(400, "InvalidRequestException", message);
    internal static EmulatorApiException NotFound(string message) => new(404, "ResourceNotFoundException", message);
    internal static EmulatorApiException InvalidState(string message) => new(409, "InvalidStateTransitionException", message);
}
