using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>
/// An independent, hand-written SigV4 verifier working from the raw bytes a server receives (AWS's published
/// algorithm, non-S3 flavour: the received, already-encoded path is URI-encoded once more).
/// </summary>
public static class SigV4Reference
{
    public sealed record Parsed(string AccessKey, string Date, string Region, string Service, string[] SignedHeaders, string Signature);

    public static Parsed ParseAuthorization(string authorization)
    {
        var m = Regex.Match(authorization,
            @"^AWS4-HMAC-SHA256 Credential=(?<ak>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<svc>[^/]+)/aws4_request, ?SignedHeaders=(?<sh>[^,]+), ?Signature=(?<sig>[0-9a-f]{64})$");
        if (!m.Success) throw new FormatException("Unexpected Authorization header shape.");
        return new Parsed(m.Groups["ak"].Value, m.Groups["date"].Value, m.Groups["region"].Value, m.Groups["svc"].Value,
            m.Groups["sh"].Value.Split(';'), m.Groups["sig"].Value);
    }

    /// <param name="doubleEncodePath">true: AWS's rule for every non-S3 service. false: the S3 rule, as a negative control.</param>
    public static string CanonicalRequest(RecordedRequest r, string[] signedHeaders, bool doubleEncodePath = true)
    {
        var path = doubleEncodePath ? string.Join("/", r.RawPath.Split('/').Select(UriEncode)) : r.RawPath;
        var query = r.RawQuery.Length == 0 ? "" : string.Join("&", r.RawQuery.Split('&')
            .Select(p => p.Split('=', 2))
            .Select(p => (k: UriEncode(Uri.UnescapeDataString(p[0])), v: UriEncode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")))
            .OrderBy(p => p.k, StringComparer.Ordinal).ThenBy(p => p.v, StringComparer.Ordinal)
            .Select(p => p.k + "=" + p.v));
        var headers = string.Concat(signedHeaders.Select(h => h + ":" + Regex.Replace(r.Header(h)?.Trim() ?? throw new InvalidOperationException($"signed header {h} missing"), " +", " ") + "\n"));
        return $"{r.Method}\n{path}\n{query}\n{headers}\n{string.Join(";", signedHeaders)}\n{Hex(SHA256.HashData(r.Body))}";
    }

    public static string ExpectedSignature(RecordedRequest r, string secretKey, bool doubleEncodePath = true)
    {
        var auth = ParseAuthorization(r.Header("Authorization")!);
        var amzDate = r.Header("X-Amz-Date")!;
        var canonical = CanonicalRequest(r, auth.SignedHeaders, doubleEncodePath);
        var scope = $"{auth.Date}/{auth.Region}/{auth.Service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), auth.Date);
        key = Hmac(key, auth.Region);
        key = Hmac(key, auth.Service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>AWS UriEncode: unreserved characters kept, everything else %XX (uppercase hex) of its UTF-8 bytes.</summary>
    public static string UriEncode(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }

    /// <summary>The request's X-Amz-Date: the time it was signed with.</summary>
    public static DateTime SignedAt(RecordedRequest r) => ParseAmzDate(r.Header("X-Amz-Date")!);

    public static DateTime ParseAmzDate(string value) =>
        DateTime.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    public static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
}
