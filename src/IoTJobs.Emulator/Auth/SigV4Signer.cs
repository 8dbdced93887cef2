using System.Globalization;
using System.Net.Http.Headers;

namespace IoTJobs.Emulator.Auth;

/// <summary>Signs an <see cref="HttpRequestMessage"/> with SigV4 (used by the seed command and by tests).</summary>
public sealed class SigV4Signer
{
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly string? _sessionToken;

    public SigV4Signer(string accessKey, string secretKey, string region, string? sessionToken = null)
    {
        _accessKey = accessKey;
        _secretKey = secretKey;
        _sessionToken = sessionToken;
        Region = region;
    }

    public string Region { get; }

    /// <summary>Adds X-Amz-Date, X-Amz-Security-Token (if any) and Authorization. Signs host, x-amz-date, content-type and the token.</summary>
    public async Task SignAsync(HttpRequestMessage request, string service, DateTimeOffset? now = null, CancellationToken ct = default)
    {
        Uri uri = request.RequestUri ?? throw new ArgumentException("RequestUri is required.", nameof(request));
        if (!uri.IsAbsoluteUri)
            throw new ArgumentException("RequestUri must be absolute (the host is part of the signature).", nameof(request));
        DateTime t = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        string amzDate = t.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        string date = amzDate[..8];

        byte[] body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);

        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.Remove("X-Amz-Security-Token");
        if (_sessionToken != null) request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", _sessionToken);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (_sessionToken != null) headers["x-amz-security-token"] = _sessionToken;
        MediaTypeHeaderValue? contentType = request.Content?.Headers.ContentType;
        if (contentType != null) headers["content-type"] = contentType.ToString();

        var names = headers.Keys.ToList();
        string canonical = SigV4.CanonicalRequest(request.Method.Method, uri.AbsolutePath, uri.Query, names,
            h => headers.TryGetValue(h, out var v) ? new[] { v } : null, SigV4.HexSha256(body));
        string scope = SigV4.Scope(date, Region, service);
        string signature = SigV4.Signature(_secretKey, date, Region, service, SigV4.StringToSign(amzDate, scope, canonical));

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4.Algorithm} Credential={_accessKey}/{scope}, SignedHeaders={string.Join(";", names)}, Signature={signature}");
    }
}
