using System;
using System.Net.Http;

namespace IoTJobs.Client.Http
{
    /// <summary>One API call as an operation hands it to the <see cref="RequestPipeline"/>; every attempt is built from it.</summary>
    internal sealed class ApiRequest
    {
        public ApiRequest(string operation, string rateKey, HttpMethod method, Uri uri, string pathAndQuery, string signingService,
            IErrorReader errors, byte[]? body = null, string? contentType = null)
        {
            Operation = operation;
            RateKey = rateKey;
            Method = method;
            Uri = uri;
            PathAndQuery = pathAndQuery;
            SigningService = signingService;
            Errors = errors;
            Body = body;
            ContentType = contentType;
        }

        /// <summary>The API operation, for messages and logs (e.g. CancelJobExecution).</summary>
        public string Operation { get; }
        /// <summary>The adaptive rate limiter that paces it: one per operation.</summary>
        public string RateKey { get; }
        public HttpMethod Method { get; }
        public Uri Uri { get; }
        /// <summary>The path and query below the endpoint, as the log shows it (/things/a%3Ab/jobs?force=true).</summary>
        public string PathAndQuery { get; }
        /// <summary>The SigV4 credential-scope service name (iot, sts).</summary>
        public string SigningService { get; }
        public IErrorReader Errors { get; }
        /// <summary>Null: no body and no Content-Type.</summary>
        public byte[]? Body { get; }
        public string? ContentType { get; }
    }
}
