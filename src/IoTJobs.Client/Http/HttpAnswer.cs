using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace IoTJobs.Client.Http
{
    /// <summary>One HTTP answer as the pipeline classifies it: status, headers (first value of each) and the whole body.</summary>
    internal sealed class HttpAnswer
    {
        private readonly Dictionary<string, string> _headers;

        private HttpAnswer(int status, string? reason, string? contentType, byte[] body, Dictionary<string, string> headers)
        {
            Status = status;
            Reason = reason;
            ContentType = contentType;
            Body = body;
            _headers = headers;
        }

        public int Status { get; }
        public string? Reason { get; }
        /// <summary>The media type of the body (no parameters), or null.</summary>
        public string? ContentType { get; }
        public byte[] Body { get; }
        public bool IsSuccess => Status >= 200 && Status < 300;

        public string? Header(string name) => _headers.TryGetValue(name, out var v) ? v : null;

        public static HttpAnswer From(HttpResponseMessage response, byte[] body)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers) headers[h.Key] = h.Value.FirstOrDefault() ?? "";
            if (response.Content != null)
                foreach (var h in response.Content.Headers) if (!headers.ContainsKey(h.Key)) headers[h.Key] = h.Value.FirstOrDefault() ?? "";
            return new HttpAnswer((int)response.StatusCode, response.ReasonPhrase, response.Content?.Headers.ContentType?.MediaType, body, headers);
        }
    }
}
