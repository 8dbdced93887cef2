using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IoTJobs.TestSupport.Http;

/// <summary>One HTTP request exactly as it arrived on the socket.</summary>
public sealed class RecordedRequest
{
    public string Method { get; init; } = "";
    /// <summary>The request target as sent (raw, still percent-encoded), e.g. /things/a%3Ab/jobs?force=true.</summary>
    public string Target { get; init; } = "";
    public string RawPath => Target.Split('?')[0];
    public string RawQuery => Target.Contains('?') ? Target[(Target.IndexOf('?') + 1)..] : "";
    public List<KeyValuePair<string, string>> HeaderList { get; init; } = new();
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string RawHead { get; init; } = "";

    public string? Header(string name) =>
        HeaderList.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public Dictionary<string, string> QueryParams() => RawQuery.Length == 0 ? new()
        : RawQuery.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
}

/// <summary>A scripted answer: a response, a dropped connection, or a delay before another answer.</summary>
public abstract record Reply
{
    public static Reply Json(int status, string body, params (string, string)[] headers) => new HttpReply(status, "application/json", Encoding.UTF8.GetBytes(body), headers);
    public static Reply Ok(string body = "{}") => Json(200, body);
    public static Reply Raw(int status, string contentType, string body, params (string, string)[] headers) => new HttpReply(status, contentType, Encoding.UTF8.GetBytes(body), headers);
    public static Reply Error(int status, string code, string message, params (string, string)[] extraHeaders) =>
        new HttpReply(status, "application/json", Encoding.UTF8.GetBytes($"{{\"message\":\"{message}\"}}"),
            extraHeaders.Prepend(("x-amzn-ErrorType", code)).Prepend(("x-amzn-RequestId", "req-" + code)).ToArray());
    public static Reply Drop() => new DropReply();
    public static Reply After(TimeSpan delay, Reply then) => new DelayReply(delay, then);
}
public sealed record HttpReply(int Status, string ContentType, byte[] Body, (string, string)[] Headers) : Reply;
public sealed record DropReply : Reply;
public sealed record DelayReply(TimeSpan Delay, Reply Then) : Reply;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (port 0) that records raw requests and answers from a script. One request per
/// connection (Connection: close), so a dropped connection is unambiguous. It writes exactly the scripted bytes: a
/// framework server (Kestrel) would add headers of its own, a Date among them, which clock-skew tests must leave out.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RecordedRequest, int, Task<Reply>> _script;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _accept;
    private int _count;

    private ScriptedServer(Func<RecordedRequest, int, Task<Reply>> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accept = Task.Run(AcceptLoop);
    }

    /// <summary>script(request, zeroBasedIndex) decides each answer.</summary>
    public static ScriptedServer Start(Func<RecordedRequest, int, Reply> script) => new((r, i) => Task.FromResult(script(r, i)));
    public static ScriptedServer Start(params Reply[] replies) => Start((_, i) => replies[Math.Min(i, replies.Length - 1)]);
    /// <summary>An answer that needs awaiting (a proxy asking its upstream).</summary>
    public static ScriptedServer Start(Func<RecordedRequest, int, Task<Reply>> script) => new(script);

    public Uri BaseAddress { get; }
    /// <summary>http://127.0.0.1:port, the form -EndpointUrl and $PSDefaultParameterValues take.</summary>
    public string Endpoint => BaseAddress.ToString().TrimEnd('/');
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();
    public int Count => Volatile.Read(ref _count);
    public RecordedRequest Last => Requests[^1];

    private async Task AcceptLoop()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_cts.Token); }
            catch { return; }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var req = await ReadRequest(stream);
            if (req == null) return;
            int index = Interlocked.Increment(ref _count) - 1;
            _requests.Enqueue(req);
            var reply = await _script(req, index);
            while (reply is DelayReply d)
            {
                await Task.Delay(d.Delay, _cts.Token);
                reply = d.Then;
            }
            if (reply is DropReply)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST: the response never comes
                return;
            }
            var r = (HttpReply)reply;
            var sb = new StringBuilder();
            sb.Append($"HTTP/1.1 {r.Status} {Reason(r.Status)}\r\n");
            if (r.ContentType.Length > 0) sb.Append($"Content-Type: {r.ContentType}\r\n");
            sb.Append($"Content-Length: {r.Body.Length}\r\nConnection: close\r\n");
            foreach (var (k, v) in r.Headers) sb.Append($"{k}: {v}\r\n");
            sb.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
            await stream.WriteAsync(r.Body);
            await stream.FlushAsync();
        }
        catch
        {
            // The client went away (timeout/cancel tests): nothing to answer.
        }
    }

    private static async Task<RecordedRequest?> ReadRequest(NetworkStream stream)
    {
        var buf = new List<byte>();
        var one = new byte[4096];
        int headEnd = -1;
        while (headEnd < 0)
        {
            int n = await stream.ReadAsync(one);
            if (n == 0) return null;
            buf.AddRange(one.AsSpan(0, n).ToArray());
            headEnd = IndexOf(buf, "\r\n\r\n"u8.ToArray());
        }
        var head = Encoding.ASCII.GetString(buf.GetRange(0, headEnd).ToArray());
        var lines = head.Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => { int c = l.IndexOf(':'); return new KeyValuePair<string, string>(l[..c].Trim(), l[(c + 1)..].Trim()); }).ToList();
        int length = int.Parse(headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value ?? "0");
        var body = buf.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            int n = await stream.ReadAsync(one);
            if (n == 0) break;
            body.AddRange(one.AsSpan(0, n).ToArray());
        }
        return new RecordedRequest { Method = first[0], Target = first[1], HeaderList = headers, Body = body.Take(length).ToArray(), RawHead = head };
    }

    private static int IndexOf(List<byte> hay, byte[] needle)
    {
        for (int i = 0; i <= hay.Count - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 409 => "Conflict",
        410 => "Gone", 429 => "Too Many Requests", 500 => "Internal Server Error", 502 => "Bad Gateway", 503 => "Service Unavailable",
        504 => "Gateway Timeout", _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _listener.Stop();
        try { await _accept; } catch { }
        _cts.Dispose();
    }
}
