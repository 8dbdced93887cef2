using IoTJobs.Emulator.Auth;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IoTJobs.Emulator.Tests.Http;

/// <summary>Validation errors, unknown paths and malformed input: always an AWS-style 4xx, never a 500.</summary>
public sealed class RobustnessTests : EmulatorTestBase
{
    [Theory]
    [InlineData("things/bad%20name")]
    [InlineData("things/bad.name")]
    [InlineData("things/bad%2Fname")]
    public async Task Bad_thing_names_are_InvalidRequest(string path)
    {
        var r = await Api.Control(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
        Assert.Contains("thingName", r.Message);
    }

    [Fact]
    public async Task Thing_name_length_limits()
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateThing(new string('a', 128))).Status);
        Assert.Equal("InvalidRequestException", (await Api.CreateThing(new string('a', 129))).ErrorCode);
    }

    [Theory]
    [InlineData("jobs/job.1")]
    [InlineData("jobs/job:1")]
    [InlineData("things/t/jobs/job.1")]
    [InlineData("things/t/jobs/job:1/cancel")]
    public async Task Bad_job_ids_are_InvalidRequest(string path)
    {
        var method = path.EndsWith("cancel") ? HttpMethod.Put : HttpMethod.Get;
        var r = await Api.Control(method, path, method == HttpMethod.Put ? new { } : null);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
        Assert.Contains("jobId", r.Message);
    }

    [Fact]
    public async Task Job_id_length_limit_is_64()
    {
        await Api.CreateThing("a");
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateJob(new string('j', 64), "a")).Status);
        Assert.Equal("InvalidRequestException", (await Api.CreateJob(new string('j', 65), "a")).ErrorCode);
    }

    [Theory]
    [InlineData("GET", "nothing/here")]
    [InlineData("GET", "")]
    [InlineData("PATCH", "jobs/j")]
    [InlineData("POST", "jobs")]
    [InlineData("GET", "things/a/jobs/j/cancel")]
    [InlineData("GET", "things/a/b/c/d/e/f/g")]
    public async Task Unknown_paths_are_404_with_an_AWS_error(string method, string path)
    {
        var r = await Api.Control(new HttpMethod(method), path, method is "GET" ? null : new { });
        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        Assert.Equal("UnknownOperationException", r.ErrorCode);
        Assert.False(string.IsNullOrEmpty(r.Message));
    }

    [Fact]
    public async Task Unknown_paths_are_404_even_unsigned_but_known_paths_need_a_signature()
    {
        using var unknown = await Api.Http.GetAsync("favicon.ico");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("UnknownOperationException", unknown.Headers.GetValues("x-amzn-ErrorType").Single());
        using var known = await Api.Http.GetAsync("jobs");
        Assert.Equal(HttpStatusCode.Forbidden, known.StatusCode);
    }

    public static TheoryData<string, string, string> MalformedRequests() => new()
    {
        { "POST", "things/a", "{" },
        { "POST", "things/a", "{\"attributePayload\": 5}" },
        { "POST", "things/a", "{\"attributePayload\": {\"attributes\": [1]}}" },
        { "POST", "things/a", "{\"thingTypeName\": {}}" },
        { "PUT", "jobs/j", "[]" },
        { "PUT", "jobs/j", "{\"targets\": [null], \"document\": \"{}\"}" },
        { "PUT", "jobs/j", "{\"targets\": [5], \"document\": \"{}\"}" },
        { "PUT", "jobs/j", "{\"targets\": [\"x\"], \"document\": 7}" },
        { "PUT", "jobs/j", "{\"targets\": [\"x\"], \"document\": \"{}\", \"timeoutConfig\": {\"inProgressTimeoutInMinutes\": \"x\"}}" },
        { "PUT", "jobs/j", new string('[', 200) },
        { "PUT", "jobs/j/cancel", "{\"reasonCode\": 5}" },
        { "PUT", "things/a/jobs/j/cancel", "{\"statusDetails\": null, \"expectedVersion\": true}" },
        { "PUT", "things/a/jobs/j/cancel", "\u00ff\u00fe" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Malformed_requests_are_400(string method, string path, string body)
    {
        await Api.CreateThing("a");
        await Api.CreateJob("j", "a");
        var r = await Api.Send(new HttpMethod(method), path, "iot", rawBody: body);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("InvalidRequestException", r.ErrorCode);
    }

    [Fact]
    public async Task Every_response_has_a_request_id_and_errors_have_the_error_header_and_message()
    {
        var responses = new[]
        {
            await Api.Control(HttpMethod.Get, "things"),
            await Api.Control(HttpMethod.Get, "things/none"),
            await Api.Data(HttpMethod.Get, "things/none/jobs"),
        };
        Assert.Equal(3, responses.Select(r => r.RequestId).Distinct().Count());
        Assert.All(responses, r => Assert.True(Guid.TryParse(r.RequestId, out _)));
        Assert.Null(responses[0].ErrorCode);
        Assert.Equal("ResourceNotFoundException", responses[1].ErrorCode);
        Assert.Contains("none", responses[1].Message);
        Assert.Equal(HttpStatusCode.NotFound, responses[2].Status);
    }

    [Fact]
    public async Task Random_garbage_over_a_raw_socket_never_gets_a_500_and_the_server_survives()
    {
        var garbage = new[]
        {
            "GET /things/%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/iot/aws4_request, SignedHeaders=host, Signature=00\r\n\r\n",
            "PUT /jobs/j HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{{{{{",
            "GET /_emulator/nope HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /_emulator/seed HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{x}",
            "POST /_emulator/seed HTTP/1.1\r\nHost: x\r\nContent-Length: 34\r\n\r\n{\"jobId\":\"bad id\",\"thingNames\":[]}",
            "GARBAGE\r\n\r\n",
        };
        foreach (string g in garbage)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(g));
            var buf = new byte[4096];
            int n = await stream.ReadAsync(buf);
            string head = Encoding.ASCII.GetString(buf, 0, n);
            Assert.StartsWith("HTTP/1.1 4", head);
        }
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "things")).Status);
    }

    // ---- issue 6: hostile input of every size and encoding: always 4xx, never 500, and the server keeps serving

    private async Task<string> RawHead(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port);
        var stream = client.GetStream();
        try { await stream.WriteAsync(request); } catch (IOException) { /* the server may answer and close before reading it all */ }
        var buf = new byte[4096];
        int n;
        try { n = await stream.ReadAsync(buf).AsTask().WaitAsync(TimeSpan.FromSeconds(20)); }
        catch (IOException) { n = 0; }
        return Encoding.ASCII.GetString(buf, 0, n).Split("\r\n")[0];
    }

    public static TheoryData<string, string> HostileRawRequests() => new()
    {
        { "64 KB header", "GET /jobs HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 64 * 1024) + "\r\n\r\n" },
        { "200 headers", "GET /jobs HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n")) + "\r\n" },
        { "16 KB request target", "GET /things/" + new string('a', 16 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n" },
        { "bad percent-encoding in the query", "GET /jobs?status=%G1&maxResults=%%% HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/iot/aws4_request, SignedHeaders=host, Signature=00\r\n\r\n" },
        { "invalid UTF-8 percent-encoded in the path", "GET /things/%C3%28/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/iot/aws4_request, SignedHeaders=host, Signature=00\r\n\r\n" },
        { "garbled Authorization header", "GET /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 ,,,==,Credential\r\n\r\n" },
        { "Authorization with a 10 KB credential", "GET /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + new string('k', 10_000) + "/20200101/us-east-1/iot/aws4_request, SignedHeaders=host, Signature=00\r\n\r\n" },
        { "Content-Length larger than the body sent", "PUT /things/a/jobs/j/cancel HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{}" },
        { "negative Content-Length", "PUT /jobs/j HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n" },
        { "unknown HTTP method", "BREW /jobs HTTP/1.1\r\nHost: x\r\n\r\n" },
        { "HTTP/1.0 without Host", "GET /jobs HTTP/1.0\r\n\r\n" },
        { "NUL bytes in the target", "GET /things/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(HostileRawRequests))]
    public async Task Hostile_raw_requests_get_a_4xx_and_the_server_keeps_serving(string name, string request)
    {
        string head = await RawHead(Encoding.Latin1.GetBytes(request));
        if (name == "Content-Length larger than the body sent")
        {
            // The server waits for the rest of the body; the client gave up (no answer is due). Nothing broke.
            Assert.True(head.Length == 0 || head.StartsWith("HTTP/1.1 4"), $"{name}: {head}");
        }
        else
        {
            Assert.True(head.StartsWith("HTTP/1.1 4"), $"{name}: '{head}'");
        }
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "things")).Status);
    }

    [Fact]
    public async Task A_10_MB_signed_body_of_garbage_is_400_and_a_10_MB_unsigned_one_403()
    {
        await Api.CreateThing("big");
        await Api.CreateJob("bigjob", "big");
        var garbage = new string('x', 10 * 1024 * 1024);
        var signed = await Api.Send(HttpMethod.Put, "things/big/jobs/bigjob/cancel", "iot", rawBody: garbage);
        Assert.Equal(HttpStatusCode.BadRequest, signed.Status);
        Assert.Equal("InvalidRequestException", signed.ErrorCode);

        using var unsigned = new HttpRequestMessage(HttpMethod.Put, "things/big/jobs/bigjob/cancel") { Content = new StringContent(garbage) };
        using var r = await Api.Http.SendAsync(unsigned);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal("QUEUED", Store.DescribeJobExecution("big", "bigjob").Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "things")).Status);
    }

    public static TheoryData<string, byte[]> BadBodies() => new()
    {
        { "invalid UTF-8", new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' } },
        { "lone surrogate escape", Encoding.ASCII.GetBytes("{\"statusDetails\":{\"k\":\"\\ud800\"}}") },
        { "UTF-16 body", Encoding.Unicode.GetBytes("{\"expectedVersion\":1}") },
        { "deeply nested", Encoding.ASCII.GetBytes(new string('{', 5000)) },
        { "number too large", Encoding.ASCII.GetBytes("{\"expectedVersion\":1e400}") },
        { "NUL bytes", new byte[] { 0, 0, 0, 0 } },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Signed_cancels_with_broken_bodies_are_400_and_change_nothing(string name, byte[] body)
    {
        await Api.CreateThing("bb");
        await Api.CreateJob("bbjob", "bb");
        using var req = new HttpRequestMessage(HttpMethod.Put, new Uri(Host.BaseAddress, "things/bb/jobs/bbjob/cancel")) { Content = new ByteArrayContent(body) };
        req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await new SigV4Signer("test", "test", "us-east-1").SignAsync(req, "iot");
        var r = await Api.SendRaw(req);
        Assert.True(r.Status == HttpStatusCode.BadRequest, $"{name}: {(int)r.Status} {r.ErrorCode} {r.Message}");
        Assert.Equal("InvalidRequestException", r.ErrorCode);
        Assert.Equal("QUEUED", Store.DescribeJobExecution("bb", "bbjob").Status);
    }
}
