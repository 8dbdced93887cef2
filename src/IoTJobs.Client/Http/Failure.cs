namespace IoTJobs.Client.Http
{
    /// <summary>A failed attempt (an error answer, a timeout or a dropped connection), before it becomes an <see cref="IoTServiceException"/>.</summary>
    internal sealed class Failure
    {
        public string Code = "";
        /// <summary>HTTP status; 0 when no answer arrived.</summary>
        public int Status;
        /// <summary>"{operation} failed: {code}: {what happened}".</summary>
        public string Message = "";
        public string? ServiceMessage;
        public string? RequestId;
        /// <summary>The answer's Date header: the service's clock, for clock-skew correction.</summary>
        public string? DateHeader;
        public IReadOnlyDictionary<string, string>? Extra;
    }
}
