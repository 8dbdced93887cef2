using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// A loopback reverse proxy in front of the emulator that forwards every request unchanged (the SigV4 signature
    /// covers the Host header, which is passed through) and, for the first N requests matching a predicate, lets the
    /// emulator apply the request and then drops the connection instead of answering: the client sees a lost response
    /// for a request that did take effect, the case a non-idempotent cancel must resolve by reading the state.
    /// </summary>
    public sealed class ResponseDroppingProxy : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _upstream;
        private int _toDrop;

        private ResponseDroppingProxy(WebApplication app, HttpClient upstream, int drop, Func<HttpRequest, bool> match, Uri address)
        {
            _app = app;
            _upstream = upstream;
            _toDrop = drop;
            Match = match;
            BaseAddress = address;
        }

        public Uri BaseAddress { get; }
        public string Endpoint => BaseAddress.ToString().TrimEnd('/');
        private Func<HttpRequest, bool> Match { get; }
        /// <summary>Responses dropped so far.</summary>
        public int Dropped;
        /// <summary>Requests forwarded so far (any outcome).</summary>
        public int Requests;

        public static async Task<ResponseDroppingProxy> StartAsync(Uri upstream, int drop, Func<HttpRequest, bool> match)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = upstream };
            ResponseDroppingProxy? proxy = null;
            ((IApplicationBuilder)app).Run(ctx => proxy!.HandleAsync(ctx));
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            proxy = new ResponseDroppingProxy(app, client, drop, match, new Uri($"http://127.0.0.1:{address.Port}/"));
            return proxy;
        }

        private async Task HandleAsync(HttpContext ctx)
        {
            Interlocked.Increment(ref Requests);
            var target = ctx.Request.Path.ToUriComponent() + ctx.Request.QueryString.ToUriComponent();
            var raw = ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
            if (!string.IsNullOrEmpty(raw)) target = raw!;
            using var forward = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), target);
            var body = new System.IO.MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            if (body.Length > 0 || ctx.Request.ContentLength is > 0)
            {
                forward.Content = new ByteArrayContent(body.ToArray());
            }
            foreach (var h in ctx.Request.Headers)
            {
                if (string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)) continue;
                if (!forward.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray()))
                {
                    forward.Content?.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray());
                }
            }
            forward.Headers.Host = ctx.Request.Host.Value;

            using var response = await _upstream.SendAsync(forward, ctx.RequestAborted);
            var responseBody = await response.Content.ReadAsByteArrayAsync();

            if (Match(ctx.Request) && Interlocked.Decrement(ref _toDrop) >= 0)
            {
                Interlocked.Increment(ref Dropped);
                ctx.Abort(); // the emulator has applied it; the client never hears back
                return;
            }

            ctx.Response.StatusCode = (int)response.StatusCode;
            foreach (var h in response.Headers) ctx.Response.Headers[h.Key] = h.Value.ToArray();
            foreach (var h in response.Content.Headers) ctx.Response.Headers[h.Key] = h.Value.ToArray();
            ctx.Response.Headers.Remove("transfer-encoding");
            await ctx.Response.Body.WriteAsync(responseBody);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _upstream.Dispose();
        }
    }
}
