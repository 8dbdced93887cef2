using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>A scripted answer: status, content type and body bytes; null from the script drops the connection.</summary>
    public sealed record ScriptedReply(int Status, string ContentType, byte[] Body)
    {
        public static ScriptedReply Json(int status, string body) => new(status, "application/json", Encoding.UTF8.GetBytes(body));
        public static ScriptedReply Text(int status, string contentType, string body) => new(status, contentType, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// A minimal HTTP/1.1 server on 127.0.0.1 (port 0) that answers each request from a script (method, raw target) with
    /// whatever bytes a broken or foreign server might send: HTML, truncated JSON, an empty body, unknown values, huge
    /// pages. One request per connection (Connection: close). Copied in spirit from the client tests' FakeServer.
    /// </summary>
    public sealed class BadInputServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<string, string, ScriptedReply?> _script;
        private readonly CancellationTokenSource _cts = new();
        private readonly Task _accept;
        private int _count;

        public BadInputServer(Func<string, string, ScriptedReply?> script)
        {
            _script = script;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _accept = Task.Run(AcceptLoop);
        }

        public string Endpoint { get; }
        public int Count => Volatile.Read(ref _count);
        public ConcurrentQueue<string> Targets { get; } = new();

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
                var buf = new List<byte>();
                var one = new byte[8192];
                int headEnd = -1;
                while (headEnd < 0)
                {
                    int n = await stream.ReadAsync(one, _cts.Token);
                    if (n == 0) return;
                    buf.AddRange(one.Take(n));
                    headEnd = Find(buf, "\r\n\r\n");
                }
                var head = Encoding.ASCII.GetString(buf.GetRange(0, headEnd).ToArray()).Split("\r\n");
                var first = head[0].Split(' ');
                int length = head.Skip(1).Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l.Substring(15).Trim())).FirstOrDefault();
                int have = buf.Count - headEnd - 4;
                while (have < length)
                {
                    int n = await stream.ReadAsync(one, _cts.Token);
                    if (n == 0) break;
                    have += n;
                }
                Interlocked.Increment(ref _count);
                Targets.Enqueue(first[0] + " " + first[1]);
                var reply = _script(first[0], first[1]);
                if (reply == null)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // RST: no answer at all
                    return;
                }
                var header = $"HTTP/1.1 {reply.Status} X\r\nContent-Type: {reply.ContentType}\r\nContent-Length: {reply.Body.Length}\r\nx-amzn-RequestId: scripted-{_count}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _cts.Token);
                await stream.WriteAsync(reply.Body, _cts.Token);
                await stream.FlushAsync(_cts.Token);
            }
            catch
            {
                // The client went away: nothing to answer.
            }
        }

        private static int Find(List<byte> data, string marker)
        {
            var m = Encoding.ASCII.GetBytes(marker);
            for (int i = 0; i + m.Length <= data.Count; i++)
            {
                int j = 0;
                while (j < m.Length && data[i + j] == m[j]) j++;
                if (j == m.Length) return i;
            }
            return -1;
        }

        public async ValueTask DisposeAsync()
        {
            _cts.Cancel();
            _listener.Stop();
            try { await _accept; } catch { }
        }
    }
}
