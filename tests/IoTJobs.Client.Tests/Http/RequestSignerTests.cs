using System.Text.Json;
using Amazon.Runtime;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Http;

/// <summary>SigV4 as a server sees it: recomputed independently from the received bytes, and by botocore.</summary>
public class RequestSignerTests
{
    private static string SignatureOf(RecordedRequest r) => SigV4Reference.ParseAuthorization(r.Header("Authorization")!).Signature;

    [Fact]
    public async Task Signature_MatchesReference_WithDoubleEncodedCanonicalPath()
    {
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { ThingName = "dev:colon_1", JobId = "job-colon", Force = true, ExpectedVersion = 7 });
        var r = server.Last;
        Assert.Contains("/things/dev%253Acolon_1/jobs/job-colon/cancel", SigV4Reference.CanonicalRequest(r, SigV4Reference.ParseAuthorization(r.Header("Authorization")!).SignedHeaders));
        Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey, doubleEncodePath: true), SignatureOf(r));
        // Negative control: the S3-style (single-encoded) canonical path gives a different signature, so the check above is meaningful.
        Assert.NotEqual(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey, doubleEncodePath: false), SignatureOf(r));
    }

    [Fact]
    public async Task Signature_MatchesReference_ForQueryWithReservedCharacters()
    {
        const string token = "abc+/=def ghi";
        await using var server = ScriptedServer.Start((_, i) => i == 0 ? Reply.Ok($"{{\"things\":[{{\"thingName\":\"a\"}}],\"nextToken\":{JsonSerializer.Serialize(token)}}}") : Reply.Ok("{\"things\":[]}"));
        using var client = TestClients.For(server);
        await foreach (var _ in client.ListThingsAsync(new ListThingsRequest { AttributeName = "k", AttributeValue = "v:1", PageSize = 10 })) { }
        Assert.Equal(2, server.Count);
        var second = server.Requests[1];
        Assert.Equal(token, second.QueryParams()["nextToken"]);
        Assert.All(server.Requests, r => Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey), SignatureOf(r)));
    }

    [Fact]
    public async Task WrongSecret_DoesNotVerify()
    {
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server);
        await client.DescribeJobAsync("j1");
        Assert.NotEqual(SigV4Reference.ExpectedSignature(server.Last, TestClients.SecretKey + "x"), SignatureOf(server.Last));
    }

    [Fact]
    public async Task EveryAttempt_IsSignedAfresh_WithCurrentRefreshedCredentials()
    {
        var creds = new RotatingCredentials();
        await using var server = ScriptedServer.Start(Reply.Error(503, "ServiceUnavailableException", "busy"), Reply.Ok());
        using var client = TestClients.For(server, o => { o.AccessKey = null; o.SecretKey = null; o.Credentials = creds; });
        await client.DescribeJobAsync("j1");
        Assert.Equal(2, server.Count);
        var a1 = SigV4Reference.ParseAuthorization(server.Requests[0].Header("Authorization")!);
        var a2 = SigV4Reference.ParseAuthorization(server.Requests[1].Header("Authorization")!);
        Assert.Equal("AKIDROTATING0000001", a1.AccessKey);
        Assert.Equal("AKIDROTATING0000002", a2.AccessKey);
        Assert.Equal(SigV4Reference.ExpectedSignature(server.Requests[0], "secret-number-0000001"), a1.Signature);
        Assert.Equal(SigV4Reference.ExpectedSignature(server.Requests[1], "secret-number-0000002"), a2.Signature);
        Assert.Equal("token-2", server.Requests[1].Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task SigningRegion_IsTheResolvedRegion()
    {
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server, o => o.Region = "eu-west-2");
        await client.DescribeJobAsync("j1");
        var auth = SigV4Reference.ParseAuthorization(server.Last.Header("Authorization")!);
        Assert.Equal("eu-west-2", auth.Region);
        Assert.Equal(IoTJobsClient.SigningName, auth.Service);
        Assert.Equal(SigV4Reference.ExpectedSignature(server.Last, TestClients.SecretKey), auth.Signature);
    }

    [SkippableFact]
    public async Task Signature_MatchesBotocore()
    {
        Skip.IfNot(Python.Has("botocore"), "python3 with botocore is not installed");
        await using var server = ScriptedServer.Start(Reply.Ok());
        using var client = TestClients.For(server, o => o.SessionToken = TestClients.SessionToken);
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest
        {
            ThingName = "dev:colon_1", JobId = "job1", Force = true, ExpectedVersion = 2,
            StatusDetails = new Dictionary<string, string> { ["k"] = "v w" },
        });
        var r = server.Last;
        var auth = SigV4Reference.ParseAuthorization(r.Header("Authorization")!);
        var input = JsonSerializer.Serialize(new
        {
            method = r.Method,
            url = "http://" + r.Header("Host") + r.Target,
            headers = auth.SignedHeaders.ToDictionary(h => h, h => r.Header(h)),
            body = Convert.ToBase64String(r.Body),
            amzdate = r.Header("X-Amz-Date"),
            region = auth.Region,
            service = auth.Service,
            ak = TestClients.AccessKey,
            sk = TestClients.SecretKey,
            token = TestClients.SessionToken,
        });
        Assert.Equal(auth.Signature, Python.Run(BotocoreScript, input));
    }

    private const string BotocoreScript = """
import sys, json, base64
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
d = json.loads(sys.stdin.read())
req = AWSRequest(method=d['method'], url=d['url'], data=base64.b64decode(d['body']), headers=d['headers'])
auth = SigV4Auth(Credentials(d['ak'], d['sk'], d['token']), d['service'], d['region'])
req.context['timestamp'] = d['amzdate']
canonical = auth.canonical_request(req)
sts = auth.string_to_sign(req, canonical)
print(auth.signature(sts, req))
""";

    /// <summary>Credentials that change on every resolution, like a refreshing role session.</summary>
    private sealed class RotatingCredentials : AWSCredentials
    {
        private int _n;
        public override ImmutableCredentials GetCredentials()
        {
            int n = Interlocked.Increment(ref _n);
            return new ImmutableCredentials($"AKIDROTATING{n:0000000}", $"secret-number-{n:0000000}", $"token-{n}");
        }
    }
}
