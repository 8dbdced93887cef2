namespace IoTJobs.Client.Http
{
    /// <summary>One API call as an operation hands it to the <see cref="RequestPipeline"/>; every attempt is built from it.</summary>
    internal sealed class ApiRequest(string operation, string rateKey, HttpMethod method, Uri uri, string pathAndQuery, string signingService,
        IErrorReader errors, byte[]? body = null, string? contentType = null)
    {
        /// <summary>The API operation, for messages and logs (e.g. CancelJobExecution).</summary>
        public string Operation { get; } = operation;
        /// <summary>The adaptive rate limiter that paces it: one per operation.</summary>
        public string RateKey { get; } = rateKey;
        public HttpMethod Method { get; } = method;
        public Uri Uri { get; } = uri;
        /// <summary>The path and query below the endpoint, as the log shows it (/things/a%3Ab/jobs?force=true).</summary>
        public string PathAndQuery { get; } = pathAndQuery;
        /// <summary>The SigV4 credential-scope service name (iot, sts).</summary>
        public string SigningService { get; } = signingService;
        public IErrorReader Errors { get; } = errors;
        /// <summary>Null: no body and no Content-Type.</summary>
        public byte[]? Body { get; } = body;
        public string? ContentType { get; } = contentType;
    }
}
