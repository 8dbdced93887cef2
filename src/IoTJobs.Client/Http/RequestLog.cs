namespace IoTJobs.Client.Http
{
    /// <summary>The caller's log sink (ClientOptions.Log): a line per attempt and per retry decision. It never receives a secret.</summary>
    internal sealed class RequestLog
    {
        private readonly Action<string>? _sink;

        public RequestLog(Action<string>? sink) => _sink = sink;

        public void Line(string text)
        {
            if (_sink == null) return;
            try
            {
                _sink(text);
            }
            catch (Exception)
            {
                // A failing log sink must not fail the request.
            }
        }

        public void Attempt(HttpMethod method, string pathAndQuery, string outcome, int attempt, int maxAttempts, TimeSpan elapsed)
        {
            if (_sink == null) return;
            Line($"{method.Method} {pathAndQuery} -> {outcome} (attempt {attempt}/{maxAttempts}, {(long)elapsed.TotalMilliseconds} ms)");
        }
    }
}
