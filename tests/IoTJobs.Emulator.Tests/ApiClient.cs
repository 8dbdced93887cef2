using IoTJobs.Emulator.Auth;
using System.Net;
using System.Text;
using System.Text.Json;

namespace IoTJobs.Emulator.Tests;

/// <summary>Result of one call: status, AWS error code (x-amzn-ErrorType), parsed JSON body.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string? ErrorCode, JsonElement Body, string RawBody, string? RequestId)
{
    public int Code => (int)Status;
    public string Message => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
}

/// <summary>Signs requests with the emulator's own SigV4 signer and sends them to a running host.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SigV4Signer _signer;

    public ApiClient(Uri baseAddress, string accessKey = "test", string secretKey = "test", string region = "us-east-1", string? sessionToken = null)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _signer = new SigV4Signer(accessKey, secretKey, region, sessionToken);
    }

    public DateTimeOffset? SigningTime { get; set; }

    public Task<ApiResponse> Control(HttpMethod method, string pathAndQuery, object? body = null) => Send(method, pathAndQuery, "iot", body);

    public Task<ApiResponse> Data(HttpMethod method, string pathAndQuery, object? body = null) => Send(method, pathAndQuery, "iot-jobs-data", body);

    /// <summary>The IoT data plane (iot-data: device shadows), signed as botocore signs it ('iotdata').</summary>
    public Task<ApiResponse> Shadow(HttpMethod method, string pathAndQuery, object? body = null) => Send(method, pathAndQuery, "iotdata", body);

    public async Task<ApiResponse> Send(HttpMethod method, string pathAndQuery, string service, object? body = null,
        Action<HttpRequestMessage>? afterSign = null, string? rawBody = null)
    {
        using var req = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, pathAndQuery));
        if (rawBody != null)
        {
            req.Content = new StringContent(rawBody, Encoding.UTF8);
            req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        else if (body != null)
        {
            req.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
            req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        await _signer.SignAsync(req, service, SigningTime);
        afterSign?.Invoke(req);
        return await SendRaw(req);
    }

    public async Task<ApiResponse> SendRaw(HttpRequestMessage req)
    {
        using var resp = await _http.SendAsync(req);
        return await Read(resp);
    }

    public static async Task<ApiResponse> Read(HttpResponseMessage resp)
    {
        string text = await resp.Content.ReadAsStringAsync();
        string? code = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
        string? rid = resp.Headers.TryGetValues("x-amzn-RequestId", out var r) ? r.First() : null;
        JsonElement body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(resp.StatusCode, code, body, text, rid);
    }

    public HttpClient Http => _http;

    public void Dispose() => _http.Dispose();

    // ---- convenience wrappers ----

    public static string Arn(string thing) => $"arn:aws:iot:us-east-1:123456789012:thing/{thing}";

    public static string Esc(string s) => Uri.EscapeDataString(s);

    public Task<ApiResponse> CreateThing(string name, object? body = null) => Control(HttpMethod.Post, $"things/{Esc(name)}", body ?? new { });

    public Task<ApiResponse> CreateJob(string jobId, params string[] things) =>
        Control(HttpMethod.Put, $"jobs/{jobId}", new { targets = things.Select(Arn).ToArray(), document = "{\"op\":\"x\"}" });

    public Task<ApiResponse> Cancel(string thing, string job, bool? force = null, object? body = null) =>
        Control(HttpMethod.Put, $"things/{Esc(thing)}/jobs/{job}/cancel" + (force == null ? "" : $"?force={(force.Value ? "true" : "false")}"), body ?? new { });

    public Task<ApiResponse> Describe(string thing, string job) => Control(HttpMethod.Get, $"things/{Esc(thing)}/jobs/{job}");

    public Task<ApiResponse> StartNext(string thing, object? body = null) => Data(HttpMethod.Put, $"things/{Esc(thing)}/jobs/$next", body ?? new { });

    public Task<ApiResponse> Update(string thing, string job, object body) => Data(HttpMethod.Post, $"things/{Esc(thing)}/jobs/{job}", body);

    public Task<ApiResponse> UpdateShadow(string thing, object document) => Shadow(HttpMethod.Post, $"things/{Esc(thing)}/shadow", document);

    public Task<ApiResponse> GetShadow(string thing) => Shadow(HttpMethod.Get, $"things/{Esc(thing)}/shadow");

    /// <summary>UpdateIndexingConfiguration with the two thing modes.</summary>
    public Task<ApiResponse> Indexing(string thingIndexingMode, string thingConnectivityIndexingMode = "OFF") =>
        Control(HttpMethod.Post, "indexing/config", new { thingIndexingConfiguration = new { thingIndexingMode, thingConnectivityIndexingMode } });

    public Task<ApiResponse> Search(string queryString, int? maxResults = null, string? nextToken = null, string? indexName = null) =>
        Control(HttpMethod.Post, "indices/search", new Dictionary<string, object?>
        {
            ["queryString"] = queryString, ["maxResults"] = maxResults, ["nextToken"] = nextToken, ["indexName"] = indexName,
        }.Where(p => p.Value != null).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>The thing names of a successful SearchIndex answer, in the order returned.</summary>
    public static IReadOnlyList<string> ThingNames(ApiResponse search) =>
        search.Body.GetProperty("things").EnumerateArray().Select(t => t.GetProperty("thingName").GetString()!).ToList();
}
