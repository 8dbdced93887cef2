using System.Net.Http.Headers;

namespace IoTJobs.TestSupport.Http;

/// <summary>
/// A loopback reverse proxy (a <see cref="ScriptedServer"/>) in front of the emulator that forwards every request
/// unchanged (the SigV4 signature covers the Host header, which is passed through) and, for the first N requests matching
/// a predicate, lets the emulator apply the request and then drops the connection instead of answering: the client sees
/// a lost response for a request that did take effect, the case a non-idempotent cancel must resolve by reading the state.
/// </summary>
public sealed class ResponseDroppingProxy : IAsyncDisposable
{
    // Set by the transport, never copied from one hop to the next.
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive",
    };

    private readonly ScriptedServer _server;
    private readonly HttpClient _upstream;
    private readonly Func<RecordedRequest, bool> _match;
    private int _toDrop;
    private int _dropped;

    private ResponseDroppingProxy(Uri upstream, int drop, Func<RecordedRequest, bool> match)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = upstream };
        _toDrop = drop;
        _match = match;
        _server = ScriptedServer.Start((request, _) => ForwardAsync(request));
    }

    public static ResponseDroppingProxy Start(Uri upstream, int drop, Func<RecordedRequest, bool> match) => new(upstream, drop, match);

    public string Endpoint => _server.Endpoint;
    /// <summary>Responses dropped so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);
    /// <summary>Requests forwarded so far (any outcome).</summary>
    public int Requests => _server.Count;

    private async Task<Reply> ForwardAsync(RecordedRequest request)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Target);
        if (request.Body.Length > 0 || request.Header("Content-Length") is { } length && length != "0") forward.Content = new ByteArrayContent(request.Body);
        foreach (var (name, value) in request.HeaderList)
        {
            if (HopHeaders.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, value)) forward.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        forward.Headers.Host = request.Header("Host");

        using var response = await _upstream.SendAsync(forward);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (_match(request) && Interlocked.Decrement(ref _toDrop) >= 0)
        {
            Interlocked.Increment(ref _dropped);
            return Reply.Drop(); // the emulator has applied it; the client never hears back
        }
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !HopHeaders.Contains(h.Key) && !string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => (h.Key, v))).ToArray();
        return new HttpReply((int)response.StatusCode, ContentTypeOf(response.Content.Headers), body, headers);
    }

    private static string ContentTypeOf(HttpContentHeaders headers) => headers.ContentType?.ToString() ?? "";

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _upstream.Dispose();
    }
}
