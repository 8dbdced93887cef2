using System.Net.Sockets;

namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Sends one attempt over the client's single HttpClient within the per-attempt timeout and reads the whole answer.
    /// A timeout or a dropped connection comes back as a <see cref="Failure"/>; the caller's cancellation is thrown.
    /// </summary>
    internal sealed class HttpTransport : IDisposable
    {
        private static readonly string UserAgent = "IoTJobs.Client/" + (typeof(HttpTransport).Assembly.GetName().Version?.ToString(3) ?? "0");

        private readonly HttpClient _http;
        private readonly TimeSpan _timeout;
        private readonly IClock _clock;
        private readonly RequestLog _log;

        /// <param name="handler">The caller's transport (not disposed here), or null for a handler of our own.</param>
        public HttpTransport(HttpMessageHandler? handler, TimeSpan timeout, IClock clock, RequestLog log)
        {
            _timeout = timeout;
            _clock = clock;
            _log = log;
            _http = handler != null
                ? new HttpClient(handler, disposeHandler: false)
                : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }, disposeHandler: true);
            // Per-attempt timeouts are ours (so a timeout is distinguishable from user cancellation).
            _http.Timeout = Timeout.InfiniteTimeSpan;
            // .NET Framework adds Expect: 100-continue to PUTs by default; the service doesn't need the extra round trip.
            _http.DefaultRequestHeaders.ExpectContinue = false;
            _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        /// <summary>Sends <paramref name="message"/> (and disposes it) as attempt <paramref name="attempt"/> of <paramref name="request"/>.</summary>
        /// <param name="started">When the attempt began (before its credentials were resolved): its logged and service time count from there.</param>
        public async Task<AttemptResult> SendAsync(ApiRequest request, HttpRequestMessage message, int attempt, int maxAttempts, TimeSpan started,
            CancellationToken cancellationToken)
        {
            using var _ = message;
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_timeout != Timeout.InfiniteTimeSpan) _clock.CancelAfter(attemptCts, _timeout);
            try
            {
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
                var body = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                Log(request, $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), attempt, maxAttempts, started);
                return new AttemptResult(HttpAnswer.From(response, body), null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Log(request, "canceled", attempt, maxAttempts, started);
                throw new OperationCanceledException($"{request.Operation} was canceled.", cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Not the caller's token: our per-attempt timeout fired.
                Log(request, ErrorCodes.RequestTimeout, attempt, maxAttempts, started);
                return new AttemptResult(null, new Failure
                {
                    Code = ErrorCodes.RequestTimeout,
                    Message = $"{request.Operation} failed: {ErrorCodes.RequestTimeout}: no response from {request.Uri.Authority} within " +
                              $"{_timeout.TotalSeconds:0.###} s (the request may or may not have been processed).",
                });
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is SocketException)
            {
                Log(request, ErrorCodes.ConnectionFailure, attempt, maxAttempts, started);
                return new AttemptResult(null, new Failure
                {
                    Code = ErrorCodes.ConnectionFailure,
                    Message = $"{request.Operation} failed: {ErrorCodes.ConnectionFailure}: the connection to {request.Uri.Authority} failed or was dropped ({Describe(ex)}).",
                });
            }
            finally
            {
                // The time with the service, for callers sizing their concurrency; waits before and after are left out.
                ServiceTimer.Add(_clock.Elapsed - started);
            }
        }

        private void Log(ApiRequest request, string outcome, int attempt, int maxAttempts, TimeSpan started) =>
            _log.Attempt(request.Method, request.PathAndQuery, outcome, attempt, maxAttempts, _clock.Elapsed - started);

        /// <summary>The exception chain as type names and messages; none of them carries a secret.</summary>
        private static string Describe(Exception ex)
        {
            var parts = new List<string>();
            for (var e = ex; e != null && parts.Count < 4; e = e.InnerException)
                parts.Add($"{e.GetType().Name}: {e.Message}");
            return string.Join(" -> ", parts);
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>What one attempt came back with: an answer, or a failure without one.</summary>
    internal readonly struct AttemptResult(HttpAnswer? answer, Failure? failure)
    {
        public HttpAnswer? Answer { get; } = answer;
        public Failure? Failure { get; } = failure;
    }
}
