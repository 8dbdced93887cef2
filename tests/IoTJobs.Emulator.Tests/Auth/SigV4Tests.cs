using IoTJobs.Emulator.Auth;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using IoTJobs.Emulator.Hosting;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Tests.Auth;

/// <summary>SigV4 verification: AWS's published test-suite vectors, plus good and bad requests against a live host.</summary>
public sealed class SigV4Tests : EmulatorTestBase
{
    // The emulator's clock stands at a whole second: a signing time is exactly so far from it.
    private readonly FakeTimeProvider _clock = TestClock.Stopped();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock };

    private const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset VectorTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static SigV4Request VectorRequest(string method, string path, string query, string authorization, params (string, string)[] extra)
    {
        var headers = new Dictionary<string, string>
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
            ["authorization"] = authorization,
        };
        foreach (var (k, v) in extra) headers[k] = v;
        return new SigV4Request
        {
            Method = method, RawPath = path, RawQuery = query, Body = Array.Empty<byte>(),
            Headers = h => headers.TryGetValue(h, out var v) ? new[] { v } : null,
        };
    }

    // Expected signatures are AWS's published aws-sig-v4-test-suite values (get-vanilla,
    // get-vanilla-query-order-key-case, post-vanilla); botocore's SigV4Auth computes the same.
    [Theory]
    [InlineData("GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("GET", "/", "Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    public void Published_vectors_verify_and_a_changed_signature_does_not(string method, string path, string query, string signature)
    {
        string auth = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}";
        string service = SigV4Verifier.Verify(VectorRequest(method, path, query, auth), "AKIDEXAMPLE", ExampleSecret, "us-east-1", VectorTime);
        Assert.Equal("service", service);

        string bad = auth[..^1] + (auth[^1] == '0' ? '1' : '0');
        var ex = Assert.Throws<EmulatorApiException>(() =>
            SigV4Verifier.Verify(VectorRequest(method, path, query, bad), "AKIDEXAMPLE", ExampleSecret, "us-east-1", VectorTime));
        Assert.Equal("InvalidSignatureException", ex.ErrorCode);
        Assert.Equal(403, ex.StatusCode);
    }

    [Fact]
    public void Vector_with_session_token_matches_botocore()
    {
        // Signature computed with botocore 1.43 SigV4Auth for GET / with X-Amz-Security-Token signed.
        const string token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
        string auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=c8db8b9676d526f735dac5330f17623554c6cad1e2980d321903e9a3884c051b";
        Assert.Equal("service", SigV4Verifier.Verify(VectorRequest("GET", "/", "", auth, ("x-amz-security-token", token)),
            "AKIDEXAMPLE", ExampleSecret, "us-east-1", VectorTime));
    }

    [Fact]
    public void Canonical_uri_encodes_the_raw_path_a_second_time()
    {
        Assert.Equal("/things/dev%253A1/jobs/j", SigV4.CanonicalUri("/things/dev%3A1/jobs/j"));
        Assert.Equal("/things/t/jobs/%24next", SigV4.CanonicalUri("/things/t/jobs/$next"));
        Assert.Equal("a=1&b=%2F%3D&b=x", SigV4.CanonicalQuery("b=x&b=%2f%3d&a=1"));
    }

    [Fact]
    public async Task Good_signature_is_accepted_and_thing_name_with_colon_works()
    {
        var r = await Api.CreateThing("dev:colon_1");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var d = await Api.Control(HttpMethod.Get, "things/dev%3Acolon_1");
        Assert.Equal(HttpStatusCode.OK, d.Status);
        Assert.Equal("dev:colon_1", d.Body.GetProperty("thingName").GetString());
        Assert.Equal(1, Host.RequestCount("DescribeThing"));
    }

    [Fact]
    public async Task Wrong_secret_gives_InvalidSignatureException()
    {
        using var bad = new ApiClient(Host.BaseAddress, secretKey: "not-the-secret");
        var r = await bad.CreateThing("a");
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
        Assert.DoesNotContain("not-the-secret", r.RawBody);
        Assert.Equal(0, Store.ThingCount);
    }

    [Fact]
    public async Task Tampered_body_gives_InvalidSignatureException()
    {
        var r = await Api.Send(HttpMethod.Post, "things/a", "iot", new { thingTypeName = "t1" }, afterSign: req =>
        {
            req.Content = new StringContent("{\"thingTypeName\":\"t2\"}", Encoding.UTF8);
            req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        });
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
    }

    [Fact]
    public async Task Mismatched_content_sha256_header_is_rejected()
    {
        var r = await Api.Send(HttpMethod.Post, "things/a", "iot", new { }, afterSign: req =>
            req.Headers.TryAddWithoutValidation("x-amz-content-sha256", SigV4.EmptyPayloadHash));
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
    }

    [Fact]
    public async Task Unknown_access_key_gives_UnrecognizedClientException()
    {
        using var bad = new ApiClient(Host.BaseAddress, accessKey: "AKIDOTHER");
        var r = await bad.Control(HttpMethod.Get, "things");
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("UnrecognizedClientException", r.ErrorCode);
    }

    [Fact]
    public async Task Missing_authorization_gives_MissingAuthenticationTokenException()
    {
        using var resp = await Api.Http.GetAsync("things");
        var r = await ApiClient.Read(resp);
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("MissingAuthenticationTokenException", r.ErrorCode);
        Assert.True(Guid.TryParse(r.RequestId, out _));
    }

    [Theory]
    [InlineData(-16, "Signature expired")]
    [InlineData(16, "Signature not yet current")]
    public async Task Request_time_more_than_15_minutes_off_is_rejected(int minutes, string text)
    {
        Api.SigningTime = _clock.GetUtcNow().AddMinutes(minutes);
        var r = await Api.Control(HttpMethod.Get, "things");
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
        Assert.Contains(text, r.Message);
    }

    [Fact]
    public async Task Request_time_14_minutes_off_is_accepted()
    {
        Api.SigningTime = _clock.GetUtcNow().AddMinutes(-14);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "things")).Status);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Request_time_exactly_15_minutes_off_is_accepted_and_a_second_more_is_not(int direction)
    {
        Api.SigningTime = _clock.GetUtcNow().AddMinutes(15 * direction);
        Assert.Equal(HttpStatusCode.OK, (await Api.Control(HttpMethod.Get, "things")).Status);
        Api.SigningTime = _clock.GetUtcNow().AddMinutes(15 * direction).AddSeconds(direction);
        Assert.Equal("InvalidSignatureException", (await Api.Control(HttpMethod.Get, "things")).ErrorCode);
    }

    [Fact]
    public async Task Signed_session_token_is_accepted_and_unsigned_one_rejected()
    {
        using var withToken = new ApiClient(Host.BaseAddress, sessionToken: "FwoGZXIvYXdzEXAMPLESESSIONTOKEN");
        Assert.Equal(HttpStatusCode.OK, (await withToken.Control(HttpMethod.Get, "things")).Status);

        var r = await Api.Send(HttpMethod.Get, "things", "iot", afterSign: req =>
            req.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"));
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
        Assert.DoesNotContain("FwoGZXIvYXdzEXAMPLESESSIONTOKEN", r.RawBody);
    }

    [Fact]
    public async Task Signature_with_token_mismatch_does_not_echo_the_token()
    {
        using var withToken = new ApiClient(Host.BaseAddress, secretKey: "wrong", sessionToken: "SECRET-SESSION-TOKEN-VALUE");
        var r = await withToken.Control(HttpMethod.Get, "things");
        Assert.Equal("InvalidSignatureException", r.ErrorCode);
        Assert.Contains("Canonical String", r.Message);
        Assert.DoesNotContain("SECRET-SESSION-TOKEN-VALUE", r.RawBody);
    }

    [Fact]
    public async Task Wrong_region_and_unknown_service_are_rejected()
    {
        using var eu = new ApiClient(Host.BaseAddress, region: "eu-west-1");
        Assert.Equal("InvalidSignatureException", (await eu.Control(HttpMethod.Get, "things")).ErrorCode);
        var s3 = await Api.Send(HttpMethod.Get, "things", "s3");
        Assert.Equal(HttpStatusCode.Forbidden, s3.Status);
        Assert.Contains("scoped to correct service", s3.Message);
    }

    [Fact]
    public async Task Legacy_execute_api_scope_reaches_the_control_plane()
    {
        await Api.CreateThing("d1");
        var r = await Api.Send(HttpMethod.Get, "things/d1", "execute-api");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(1, Host.RequestCount("DescribeThing"));
    }

    [Fact]
    public async Task Malformed_authorization_header_is_a_4xx()
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "things"));
        req.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 garbage");
        req.Headers.TryAddWithoutValidation("X-Amz-Date", _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'"));
        var r = await Api.SendRaw(req);
        Assert.InRange(r.Code, 400, 403);
        Assert.Equal("IncompleteSignatureException", r.ErrorCode);
    }
}
