using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>One request as the fake transport received it.</summary>
public sealed record SentRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// An in-process transport for pipeline unit tests: each request is answered by a script (zero-based index, the
/// attempt's token) and recorded with its headers and body. No socket is opened.
/// </summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly Func<SentRequest, int, CancellationToken, Task<HttpResponseMessage>> _script;
    private readonly ConcurrentQueue<SentRequest> _sent = new();
    private int _count;

    public FakeHandler(Func<SentRequest, int, CancellationToken, Task<HttpResponseMessage>> script) => _script = script;

    /// <summary>Answers in order; the last answer repeats.</summary>
    public static FakeHandler Answers(params Func<HttpResponseMessage>[] answers) =>
        new((_, i, _) => Task.FromResult(answers[Math.Min(i, answers.Length - 1)]()));

    public IReadOnlyList<SentRequest> Sent => _sent.ToArray();
    public int Count => Volatile.Read(ref _count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers) headers[h.Key] = string.Join(",", h.Value);
        byte[] body = Array.Empty<byte>();
        if (request.Content != null)
        {
            foreach (var h in request.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        var sent = new SentRequest(request.Method, request.RequestUri!, headers, body);
        _sent.Enqueue(sent);
        int index = Interlocked.Increment(ref _count) - 1;
        return await _script(sent, index, cancellationToken);
    }

    public static HttpResponseMessage Json(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    public static HttpResponseMessage Ok(string body = "{}") => Json(200, body);

    public static HttpResponseMessage Error(int status, string code, string message, params (string Name, string Value)[] headers) =>
        Json(status, $"{{\"message\":\"{message}\"}}", headers.Prepend(("x-amzn-ErrorType", code)).ToArray());

    /// <summary>No answer until the attempt's token is canceled (a timeout or the caller).</summary>
    public static async Task<HttpResponseMessage> Hang(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("not reached");
    }

    /// <summary>What SocketsHttpHandler throws for a connection reset before any response byte.</summary>
    public static HttpRequestException Dropped() =>
        new("An error occurred while sending the request.", new IOException("Unable to read data from the transport connection: Connection reset by peer."));
}
