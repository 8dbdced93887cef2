using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests;

/// <summary>
/// Transport security: certificate validation is never turned off anywhere in the product (source scan), a loopback
/// https server with a self-signed certificate is refused before any request is sent, and plain http is used only
/// when an endpoint says so explicitly (the derived endpoint is always https).
/// </summary>
[Collection("Environment")]
public class SecurityTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "IoTJobs.PowerShell.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

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
            MaxAttempts = 2, RetryStrategy = new StandardRetryStrategy(2, baseDelay: TimeSpan.FromMilliseconds(5)),
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

    [Theory]
    [InlineData("us-east-1", "https://iot.us-east-1.amazonaws.com/")]
    [InlineData("eu-west-1", "https://iot.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://iot.cn-north-1.amazonaws.com.cn/")]
    [InlineData("xy-newplace-7", "https://iot.xy-newplace-7.amazonaws.com/")]
    public void The_derived_endpoint_is_always_https(string region, string expected)
    {
        using var env = new EnvScope();
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Region = region, AccessKey = "AKID", SecretKey = "secret-key-0001" });
        Assert.Equal(expected, s.Endpoint.ToString());
        Assert.Equal(Uri.UriSchemeHttps, s.Endpoint.Scheme);
    }

    [Fact]
    public void Plain_http_comes_only_from_an_explicit_endpoint_and_keeps_its_scheme()
    {
        using var env = new EnvScope();
        var s = ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1", EndpointUrl = "http://127.0.0.1:5000", AccessKey = "AKID", SecretKey = "secret-key-0001" });
        Assert.Equal("http://127.0.0.1:5000/", s.Endpoint.ToString());
        Assert.Equal("parameter", s.EndpointSource);
    }
}
