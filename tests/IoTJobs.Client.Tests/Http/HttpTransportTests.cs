using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Http;

/// <summary>
/// One attempt on the wire: dropped and refused connections, the per-attempt timeout (driven by a fake clock), the
/// caller's cancellation, and transport security (certificate validation is never turned off; a self-signed
/// loopback server is refused before any request is sent).
/// </summary>
public class HttpTransportTests
{
    private static Task Describe(IoTJobsClient c, CancellationToken ct = default) => c.DescribeJobAsync("j1", ct);

    // PUT is used for dropped connections: .NET's SocketsHttpHandler itself silently resends a body-less GET whose
    // connection died before any response byte, which would blur the count of the client's own attempts.
    private static Task Cancel(IoTJobsClient c, CancellationToken ct = default) =>
        c.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "t", JobId = "j" }, ct);

    [Fact]
    public async Task DroppedConnection_IsRetried_ThenSucceeds()
    {
        var log = new List<string>();
        await using var server = ScriptedServer.Start(Reply.Drop(), Reply.Ok());
        using var client = TestClients.For(server, log: log);
        await Cancel(client);
        Assert.Equal(2, server.Count);
        Assert.Contains("ConnectionFailure (attempt 1/3", log[0]);
        Assert.Contains("200 OK (attempt 2/3", log[1]);
    }

    [Fact]
    public async Task DroppedConnections_Exhausted_ConnectionFailureWithAttempts()
    {
        await using var server = ScriptedServer.Start(Reply.Drop());
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Cancel(client));
        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Equal(0, ex.StatusCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, server.Count);
        Assert.True(ex.PreviousAttemptOutcomeUnknown);
        Assert.Contains("CancelJobExecution", ex.Message);
    }

    [Fact]
    public async Task DroppedConnection_Get_IsStillRecoveredAndReported()
    {
        await using var server = ScriptedServer.Start(Reply.Drop());
        using var client = TestClients.For(server, o => o.MaxAttempts = 2);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
    }

    [Fact]
    public async Task ConnectionRefused_IsConnectionFailure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        using var client = IoTJobsClient.Create(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = $"http://127.0.0.1:{port}", AccessKey = TestClients.AccessKey, SecretKey = TestClients.SecretKey,
            MaxAttempts = 2, Clock = new FakeClock(),
        });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
    }

    [Fact]
    public async Task PerAttemptTimeout_IsRetried_ThenSucceeds()
    {
        // The first request gets no answer; the fake clock passes the 1 s timeout while the server holds it.
        FakeClock? clock = null;
        await using var server = ScriptedServer.Start((_, i) =>
        {
            if (i > 0) return Reply.Ok();
            clock!.Advance(TimeSpan.FromSeconds(1));
            return Reply.After(TimeSpan.FromSeconds(30), Reply.Ok());
        });
        var log = new List<string>();
        using var client = TestClients.For(server, out clock, o => o.RequestTimeout = TimeSpan.FromSeconds(1), log);
        await Describe(client);
        Assert.Equal(2, server.Count);
        Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }, clock.Timeouts);
        Assert.StartsWith("GET /jobs/j1 -> RequestTimeout (attempt 1/3", log[0]);
        Assert.StartsWith("GET /jobs/j1 -> 200 OK (attempt 2/3", log[1]);
    }

    [Fact]
    public async Task AllAttemptsTimeOut_RequestTimeoutError()
    {
        FakeClock? clock = null;
        await using var server = ScriptedServer.Start((_, _) =>
        {
            clock!.Advance(TimeSpan.FromMilliseconds(200));
            return Reply.After(TimeSpan.FromSeconds(30), Reply.Ok());
        });
        using var client = TestClients.For(server, out clock, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.MaxAttempts = 2; });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Describe(client));
        Assert.Equal(ErrorCodes.RequestTimeout, ex.ErrorCode);
        Assert.Equal(2, ex.Attempts);
        Assert.True(ex.PreviousAttemptOutcomeUnknown);
        Assert.Contains("0.2 s", ex.Message);
    }

    [Fact]
    public async Task UserCancellation_DuringRequest_EndsTheCallBeforeAnyAnswer_NotRetried()
    {
        // The server answers only after the test has seen the call end: the cancellation, not an answer, ended it.
        var release = new TaskCompletionSource();
        var received = new TaskCompletionSource();
        await using var server = ScriptedServer.Start((_, _) =>
        {
            received.TrySetResult();
            release.Task.Wait(TimeSpan.FromSeconds(30));
            return Reply.Ok("{\"job\":{}}");
        });
        var log = new List<string>();
        using var client = TestClients.For(server, log: log);
        using var cts = new CancellationTokenSource();
        var task = Describe(client, cts.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        release.SetResult();
        Assert.Equal("DescribeJob was canceled.", ex.Message);
        Assert.Equal(1, server.Count);
        Assert.StartsWith("GET /jobs/j1 -> canceled (attempt 1/3", Assert.Single(log));
    }

    [Fact]
    public async Task AlreadyCanceledToken_SendsNothing()
    {
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Describe(client, new CancellationToken(true)));
        Assert.Equal(0, server.Count);
    }

    private static string RepoRoot() => IoTJobs.TestSupport.Repository.Root;

    [Fact]
    public void No_product_source_disables_or_overrides_certificate_validation()
    {
        var forbidden = new Regex(
            @"ServerCertificateCustomValidationCallback|DangerousAcceptAnyServerCertificateValidator|ServerCertificateValidationCallback|" +
            @"RemoteCertificateValidationCallback|CheckCertificateRevocationList\s*=\s*false|SslProtocols\.None|" +
            @"CertificateValidation\s*=|AllowUnsafe|TrustAllCertificates|SkipCertificate", RegexOptions.IgnoreCase);
        var files = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.True(files.Count > 20, "the scan must see the product sources");
        var hits = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => forbidden.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepoRoot(), x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "certificate validation must never be overridden:\n" + string.Join("\n", hits));
    }

    [Fact]
    public async Task A_self_signed_https_endpoint_on_loopback_is_refused_and_no_request_is_sent()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        using var created = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var cert = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        int handshakes = 0, requestsRead = 0;
        using var cts = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await listener.AcceptTcpClientAsync(cts.Token); } catch { return; }
                using (c)
                using (var ssl = new SslStream(c.GetStream()))
                {
                    Interlocked.Increment(ref handshakes);
                    try
                    {
                        await ssl.AuthenticateAsServerAsync(cert);
                        var buf = new byte[1024];
                        if (await ssl.ReadAsync(buf) > 0) Interlocked.Increment(ref requestsRead);
                    }
                    catch { /* the client refused our certificate */ }
                }
            }
        });

        using var client = IoTJobsClient.Create(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = $"https://127.0.0.1:{port}", AccessKey = "AKIDTLS", SecretKey = "tls-test-secret-key-0001",
            MaxAttempts = 2, Clock = new FakeClock(),
        });
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => client.DescribeJobAsync("j1"));
        cts.Cancel();
        listener.Stop();
        await server;

        Assert.Equal(ErrorCodes.ConnectionFailure, ex.ErrorCode);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.Matches("SSL|certificate|Authentication", ex.Message);
        Assert.True(handshakes >= 1, "the client did reach the server");
        Assert.Equal(0, requestsRead);
        Assert.DoesNotContain("tls-test-secret-key-0001", ex.ToString());
    }
}
