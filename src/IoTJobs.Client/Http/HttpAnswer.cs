namespace IoTJobs.Client.Http
{
    /// <summary>One HTTP answer as the pipeline classifies it: status, headers (first value of each) and the whole body.</summary>
    internal sealed class HttpAnswer(int status, string? reason, string? contentType, byte[] body, Dictionary<string, string> headers)
    {
        public int Status { get; } = status;
        public string? Reason { get; } = reason;
        /// <summary>The media type of the body (no parameters), or null.</summary>
        public string? ContentType { get; } = contentType;
        public byte[] Body { get; } = body;
        public bool IsSuccess => Status >= 200 && Status < 300;

        public string? Header(string name) => headers.TryGetValue(name, out var v) ? v : null;

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
